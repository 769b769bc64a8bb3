package org.iseg.metrics.segmentation;

/**
 * Per-class pixel areas summed over a data set, and the figures mmsegmentation's {@code IoUMetric} derives from
 * them ({@code total_area_to_metrics}, {@code compute_metrics}), in float64 from the exact integer counts.
 *
 * <p>Per class c: IoU = intersect / union, Acc = Recall = intersect / label, Dice = 2 intersect / (pred +
 * label), Precision = intersect / pred, Fscore = 2 P R / (P + R). A ratio with a zero denominator is NaN (a class
 * absent from ground truth and prediction has IoU NaN; a class only predicted has IoU 0 but Acc NaN), and the
 * means ({@link #meanIou()}, ...) leave NaN classes out, as {@code np.nanmean} does. mmseg prints
 * {@link #percent(double)} of these.
 *
 * @param areaIntersect pixels per class where prediction and ground truth agree
 * @param areaUnion {@code areaPrediction + areaLabel - areaIntersect}
 * @param areaPrediction predicted pixels per class (ignored pixels left out)
 * @param areaLabel ground-truth pixels per class
 */
public record SemanticSegmentationResult(long[] areaIntersect, long[] areaUnion, long[] areaPrediction,
    long[] areaLabel) {

  public SemanticSegmentationResult {
    int n = areaIntersect.length;
    if (areaUnion.length != n || areaPrediction.length != n || areaLabel.length != n) {
      throw new IllegalArgumentException("areas must have one value per class (" + n + ")");
    }
    areaIntersect = areaIntersect.clone();
    areaUnion = areaUnion.clone();
    areaPrediction = areaPrediction.clone();
    areaLabel = areaLabel.clone();
  }

  @Override
  public long[] areaIntersect() {
    return areaIntersect.clone();
  }

  @Override
  public long[] areaUnion() {
    return areaUnion.clone();
  }

  @Override
  public long[] areaPrediction() {
    return areaPrediction.clone();
  }

  @Override
  public long[] areaLabel() {
    return areaLabel.clone();
  }

  public int numClasses() {
    return areaIntersect.length;
  }

  /** aAcc: all agreeing pixels over all labelled pixels (NaN when nothing is labelled). */
  public double allAccuracy() {
    long intersect = 0;
    long label = 0;
    for (int c = 0; c < areaIntersect.length; c++) {
      intersect += areaIntersect[c];
      label += areaLabel[c];
    }
    return (double) intersect / (double) label;
  }

  /** IoU per class. */
  public double[] iou() {
    return ratio(areaIntersect, areaUnion);
  }

  /** Acc per class (= recall). */
  public double[] accuracy() {
    return ratio(areaIntersect, areaLabel);
  }

  /** Precision per class. */
  public double[] precision() {
    return ratio(areaIntersect, areaPrediction);
  }

  /** Recall per class (= Acc). */
  public double[] recall() {
    return accuracy();
  }

  /** Dice per class: {@code 2 intersect / (pred + label)}. */
  public double[] dice() {
    double[] out = new double[areaIntersect.length];
    for (int c = 0; c < out.length; c++) {
      out[c] = 2.0 * areaIntersect[c] / (double) (areaPrediction[c] + areaLabel[c]);
    }
    return out;
  }

  /** F-score (beta 1) per class: {@code (1 + b²) P R / (b² P + R)}, NaN where P or R is. */
  public double[] fscore() {
    double[] p = precision();
    double[] r = recall();
    double[] out = new double[p.length];
    for (int c = 0; c < out.length; c++) {
      out[c] = 2.0 * (p[c] * r[c]) / (p[c] + r[c]);
    }
    return out;
  }

  /** mIoU: the mean IoU over classes whose IoU is defined. */
  public double meanIou() {
    return NumpyMath.nanMean(iou());
  }

  /** mAcc. */
  public double meanAccuracy() {
    return NumpyMath.nanMean(accuracy());
  }

  /** mDice. */
  public double meanDice() {
    return NumpyMath.nanMean(dice());
  }

  /** mFscore. */
  public double meanFscore() {
    return NumpyMath.nanMean(fscore());
  }

  /** mPrecision. */
  public double meanPrecision() {
    return NumpyMath.nanMean(precision());
  }

  /** mRecall (= mAcc). */
  public double meanRecall() {
    return meanAccuracy();
  }

  /** A ratio as mmseg reports it: {@code np.round(ratio * 100, 2)} (half to even). */
  public static double percent(double ratio) {
    return Math.rint(ratio * 100 * 100) / 100;
  }

  /** mmseg's summary line: {@code aAcc, mIoU, mAcc} in percent with 2 decimals. */
  public String summary() {
    return String.format(java.util.Locale.ROOT, "aAcc %.2f  mIoU %.2f  mAcc %.2f", percent(allAccuracy()),
        percent(meanIou()), percent(meanAccuracy()));
  }

  private static double[] ratio(long[] num, long[] den) {
    double[] out = new double[num.length];
    for (int c = 0; c < out.length; c++) {
      out[c] = (double) num[c] / (double) den[c];
    }
    return out;
  }
}
