package org.iseg.metrics.segmentation;

/**
 * The few numpy operations whose exact floating-point order the reference tools depend on: {@code np.sum} /
 * {@code np.mean} of a float64 array (pairwise summation, blocks of 8) and {@code np.linspace}.
 */
final class NumpyMath {
  /** numpy's {@code PW_BLOCKSIZE}. */
  private static final int BLOCK = 128;

  private NumpyMath() {}

  /** {@code np.sum} of a contiguous float64 array: {@code 0 + pairwise_sum(a)} as numpy's add reduction does. */
  static double sum(double[] a, int n) {
    return 0.0 + pairwise(a, 0, n);
  }

  /** {@code np.mean} of the first {@code n} values (the caller guarantees {@code n > 0}). */
  static double mean(double[] a, int n) {
    return sum(a, n) / n;
  }

  /**
   * {@code np.nanmean}: NaNs become 0 in the sum and are left out of the count; NaN when every value is NaN
   * (numpy warns and returns NaN).
   */
  static double nanMean(double[] values) {
    double[] copy = new double[values.length];
    int count = 0;
    for (int i = 0; i < values.length; i++) {
      if (!Double.isNaN(values[i])) {
        copy[i] = values[i];
        count++;
      }
    }
    return count == 0 ? Double.NaN : sum(copy, copy.length) / count;
  }

  private static double pairwise(double[] a, int off, int n) {
    if (n < 8) {
      double res = 0.;
      for (int i = 0; i < n; i++) {
        res += a[off + i];
      }
      return res;
    } else if (n <= BLOCK) {
      double r0 = a[off];
      double r1 = a[off + 1];
      double r2 = a[off + 2];
      double r3 = a[off + 3];
      double r4 = a[off + 4];
      double r5 = a[off + 5];
      double r6 = a[off + 6];
      double r7 = a[off + 7];
      int i;
      for (i = 8; i < n - (n % 8); i += 8) {
        r0 += a[off + i];
        r1 += a[off + i + 1];
        r2 += a[off + i + 2];
        r3 += a[off + i + 3];
        r4 += a[off + i + 4];
        r5 += a[off + i + 5];
        r6 += a[off + i + 6];
        r7 += a[off + i + 7];
      }
      double res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
      for (; i < n; i++) {
        res += a[off + i];
      }
      return res;
    } else {
      int n2 = n / 2;
      n2 -= n2 % 8;
      return pairwise(a, off, n2) + pairwise(a, off + n2, n - n2);
    }
  }

  /** {@code np.linspace(start, stop, num)} with its endpoint: {@code i * step + start}, the last exactly stop. */
  static double[] linspace(double start, double stop, int num) {
    double[] y = new double[num];
    double step = (stop - start) / (num - 1);
    for (int i = 0; i < num; i++) {
      y[i] = i * step + start;
    }
    y[num - 1] = stop;
    return y;
  }
}
