package org.iseg.engine.training.mask2former;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Mask2Former's {@code MaskHungarianMatcher}: the one-to-one assignment of queries to target segments that
 * minimises {@code costClass · (−p(target class)) + costMask · BCE + costDice · dice}, the two mask costs taken
 * at {@code numPoints} uniform points shared by all predicted and target masks of the image.
 *
 * <p>All of it is a constant for the loss (no gradient), so it runs on plain Java arrays; the points are drawn
 * from {@link PointDraws} (one {@code uniform(1, numPoints)} per image) and the assignment is
 * {@link LinearSumAssignment}.
 *
 * <pre>{@code
 * MaskMatching m = MaskHungarianMatcher.easyCv().match(logits, 20, 13, masks, 56, 96, target, draws);
 * }</pre>
 *
 * @param costClass weight of the class cost
 * @param costMask weight of the point-sampled sigmoid BCE cost
 * @param costDice weight of the point-sampled dice cost
 * @param numPoints points drawn per image
 */
public record MaskHungarianMatcher(double costClass, double costMask, double costDice, int numPoints) {
  public MaskHungarianMatcher {
    checkArgument(costClass != 0 || costMask != 0 || costDice != 0, "all matching costs are 0");
    checkArgument(numPoints > 0, "numPoints %s must be positive", numPoints);
  }

  /** EasyCV's Mask2Former configs: class 2, mask 5, dice 5, 12554 points. */
  public static MaskHungarianMatcher easyCv() {
    return new MaskHungarianMatcher(2.0, 5.0, 5.0, 12554);
  }

  /**
   * Matches one image.
   *
   * @param classLogits queries × classes (the last class is no-object), row-major
   * @param queries number of queries
   * @param classes number of classes including no-object
   * @param maskLogits queries × h × w mask logits
   * @param h mask logit height
   * @param w mask logit width
   * @param target the image's segments
   * @param draws where the shared points come from (one draw)
   */
  public MaskMatching match(
      float[] classLogits,
      int queries,
      int classes,
      float[] maskLogits,
      int h,
      int w,
      MaskSetTarget target,
      PointDraws draws) {
    checkArgument(classLogits.length == queries * classes, "%s class logits for %sx%s", classLogits.length, queries, classes);
    checkArgument(maskLogits.length == queries * h * w, "%s mask logits for %sx%sx%s", maskLogits.length, queries, h, w);
    int targets = target.size();
    for (int label : target.labels()) {
      checkArgument(label >= 0 && label < classes - 1, "target label %s outside [0, %s)", label, classes - 1);
    }
    float[] coords = draws.uniform(1, numPoints);
    checkArgument(coords.length == 2 * numPoints, "a draw of %s points gave %s values", numPoints, coords.length);
    float[] out = PointSampling.sampleAll(maskLogits, queries, h, w, coords);
    float[] tgt = PointSampling.sampleAll(target.masks(), targets, target.height(), target.width(), coords);

    double[] targetSum = new double[targets];
    for (int t = 0; t < targets; t++) {
      double s = 0;
      for (int p = 0; p < numPoints; p++) {
        s += tgt[t * numPoints + p];
      }
      targetSum[t] = s;
    }
    double[][] classCost = new double[queries][targets];
    double[][] maskCost = new double[queries][targets];
    double[][] diceCost = new double[queries][targets];
    double[][] cost = new double[queries][targets];
    double[] pos = new double[numPoints];
    double[] neg = new double[numPoints];
    double[] sig = new double[numPoints];
    for (int q = 0; q < queries; q++) {
      double[] prob = softmax(classLogits, q * classes, classes);
      double sigSum = 0;
      for (int p = 0; p < numPoints; p++) {
        double x = out[q * numPoints + p];
        pos[p] = softplus(-x); // BCE(x, 1)
        neg[p] = softplus(x); // BCE(x, 0)
        sig[p] = 1 / (1 + Math.exp(-x));
        sigSum += sig[p];
      }
      for (int t = 0; t < targets; t++) {
        double bce = 0;
        double inter = 0;
        int base = t * numPoints;
        for (int p = 0; p < numPoints; p++) {
          double y = tgt[base + p];
          bce += pos[p] * y + neg[p] * (1 - y);
          inter += sig[p] * y;
        }
        classCost[q][t] = -prob[target.labels()[t]];
        maskCost[q][t] = bce / numPoints;
        diceCost[q][t] = 1 - (2 * inter + 1) / (sigSum + targetSum[t] + 1);
        cost[q][t] = costMask * maskCost[q][t] + costClass * classCost[q][t] + costDice * diceCost[q][t];
      }
    }
    LinearSumAssignment.Result assignment = LinearSumAssignment.solve(cost);
    return new MaskMatching(assignment.rows(), assignment.cols(), classCost, maskCost, diceCost, cost);
  }

  private static double[] softmax(float[] logits, int from, int n) {
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < n; c++) {
      max = Math.max(max, logits[from + c]);
    }
    double[] p = new double[n];
    double sum = 0;
    for (int c = 0; c < n; c++) {
      p[c] = Math.exp(logits[from + c] - max);
      sum += p[c];
    }
    for (int c = 0; c < n; c++) {
      p[c] /= sum;
    }
    return p;
  }

  /** log(1 + e^x), stable. */
  static double softplus(double x) {
    return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
  }
}
