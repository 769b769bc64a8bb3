package org.iseg.metrics;

import java.util.List;

/**
 * The mIoU-after-k-clicks curve: for each k in 1..maxClicks, the mean over samples of the IoU after k clicks.
 *
 * <p>The mean is taken the way RITM's numpy code takes it, so the figures agree to the last bit: IoUs are
 * float32, summed over the samples (in dataset order) with numpy's pairwise float32 summation, then divided by
 * the sample count in float32 ({@code np.mean} of a float32 column). A sample that stopped early (it reached
 * the stop IoU) keeps its last IoU for the remaining clicks; RITM's curves come from runs without early stop
 * ({@code --iou-analysis} sets the target IoU to 1.01), where no padding happens and the two agree.
 *
 * <pre>{@code
 * float[] miou = MiouCurve.meanIouPerClick(curves, 20);   // miou[0] = mIoU after the first click
 * }</pre>
 */
public final class MiouCurve {
  /** numpy's PW_BLOCKSIZE: blocks up to this length are summed with 8 accumulators. */
  private static final int PAIRWISE_BLOCK = 128;

  private MiouCurve() {}

  /** The mean IoU after each of {@code 1..maxClicks} clicks over {@code curves} (each non-empty). */
  public static float[] meanIouPerClick(List<float[]> curves, int maxClicks) {
    if (maxClicks < 1) {
      throw new IllegalArgumentException("maxClicks must be at least 1, got " + maxClicks);
    }
    if (curves.isEmpty()) {
      throw new IllegalArgumentException("an mIoU curve needs at least one sample, got none");
    }
    int n = curves.size();
    float[] column = new float[n];
    float[] mean = new float[maxClicks];
    for (int k = 0; k < maxClicks; k++) {
      for (int s = 0; s < n; s++) {
        column[s] = iouAfter(curves.get(s), k, s);
      }
      mean[k] = pairwiseSum(column, 0, n) / (float) n;
    }
    return mean;
  }

  /** The IoU after click {@code k + 1} of a curve, the last one when the sample stopped earlier. */
  private static float iouAfter(float[] curve, int k, int sample) {
    if (curve.length == 0) {
      throw new IllegalArgumentException("sample " + sample + " has no IoU (it ran no click)");
    }
    return curve[Math.min(k, curve.length - 1)];
  }

  /**
   * numpy's {@code pairwise_sum} for float32 (numpy/core/src/umath/loops_utils.h.src): fewer than 8 values are
   * added in order; up to 128 use 8 interleaved accumulators combined as ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7))
   * plus the tail in order; longer runs split at half, rounded down to a multiple of 8. All in float32.
   */
  public static float pairwiseSum(float[] a, int from, int n) {
    if (n < 8) {
      float res = 0f;
      for (int i = 0; i < n; i++) {
        res += a[from + i];
      }
      return res;
    } else if (n <= PAIRWISE_BLOCK) {
      float r0 = a[from];
      float r1 = a[from + 1];
      float r2 = a[from + 2];
      float r3 = a[from + 3];
      float r4 = a[from + 4];
      float r5 = a[from + 5];
      float r6 = a[from + 6];
      float r7 = a[from + 7];
      int i;
      for (i = 8; i < n - (n % 8); i += 8) {
        int j = from + i;
        r0 += a[j];
        r1 += a[j + 1];
        r2 += a[j + 2];
        r3 += a[j + 3];
        r4 += a[j + 4];
        r5 += a[j + 5];
        r6 += a[j + 6];
        r7 += a[j + 7];
      }
      float res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
      for (; i < n; i++) {
        res += a[from + i];
      }
      return res;
    } else {
      int n2 = n / 2;
      n2 -= n2 % 8;
      return pairwiseSum(a, from, n2) + pairwiseSum(a, from + n2, n - n2);
    }
  }
}
