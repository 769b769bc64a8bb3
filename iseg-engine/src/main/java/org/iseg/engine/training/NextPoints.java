package org.iseg.engine.training;

import java.util.Random;
import org.iseg.clicking.masks.MaskOps;

/**
 * RITM's training-time click simulator ({@code get_next_points} in {@code isegm/engine/trainer.py}): after a
 * prediction, one more click goes where the error is deepest — into the false negatives when their largest
 * distance to the error border is larger than that of the false positives, else into the false positives — at a
 * pixel drawn uniformly (with the given random source) among the error pixels deeper than half that distance.
 *
 * <p>The click is written into the points rows of the sample: a positive click in slot {@code N - clickIndex}
 * of the positive block, a negative one in slot {@code 2N - clickIndex}, as {@code (row, col, clickIndex)}.
 * Ground truth is object where it is {@code > 0.5} (ignored pixels count as background, as in RITM); the
 * prediction is compared with {@code predThresh} strictly on both sides.
 *
 * <p>One difference from RITM: distances are OpenCV's exact L2 transform ({@code DIST_MASK_PRECISE}, through
 * iseg-clicking) where RITM's trainer uses the 5x5 chamfer approximation ({@code maskSize=5}); the inner region
 * (deeper than half the maximum) can differ by a pixel at its border.
 *
 * <pre>{@code
 * float[] rows = points.toFloatArray();               // B x 2N x 3
 * NextPoints.addClicks(probs, gt, rows, b, h, w, n, 1, 0.49, new Random(seed));
 * }</pre>
 */
public final class NextPoints {
  private NextPoints() {}

  /** Where the next click of one sample goes, if anywhere. */
  public record Placement(int row, int col, boolean positive) {}

  /**
   * The click for one sample, or empty when the prediction has no error (then RITM adds nothing).
   *
   * @param probs predicted probabilities, row-major {@code h x w}
   * @param gt ground truth labels (1 object, 0 background, -1 ignore), row-major {@code h x w}
   */
  public static java.util.Optional<Placement> place(
      float[] probs, float[] gt, int h, int w, double predThresh, Random random) {
    if (probs.length != h * w || gt.length != h * w) {
      throw new IllegalArgumentException(
          "probs (" + probs.length + ") and gt (" + gt.length + ") must both hold " + h + "x" + w + " values");
    }
    byte[] fn = new byte[h * w];
    byte[] fp = new byte[h * w];
    for (int i = 0; i < fn.length; i++) {
      boolean object = gt[i] > 0.5f;
      if (object && probs[i] < predThresh) {
        fn[i] = 1;
      } else if (!object && probs[i] > predThresh) {
        fp[i] = 1;
      }
    }
    return pick(fn, fp, h, w, random);
  }

  /**
   * The pick both training clickers share: distance transforms of the false negatives {@code fn} and false positives
   * {@code fp} (0/1 bytes, one-pixel zero border), the deeper side decides the sign, and the click is a uniform draw
   * among that side's pixels deeper than half the larger maximum; empty when there is no error.
   */
  static java.util.Optional<Placement> pick(byte[] fn, byte[] fp, int h, int w, Random random) {
    float[] fnDt = MaskOps.distanceField(fn, h, w, true).toArray();
    float[] fpDt = MaskOps.distanceField(fp, h, w, true).toArray();
    float fnMax = max(fnDt);
    float fpMax = max(fpDt);
    boolean positive = fnMax > fpMax;
    float[] dt = positive ? fnDt : fpDt;
    float half = Math.max(fnMax, fpMax) / 2f;
    int count = 0;
    for (float d : dt) {
      if (d > half) {
        count++;
      }
    }
    if (count == 0) {
      return java.util.Optional.empty();
    }
    int pick = random.nextInt(count);
    for (int i = 0; i < dt.length; i++) {
      if (dt[i] > half && pick-- == 0) {
        return java.util.Optional.of(new Placement(i / w, i % w, positive));
      }
    }
    throw new AssertionError("unreachable");
  }

  /**
   * Adds one click per sample of a batch in place, as RITM's {@code get_next_points(pred, gt, points, clickIndex)}.
   *
   * @param probs {@code B x h x w} probabilities, sample after sample
   * @param gt {@code B x h x w} labels
   * @param points {@code B x 2N x 3} rows, changed in place
   * @param clickIndex 1 for the first added click, 2 for the second, ... (at most N)
   */
  public static void addClicks(
      float[] probs, float[] gt, float[] points, int batch, int h, int w, int n, int clickIndex,
      double predThresh, Random random) {
    if (clickIndex < 1 || clickIndex > n) {
      throw new IllegalArgumentException("clickIndex must lie in 1.." + n + " (points per sign), got " + clickIndex);
    }
    if (points.length != batch * 2 * n * 3) {
      throw new IllegalArgumentException(
          "points hold " + points.length + " values, expected B x 2N x 3 = " + batch * 2 * n * 3);
    }
    int plane = h * w;
    for (int b = 0; b < batch; b++) {
      float[] p = java.util.Arrays.copyOfRange(probs, b * plane, (b + 1) * plane);
      float[] g = java.util.Arrays.copyOfRange(gt, b * plane, (b + 1) * plane);
      java.util.Optional<Placement> placement = place(p, g, h, w, predThresh, random);
      if (placement.isPresent()) {
        Placement c = placement.get();
        int slot = c.positive() ? n - clickIndex : 2 * n - clickIndex;
        int at = (b * 2 * n + slot) * 3;
        points[at] = c.row();
        points[at + 1] = c.col();
        points[at + 2] = clickIndex;
      }
    }
  }

  private static float max(float[] values) {
    float m = 0f;
    for (float v : values) {
      m = Math.max(m, v);
    }
    return m;
  }
}
