package org.iseg.engine.training;

/**
 * Bilinear resampling of float planes with pixel-centre alignment (OpenCV's {@code INTER_LINEAR} convention:
 * source coordinate {@code (dst + 0.5) * src / dst - 0.5}, clamped at the border), in plain Java so the
 * engine's models need no image library for their resizes.
 */
final class Resampling {
  private Resampling() {}

  /** Resizes {@code planes} planes of {@code h x w} (stored one after another) to {@code nh x nw}. */
  static float[] bilinear(float[] src, int planes, int h, int w, int nh, int nw) {
    float[] out = new float[planes * nh * nw];
    int[] x0 = new int[nw];
    int[] x1 = new int[nw];
    float[] ax = new float[nw];
    double sx = (double) w / nw;
    for (int c = 0; c < nw; c++) {
      double f = (c + 0.5) * sx - 0.5;
      int i = (int) Math.floor(f);
      ax[c] = (float) (f - i);
      x0[c] = clamp(i, w);
      x1[c] = clamp(i + 1, w);
    }
    double sy = (double) h / nh;
    for (int r = 0; r < nh; r++) {
      double f = (r + 0.5) * sy - 0.5;
      int i = (int) Math.floor(f);
      float ay = (float) (f - i);
      int y0 = clamp(i, h);
      int y1 = clamp(i + 1, h);
      for (int p = 0; p < planes; p++) {
        int base = p * h * w;
        int row0 = base + y0 * w;
        int row1 = base + y1 * w;
        int o = p * nh * nw + r * nw;
        for (int c = 0; c < nw; c++) {
          float top = src[row0 + x0[c]] + ax[c] * (src[row0 + x1[c]] - src[row0 + x0[c]]);
          float bottom = src[row1 + x0[c]] + ax[c] * (src[row1 + x1[c]] - src[row1 + x0[c]]);
          out[o + c] = top + ay * (bottom - top);
        }
      }
    }
    return out;
  }

  /** An interleaved RGB byte image as CHW floats in [0, 1]. */
  static float[] rgbToChw(byte[] rgb, int h, int w) {
    int plane = h * w;
    float[] out = new float[3 * plane];
    for (int i = 0; i < plane; i++) {
      out[i] = (rgb[3 * i] & 0xFF) / 255f;
      out[plane + i] = (rgb[3 * i + 1] & 0xFF) / 255f;
      out[2 * plane + i] = (rgb[3 * i + 2] & 0xFF) / 255f;
    }
    return out;
  }

  private static int clamp(int v, int n) {
    return v < 0 ? 0 : v >= n ? n - 1 : v;
  }
}
