package org.iseg.metrics.segmentation;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * COCOeval's accumulated arrays and the 12 summary numbers. Indices follow {@code eval['precision']}: t over the
 * IoU thresholds .50:.05:.95, r over the 101 recall points, k over {@link #categoryIds()}, a over the area ranges
 * all / small / medium / large, m over maxDets 1 / 10 / 100. −1 marks "no ground truth" (left out of means).
 */
public final class CocoEvalResult {
  /** Names of {@link #stats()}, in order. */
  public static final List<String> STAT_NAMES = List.of("AP", "AP50", "AP75", "APs", "APm", "APl", "AR1", "AR10",
      "AR100", "ARs", "ARm", "ARl");

  private final List<Integer> categoryIds;
  private final double[] precision;
  private final double[] recall;
  private final double[] scores;
  private final double[] stats;

  CocoEvalResult(List<Integer> categoryIds, double[] precision, double[] recall, double[] scores) {
    this.categoryIds = List.copyOf(categoryIds);
    this.precision = precision;
    this.recall = recall;
    this.scores = scores;
    int max = CocoEval.MAX_DETS[2];
    this.stats = new double[] {
      summarize(true, OptionalDouble.empty(), "all", max),
      summarize(true, OptionalDouble.of(.5), "all", max),
      summarize(true, OptionalDouble.of(.75), "all", max),
      summarize(true, OptionalDouble.empty(), "small", max),
      summarize(true, OptionalDouble.empty(), "medium", max),
      summarize(true, OptionalDouble.empty(), "large", max),
      summarize(false, OptionalDouble.empty(), "all", CocoEval.MAX_DETS[0]),
      summarize(false, OptionalDouble.empty(), "all", CocoEval.MAX_DETS[1]),
      summarize(false, OptionalDouble.empty(), "all", max),
      summarize(false, OptionalDouble.empty(), "small", max),
      summarize(false, OptionalDouble.empty(), "medium", max),
      summarize(false, OptionalDouble.empty(), "large", max),
    };
  }

  /** AP, AP50, AP75, APs, APm, APl, AR1, AR10, AR100, ARs, ARm, ARl ({@code COCOeval.stats}). */
  public double[] stats() {
    return stats.clone();
  }

  /** AP at IoU .50:.95, all areas, 100 detections: the headline "mask mAP". */
  public double ap() {
    return stats[0];
  }

  public double ap50() {
    return stats[1];
  }

  public double ap75() {
    return stats[2];
  }

  /** AR at IoU .50:.95, all areas, 100 detections. */
  public double ar100() {
    return stats[8];
  }

  /** Category ids, ascending: index k of the arrays. */
  public List<Integer> categoryIds() {
    return categoryIds;
  }

  /** {@code eval['precision'][t, r, k, a, m]}. */
  public double precision(int t, int r, int k, int a, int m) {
    return precision[index(t, r, k, a, m)];
  }

  /** {@code eval['scores'][t, r, k, a, m]}: the score at which that precision is reached. */
  public double score(int t, int r, int k, int a, int m) {
    return scores[index(t, r, k, a, m)];
  }

  /** {@code eval['recall'][t, k, a, m]}. */
  public double recall(int t, int k, int a, int m) {
    check(t, 0, k, a, m);
    return recall[((t * categoryIds.size() + k) * areas() + a) * maxDets() + m];
  }

  /**
   * {@code _summarize}: the mean of precision (or recall) over the IoU thresholds (or the one given), recall points
   * and categories at one area range ("all", "small", "medium", "large") and maxDets (1, 10, 100), leaving out −1;
   * −1 when nothing is left.
   */
  public double summarize(boolean averagePrecision, OptionalDouble iouThreshold, String area, int maxDets) {
    return mean(averagePrecision, iouThreshold, area, maxDets, -1);
  }

  /** One category's AP ({@code precision[:, :, k, a, m]} averaged over entries > −1); −1 without ground truth. */
  public double categoryAp(int categoryId, OptionalDouble iouThreshold, String area, int maxDets) {
    int k = categoryIds.indexOf(categoryId);
    if (k < 0) {
      throw new IllegalArgumentException("category " + categoryId + " is not one of " + categoryIds);
    }
    return mean(true, iouThreshold, area, maxDets, k);
  }

  /** The 12 lines {@code COCOeval.summarize()} prints. */
  public List<String> summary() {
    List<String> lines = new ArrayList<>();
    int max = CocoEval.MAX_DETS[2];
    Object[][] rows = {
      {true, null, "all", max}, {true, .5, "all", max}, {true, .75, "all", max}, {true, null, "small", max},
      {true, null, "medium", max}, {true, null, "large", max}, {false, null, "all", CocoEval.MAX_DETS[0]},
      {false, null, "all", CocoEval.MAX_DETS[1]}, {false, null, "all", max}, {false, null, "small", max},
      {false, null, "medium", max}, {false, null, "large", max},
    };
    for (int i = 0; i < rows.length; i++) {
      boolean ap = (Boolean) rows[i][0];
      String iou = rows[i][1] == null
          ? String.format(Locale.ROOT, "%.2f:%.2f", CocoEval.IOU_THRESHOLDS[0], CocoEval.IOU_THRESHOLDS[9])
          : String.format(Locale.ROOT, "%.2f", (Double) rows[i][1]);
      lines.add(String.format(Locale.ROOT, " %-18s %s @[ IoU=%-9s | area=%6s | maxDets=%3d ] = %s",
          ap ? "Average Precision" : "Average Recall", ap ? "(AP)" : "(AR)", iou, rows[i][2], rows[i][3],
          new BigDecimal(stats[i]).setScale(3, RoundingMode.HALF_EVEN).toPlainString()));
    }
    return lines;
  }

  private double mean(boolean ap, OptionalDouble iouThreshold, String area, int maxDets, int onlyCategory) {
    int a = CocoEval.AREA_LABELS.indexOf(area);
    if (a < 0) {
      throw new IllegalArgumentException("area must be one of " + CocoEval.AREA_LABELS + ", got " + area);
    }
    int m = -1;
    for (int i = 0; i < CocoEval.MAX_DETS.length; i++) {
      if (CocoEval.MAX_DETS[i] == maxDets) {
        m = i;
      }
    }
    if (m < 0) {
      throw new IllegalArgumentException("maxDets must be 1, 10 or 100, got " + maxDets);
    }
    int numT = CocoEval.IOU_THRESHOLDS.length;
    int numR = CocoEval.RECALL_THRESHOLDS.length;
    int numK = categoryIds.size();
    double[] values = new double[numT * numR * numK];
    int n = 0;
    for (int t = 0; t < numT; t++) { // C order of s[s > -1]: t, then r, then k
      if (iouThreshold.isPresent() && CocoEval.IOU_THRESHOLDS[t] != iouThreshold.getAsDouble()) {
        continue;
      }
      for (int r = 0; r < (ap ? numR : 1); r++) {
        for (int k = 0; k < numK; k++) {
          if (onlyCategory >= 0 && k != onlyCategory) {
            continue;
          }
          double v = ap ? precision(t, r, k, a, m) : recall(t, k, a, m);
          if (v > -1) {
            values[n++] = v;
          }
        }
      }
    }
    return n == 0 ? -1 : NumpyMath.mean(values, n);
  }

  private int index(int t, int r, int k, int a, int m) {
    check(t, r, k, a, m);
    return (((t * CocoEval.RECALL_THRESHOLDS.length + r) * categoryIds.size() + k) * areas() + a) * maxDets() + m;
  }

  private void check(int t, int r, int k, int a, int m) {
    Objects.checkIndex(t, CocoEval.IOU_THRESHOLDS.length);
    Objects.checkIndex(r, CocoEval.RECALL_THRESHOLDS.length);
    Objects.checkIndex(k, categoryIds.size());
    Objects.checkIndex(a, areas());
    Objects.checkIndex(m, maxDets());
  }

  private static int areas() {
    return CocoEval.AREA_RANGES.length;
  }

  private static int maxDets() {
    return CocoEval.MAX_DETS.length;
  }
}
