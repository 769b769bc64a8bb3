package org.iseg.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Bilinear operations with PyTorch's exact float32 arithmetic that DJL 0.35 lacks or computes differently:
 * {@code F.interpolate(mode='bilinear', align_corners=False)} without anti-aliasing ({@link #resize}) and
 * {@code F.grid_sample(mode='bilinear', padding_mode='zeros', align_corners=False)} ({@link #gridSample},
 * {@link #corners}, {@link #sample}). Plain Java loops over float arrays; inference only (no autograd).
 *
 * <pre>{@code
 * NDArray up = Bilinear.resize(masks, 768, 1344);          // N x C x H x W, align_corners=False
 * float[] out = Bilinear.gridSample(plane, 1, h, w, grid, n); // grid: n (x, y) pairs in [-1, 1]
 * }</pre>
 */
public final class Bilinear {
  private Bilinear() {}

  /** {@code F.interpolate(x, size=(height, width), mode='bilinear', align_corners=False)} on N x C x H x W float32. */
  public static NDArray resize(NDArray x, int height, int width) {
    Shape s = x.getShape();
    if (s.dimension() != 4) {
      throw new IllegalArgumentException("bilinear resize expects N x C x H x W, got " + s);
    }
    if (x.getDataType() == DataType.FLOAT64) {
      double[] out = resize(x.toDoubleArray(), (int) (s.get(0) * s.get(1)), (int) s.get(2), (int) s.get(3), height,
          width);
      return x.getManager().create(out, new Shape(s.get(0), s.get(1), height, width));
    }
    NDArray f = x.getDataType() == DataType.FLOAT32 ? x : x.toType(DataType.FLOAT32, false);
    float[] out = resize(f.toFloatArray(), (int) (s.get(0) * s.get(1)), (int) s.get(2), (int) s.get(3), height,
        width);
    if (f != x) {
      f.close();
    }
    return x.getManager().create(out, new Shape(s.get(0), s.get(1), height, width));
  }

  /**
   * The same on {@code planes} row-major {@code inH x inW} planes. libtorch's {@code cpu_upsample_linear} in float:
   * scale {@code (float) in / out}, source {@code max(scale * (i + 0.5) - 0.5, 0)}, lower index its floor (at most
   * {@code in - 1}), upper index one more unless at the edge, weights {@code 1 - l, l}; the value is
   * {@code (x00 w0 + x01 w1) h0 + (x10 w0 + x11 w1) h1}.
   */
  public static float[] resize(float[] src, int planes, int inH, int inW, int outH, int outW) {
    if (outH <= 0 || outW <= 0 || inH <= 0 || inW <= 0) {
      throw new IllegalArgumentException("bilinear resize needs positive sizes, got " + inH + "x" + inW + " -> "
          + outH + "x" + outW);
    }
    if ((long) planes * inH * inW != src.length) {
      throw new IllegalArgumentException(src.length + " values are not " + planes + " planes of " + inH + "x" + inW);
    }
    int[] y0 = new int[outH];
    int[] y1 = new int[outH];
    float[] hy0 = new float[outH];
    float[] hy1 = new float[outH];
    axis(inH, outH, y0, y1, hy0, hy1);
    int[] x0 = new int[outW];
    int[] x1 = new int[outW];
    float[] wx0 = new float[outW];
    float[] wx1 = new float[outW];
    axis(inW, outW, x0, x1, wx0, wx1);
    float[] out = new float[planes * outH * outW];
    for (int p = 0; p < planes; p++) {
      int base = p * inH * inW;
      int o = p * outH * outW;
      for (int i = 0; i < outH; i++) {
        int r0 = base + y0[i] * inW;
        int r1 = base + y1[i] * inW;
        float h0 = hy0[i];
        float h1 = hy1[i];
        for (int j = 0; j < outW; j++) {
          float top = src[r0 + x0[j]] * wx0[j] + src[r0 + x1[j]] * wx1[j];
          float bottom = src[r1 + x0[j]] * wx0[j] + src[r1 + x1[j]] * wx1[j];
          out[o++] = top * h0 + bottom * h1;
        }
      }
    }
    return out;
  }

  /** {@link #resize(float[], int, int, int, int, int)} in float64 (libtorch's arithmetic for double tensors). */
  public static double[] resize(double[] src, int planes, int inH, int inW, int outH, int outW) {
    if (outH <= 0 || outW <= 0 || inH <= 0 || inW <= 0 || (long) planes * inH * inW != src.length) {
      throw new IllegalArgumentException("bilinear resize of " + src.length + " values as " + planes + " planes of "
          + inH + "x" + inW + " to " + outH + "x" + outW);
    }
    double[][] ay = axis(inH, outH);
    double[][] ax = axis(inW, outW);
    double[] out = new double[planes * outH * outW];
    for (int p = 0; p < planes; p++) {
      int base = p * inH * inW;
      int o = p * outH * outW;
      for (int i = 0; i < outH; i++) {
        int r0 = base + (int) ay[0][i] * inW;
        int r1 = base + (int) ay[1][i] * inW;
        for (int j = 0; j < outW; j++) {
          int c0 = (int) ax[0][j];
          int c1 = (int) ax[1][j];
          double top = src[r0 + c0] * ax[2][j] + src[r0 + c1] * ax[3][j];
          double bottom = src[r1 + c0] * ax[2][j] + src[r1 + c1] * ax[3][j];
          out[o++] = top * ay[2][i] + bottom * ay[3][i];
        }
      }
    }
    return out;
  }

  /**
   * {@link #resize(NDArray, int, int)} as two matrix products with the same interpolation weights, so that autograd
   * carries gradients through it (training); equal to the loops up to float summation order.
   */
  public static NDArray resizeDifferentiable(NDArray x, int height, int width) {
    Shape s = x.getShape();
    if (s.dimension() != 4) {
      throw new IllegalArgumentException("bilinear resize expects N x C x H x W, got " + s);
    }
    int inH = (int) s.get(2);
    int inW = (int) s.get(3);
    long planes = s.get(0) * s.get(1);
    ai.djl.ndarray.NDManager m = x.getManager();
    NDArray ax = m.create(matrix(inW, width), new Shape(inW, width)).toType(x.getDataType(), false);
    NDArray ay = m.create(matrix(inH, height), new Shape(inH, height)).toType(x.getDataType(), false);
    NDArray rows = x.reshape(planes * inH, inW).matMul(ax);                       // (P*inH) x W
    NDArray cols = rows.reshape(planes, inH, width).transpose(0, 2, 1).reshape(planes * width, inH).matMul(ay);
    return cols.reshape(planes, width, height).transpose(0, 2, 1).reshape(s.get(0), s.get(1), height, width);
  }

  /** The in x out matrix M with resize(v) = v M along one axis (float64 weights, as the double loops use). */
  private static double[] matrix(int in, int out) {
    double[][] a = axis(in, out);
    double[] m = new double[in * out];
    for (int j = 0; j < out; j++) {
      m[(int) a[0][j] * out + j] += a[2][j];
      m[(int) a[1][j] * out + j] += a[3][j];
    }
    return m;
  }

  /** Rows: lower index, upper index, lower weight, upper weight (float64). */
  private static double[][] axis(int in, int out) {
    double[][] a = new double[4][out];
    double scale = (double) in / out;
    for (int i = 0; i < out; i++) {
      double real = Math.max(scale * (i + 0.5) - 0.5, 0);
      int lo = Math.min((int) Math.floor(real), in - 1);
      double lambda = Math.min(Math.max(real - lo, 0), 1);
      a[0][i] = lo;
      a[1][i] = lo + (lo < in - 1 ? 1 : 0);
      a[2][i] = 1 - lambda;
      a[3][i] = lambda;
    }
    return a;
  }

  private static void axis(int in, int out, int[] i0, int[] i1, float[] w0, float[] w1) {
    float scale = (float) in / out;
    for (int i = 0; i < out; i++) {
      float real = Math.max(scale * (i + 0.5f) - 0.5f, 0f);
      int lo = Math.min((int) Math.floor(real), in - 1);
      float lambda = Math.min(Math.max(real - lo, 0f), 1f);
      i0[i] = lo;
      i1[i] = lo + (lo < in - 1 ? 1 : 0);
      w0[i] = 1f - lambda;
      w1[i] = lambda;
    }
  }

  /**
   * The four neighbours of grid point ({@code gx}, {@code gy}) (normalised, -1 and 1 the outer edges of the corner
   * pixels) on a {@code height x width} map, as torch 1.13's CPU {@code grid_sample} finds them: pixel position
   * {@code fma(g, size / 2, (size - 1) / 2)}, floor, fractions {@code w = x - x0}, {@code n = y - y0}. Writes the
   * row-major indices of the north-west, north-east, south-west and south-east neighbours into {@code index}
   * (-1 outside the map) and their weights {@code (1-n)(1-w), (1-n)w, n(1-w), nw} into {@code weight}.
   */
  public static void corners(float gx, float gy, int height, int width, int[] index, float[] weight) {
    float ix = Math.fma(gx, width / 2f, (width - 1) / 2f);
    float iy = Math.fma(gy, height / 2f, (height - 1) / 2f);
    float fx = (float) Math.floor(ix);
    float fy = (float) Math.floor(iy);
    float w = ix - fx;
    float e = 1f - w;
    float n = iy - fy;
    float s = 1f - n;
    weight[0] = s * e;
    weight[1] = s * w;
    weight[2] = n * e;
    weight[3] = n * w;
    boolean inX0 = fx >= 0 && fx < width;
    boolean inX1 = fx + 1 >= 0 && fx + 1 < width;
    boolean inY0 = fy >= 0 && fy < height;
    boolean inY1 = fy + 1 >= 0 && fy + 1 < height;
    int x0 = (int) fx;
    int y0 = (int) fy;
    index[0] = inY0 && inX0 ? y0 * width + x0 : -1;
    index[1] = inY0 && inX1 ? y0 * width + x0 + 1 : -1;
    index[2] = inY1 && inX0 ? (y0 + 1) * width + x0 : -1;
    index[3] = inY1 && inX1 ? (y0 + 1) * width + x0 + 1 : -1;
  }

  /** {@link #corners(float, float, int, int, int[], float[])} in float64. */
  public static void corners(double gx, double gy, int height, int width, int[] index, double[] weight) {
    double ix = ((gx + 1) * width - 1) / 2;
    double iy = ((gy + 1) * height - 1) / 2;
    double fx = Math.floor(ix);
    double fy = Math.floor(iy);
    double w = ix - fx;
    double n = iy - fy;
    weight[0] = (1 - n) * (1 - w);
    weight[1] = (1 - n) * w;
    weight[2] = n * (1 - w);
    weight[3] = n * w;
    int x0 = (int) fx;
    int y0 = (int) fy;
    boolean inX0 = x0 >= 0 && x0 < width;
    boolean inX1 = x0 + 1 >= 0 && x0 + 1 < width;
    boolean inY0 = y0 >= 0 && y0 < height;
    boolean inY1 = y0 + 1 >= 0 && y0 + 1 < height;
    index[0] = inY0 && inX0 ? y0 * width + x0 : -1;
    index[1] = inY0 && inX1 ? y0 * width + x0 + 1 : -1;
    index[2] = inY1 && inX0 ? (y0 + 1) * width + x0 : -1;
    index[3] = inY1 && inX1 ? (y0 + 1) * width + x0 + 1 : -1;
  }

  /** {@link #sample(float[], int, int, int[], float[])} in float64. */
  public static double sample(double[] values, int offset, int stride, int[] index, double[] weight) {
    double v = 0;
    for (int k = 0; k < 4; k++) {
      if (index[k] >= 0) {
        v += weight[k] * values[offset + index[k] * stride];
      }
    }
    return v;
  }

  /**
   * The bilinear value at neighbours found by {@link #corners}: element {@code offset + index[k] * stride} of
   * {@code values} for each neighbour inside the map, zero outside, combined as torch's kernel does:
   * {@code fma(se, v11, fma(sw, v10, fma(ne, v01, nw * v00)))}.
   */
  public static float sample(float[] values, int offset, int stride, int[] index, float[] weight) {
    float v00 = index[0] < 0 ? 0f : values[offset + index[0] * stride];
    float v01 = index[1] < 0 ? 0f : values[offset + index[1] * stride];
    float v10 = index[2] < 0 ? 0f : values[offset + index[2] * stride];
    float v11 = index[3] < 0 ? 0f : values[offset + index[3] * stride];
    return Math.fma(weight[3], v11, Math.fma(weight[2], v10, Math.fma(weight[1], v01, weight[0] * v00)));
  }

  /**
   * {@code F.grid_sample(input, grid, 'bilinear', 'zeros', align_corners=False)} for one image: {@code input} is
   * {@code channels x height x width} row-major, {@code grid} holds {@code points} (x, y) pairs; the result is
   * {@code channels x points}.
   */
  public static float[] gridSample(float[] input, int channels, int height, int width, float[] grid, int points) {
    if (input.length != channels * height * width || grid.length != 2 * points) {
      throw new IllegalArgumentException("grid sample: " + input.length + " values for " + channels + "x" + height
          + "x" + width + ", " + grid.length + " grid values for " + points + " points");
    }
    float[] out = new float[channels * points];
    int[] index = new int[4];
    float[] weight = new float[4];
    for (int p = 0; p < points; p++) {
      corners(grid[2 * p], grid[2 * p + 1], height, width, index, weight);
      for (int c = 0; c < channels; c++) {
        out[c * points + p] = sample(input, c * height * width, 1, index, weight);
      }
    }
    return out;
  }
}
