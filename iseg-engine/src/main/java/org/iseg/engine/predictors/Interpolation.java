package org.iseg.engine.predictors;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Bilinear resizing with {@code align_corners=True}, computed as PyTorch's CPU kernel for
 * {@code torch.nn.functional.interpolate(x, size, mode='bilinear', align_corners=True)} does (float32 scale
 * {@code (in - 1) / (out - 1)}, source {@code scale * i}, index {@code floor}, weights {@code 1 - l, l}, the
 * row interpolation of the column interpolations), which is what RITM's predictor uses throughout.
 *
 * <p>Done here rather than by the engine because DJL 0.35.1's PyTorch bridge cannot do it: its
 * {@code NDArrayEx.interpolation} drops {@code alignCorners}, and the JNI call passes that flag on as
 * {@code antialias}.
 *
 * <pre>{@code
 * float[] out = Interpolation.bilinearAlignCorners(planes, channels, h, w, outH, outW);
 * }</pre>
 */
public final class Interpolation {
  private Interpolation() {}

  /** Resizes the last two axes of an {@code N x C x H x W} float array (a new array on the same manager). */
  public static NDArray bilinearAlignCorners(NDArray x, int height, int width) {
    Shape s = x.getShape();
    if (s.dimension() != 4) {
      throw new IllegalArgumentException("bilinear resize needs an N x C x H x W array, got shape " + s);
    }
    int h = (int) s.get(2);
    int w = (int) s.get(3);
    if (h == height && w == width) {
      return x; // align_corners at the same size samples every pixel exactly
    }
    int planes = (int) (s.get(0) * s.get(1));
    float[] out = bilinearAlignCorners(x.toFloatArray(), planes, h, w, height, width);
    return x.getManager().create(out, new Shape(s.get(0), s.get(1), height, width));
  }

  /**
   * Resizes {@code planes} row-major {@code h x w} planes stored one after another.
   *
   * @throws IllegalArgumentException when a size is not positive or the array is too short
   */
  public static float[] bilinearAlignCorners(float[] src, int planes, int h, int w, int outH, int outW) {
    if (h <= 0 || w <= 0 || outH <= 0 || outW <= 0) {
      throw new IllegalArgumentException("sizes must be positive: " + h + "x" + w + " -> " + outH + "x" + outW);
    }
    if (src.length < (long) planes * h * w) {
      throw new IllegalArgumentException(
          "array of " + src.length + " values is shorter than " + planes + " planes of " + h + "x" + w);
    }
    int[] y0 = new int[outH];
    int[] y1 = new int[outH];
    float[] wy0 = new float[outH];
    float[] wy1 = new float[outH];
    axis(h, outH, y0, y1, wy0, wy1);
    int[] x0 = new int[outW];
    int[] x1 = new int[outW];
    float[] wx0 = new float[outW];
    float[] wx1 = new float[outW];
    axis(w, outW, x0, x1, wx0, wx1);
    float[] out = new float[planes * outH * outW];
    for (int p = 0; p < planes; p++) {
      int in = p * h * w;
      int o = p * outH * outW;
      for (int r = 0; r < outH; r++) {
        int row0 = in + y0[r] * w;
        int row1 = in + y1[r] * w;
        float a = wy0[r];
        float b = wy1[r];
        for (int c = 0; c < outW; c++) {
          float top = src[row0 + x0[c]] * wx0[c] + src[row0 + x1[c]] * wx1[c];
          float bottom = src[row1 + x0[c]] * wx0[c] + src[row1 + x1[c]] * wx1[c];
          out[o++] = top * a + bottom * b;
        }
      }
    }
    return out;
  }

  /** Source indices and weights along one axis, PyTorch's compute_source_index_and_lambda in float32. */
  private static void axis(int in, int out, int[] i0, int[] i1, float[] l0, float[] l1) {
    if (in == out) {
      for (int i = 0; i < out; i++) {
        i0[i] = i;
        i1[i] = i;
        l0[i] = 1f;
        l1[i] = 0f;
      }
      return;
    }
    float scale = out > 1 ? (float) (in - 1) / (float) (out - 1) : 0f;
    for (int i = 0; i < out; i++) {
      float real = scale * (float) i;
      int index = Math.min((int) Math.floor(real), in - 1);
      float lambda = Math.min(Math.max(real - index, 0f), 1f);
      i0[i] = index;
      i1[i] = index + (index < in - 1 ? 1 : 0);
      l1[i] = lambda;
      l0[i] = 1f - lambda;
    }
  }
}
