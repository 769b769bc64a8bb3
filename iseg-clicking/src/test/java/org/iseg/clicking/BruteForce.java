package org.iseg.clicking;

/** Independent reference computations for tests: slow, obvious, exact. */
public final class BruteForce {
  private BruteForce() {}

  /**
   * Squared Euclidean distance of every non-zero pixel to the nearest zero pixel, by trying every zero pixel;
   * with {@code pad} the ring of pixels around the image counts as zero too. Zero pixels get 0.
   */
  public static long[] squaredDistances(byte[] fg, int h, int w, boolean pad) {
    long[] out = new long[h * w];
    for (int i = 0; i < out.length; i++) {
      if (fg[i] == 0) {
        continue;
      }
      int r = i / w;
      int c = i % w;
      long best = Long.MAX_VALUE;
      for (int j = 0; j < out.length; j++) {
        if (fg[j] == 0) {
          long dr = j / w - r;
          long dc = j % w - c;
          best = Math.min(best, dr * dr + dc * dc);
        }
      }
      if (pad) {
        long toBorder = Math.min(Math.min(r + 1, h - r), Math.min(c + 1, w - c));
        best = Math.min(best, toBorder * toBorder);
      }
      out[i] = best;
    }
    return out;
  }

  /** RITM's clicker written the obvious way: returns {row, col, positive ? 1 : 0}. */
  public static int[] ritmClick(byte[] target, byte[] predicted, boolean[] clicked, int h, int w) {
    byte[] fn = new byte[h * w];
    byte[] fp = new byte[h * w];
    for (int i = 0; i < fn.length; i++) {
      if (target[i] == -1) {
        continue;
      }
      fn[i] = (byte) (target[i] == 1 && predicted[i] == 0 ? 1 : 0);
      fp[i] = (byte) (target[i] == 0 && predicted[i] == 1 ? 1 : 0);
    }
    long[] dfn = squaredDistances(fn, h, w, true);
    long[] dfp = squaredDistances(fp, h, w, true);
    for (int i = 0; i < fn.length; i++) {
      if (clicked[i]) {
        dfn[i] = 0;
        dfp[i] = 0;
      }
    }
    long fnMax = max(dfn);
    long fpMax = max(dfp);
    boolean positive = fnMax > fpMax;
    long[] chosen = positive ? dfn : dfp;
    long m = positive ? fnMax : fpMax;
    for (int i = 0; i < chosen.length; i++) {
      if (chosen[i] == m) {
        return new int[] {i / w, i % w, positive ? 1 : 0};
      }
    }
    throw new AssertionError();
  }

  private static long max(long[] values) {
    long m = 0;
    for (long v : values) {
      m = Math.max(m, v);
    }
    return m;
  }
}
