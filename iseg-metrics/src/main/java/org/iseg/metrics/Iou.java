package org.iseg.metrics;

import org.iseg.api.Mask;

/**
 * Intersection over union of a prediction and a target, over the target's non-ignored pixels, as RITM's
 * {@code isegm/inference/utils.py get_iou}: {@code intersection = pred & gt_obj & !ignore},
 * {@code union = (pred | gt_obj) & !ignore}.
 *
 * <pre>{@code
 * double iou = Iou.of(prediction, target);   // in [0, 1]
 * }</pre>
 *
 * <p>A pixel counts as predicted when it is an object pixel of the prediction mask (a prediction's own
 * ignore pixels, if any, count as not predicted). When the union is empty (empty target and empty prediction
 * outside the ignore region) the IoU is defined as 1: the masks agree everywhere. RITM divides 0 by 0 there
 * (NaN, which no threshold reaches); that case never occurs on its benchmarks, whose targets are non-empty.
 */
public final class Iou {
  private Iou() {}

  /** IoU of {@code prediction} with {@code target} over the target's non-ignored pixels. */
  public static double of(Mask prediction, Mask target) {
    return counts(prediction, target).iou();
  }

  /** Intersection and union pixel counts of {@code prediction} with {@code target}. */
  public static Counts counts(Mask prediction, Mask target) {
    requireSameSize(prediction.height(), prediction.width(), target);
    int n = target.height() * target.width();
    long intersection = 0;
    long union = 0;
    for (int i = 0; i < n; i++) {
      byte gt = target.labelAt(i);
      if (gt == Mask.IGNORE) {
        continue;
      }
      boolean pred = prediction.labelAt(i) == Mask.OBJECT;
      boolean obj = gt == Mask.OBJECT;
      if (pred & obj) {
        intersection++;
      }
      if (pred | obj) {
        union++;
      }
    }
    return new Counts(intersection, union);
  }

  /**
   * IoU of a prediction given as one flag per pixel (row by row) with {@code target}: the allocation-free
   * form for evaluation loops.
   */
  public static double of(boolean[] predicted, Mask target) {
    if (predicted.length != target.height() * target.width()) {
      throw new IllegalArgumentException(
          "prediction has " + predicted.length + " pixels but the target is " + target.height() + "x"
              + target.width() + "; pass one flag per target pixel, row by row");
    }
    long intersection = 0;
    long union = 0;
    for (int i = 0; i < predicted.length; i++) {
      byte gt = target.labelAt(i);
      if (gt == Mask.IGNORE) {
        continue;
      }
      boolean pred = predicted[i];
      boolean obj = gt == Mask.OBJECT;
      if (pred & obj) {
        intersection++;
      }
      if (pred | obj) {
        union++;
      }
    }
    return new Counts(intersection, union).iou();
  }

  private static void requireSameSize(int height, int width, Mask target) {
    if (height != target.height() || width != target.width()) {
      throw new IllegalArgumentException(
          "prediction is " + height + "x" + width + " but the target is " + target.height() + "x"
              + target.width() + " (height x width); predict at the target's size");
    }
  }

  /**
   * Pixel counts behind one IoU.
   *
   * @param intersection predicted object pixels that are object in the target (ignore excluded)
   * @param union pixels predicted or object in the target (ignore excluded)
   */
  public record Counts(long intersection, long union) {
    public Counts {
      if (intersection < 0 || union < intersection) {
        throw new IllegalArgumentException(
            "need 0 <= intersection <= union, got intersection=" + intersection + " union=" + union);
      }
    }

    /** {@code intersection / union}, or 1 when the union is empty. */
    public double iou() {
      return union == 0 ? 1.0 : (double) intersection / (double) union;
    }
  }
}
