package org.iseg.metrics;

import java.util.List;

/**
 * NoC@t and NoF@t, as RITM's {@code compute_noc_metric}.
 *
 * <p>NoC of one sample is the first click (1-based) whose IoU reaches {@code t}, or {@code maxClicks} when none
 * does. NoC@t of a dataset is the mean over its samples. NoF@t (RITM's {@code >=20@t} column) counts the samples
 * scored {@code maxClicks}: those that never reach {@code t} <em>and</em> those that reach it only at the last
 * click, exactly as RITM counts {@code scores_arr == max_clicks}. {@link NocSummary#neverReached()} counts the
 * strict failures alone.
 *
 * <p>IoUs are float32 values (RITM keeps {@code np.float32} arrays) and the comparison is made in float32
 * ({@code iou >= (float) t}), as numpy compares a float32 array with a Python float; this also makes the
 * thresholds {@code np.arange(0.8, 0.951, 0.05)} produces (0.8500000000000001, ...) behave as 0.85.
 *
 * <pre>{@code
 * int noc = Noc.clicksToReach(ious, 0.90, 20);
 * NocSummary at90 = Noc.summarize(curves, 0.90, 20);   // mean NoC, NoF
 * }</pre>
 */
public final class Noc {
  private Noc() {}

  /** Whether a float32 IoU reaches threshold {@code t}, compared in float32 as RITM does. */
  public static boolean reaches(float iou, double t) {
    return iou >= (float) t;
  }

  /** The 1-based first click whose IoU reaches {@code t}, else {@code maxClicks}. */
  public static int clicksToReach(float[] ious, double t, int maxClicks) {
    checkMaxClicks(maxClicks);
    for (int i = 0; i < ious.length; i++) {
      if (reaches(ious[i], t)) {
        return i + 1;
      }
    }
    return maxClicks;
  }

  /** Mean NoC and NoF at {@code t} over the given per-sample IoU curves. */
  public static NocSummary summarize(List<float[]> curves, double t, int maxClicks) {
    checkMaxClicks(maxClicks);
    if (curves.isEmpty()) {
      throw new IllegalArgumentException("NoC needs at least one sample's IoU curve, got none");
    }
    long sum = 0;
    int scoredMax = 0;
    int never = 0;
    for (float[] curve : curves) {
      int noc = clicksToReach(curve, t, maxClicks);
      sum += noc;
      if (noc == maxClicks) {
        scoredMax++;
      }
      if (!anyReaches(curve, t)) {
        never++;
      }
    }
    return new NocSummary(t, (double) sum / curves.size(), scoredMax, never, curves.size());
  }

  private static boolean anyReaches(float[] curve, double t) {
    for (float iou : curve) {
      if (reaches(iou, t)) {
        return true;
      }
    }
    return false;
  }

  private static void checkMaxClicks(int maxClicks) {
    if (maxClicks < 1) {
      throw new IllegalArgumentException("maxClicks must be at least 1, got " + maxClicks);
    }
  }
}
