package org.iseg.engine.training.mask2former;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Bilinear sampling of H × W maps at normalised points, as Mask2Former's {@code point_sample}: PyTorch's
 * {@code grid_sample(map, 2·coords − 1, mode=bilinear, padding_mode=zeros, align_corners=False)}.
 *
 * <p>A point (x, y) in [0, 1)² (x along the width) reads the map at pixel position (x·W − 0.5, y·H − 0.5) from
 * its four neighbours, each outside the map counting as 0. The float32 rounding is the one of PyTorch's CPU
 * kernel ({@code ix = fma(2x, W/2, −0.5)}, products then nested fma), so values equal PyTorch's bit for bit.
 *
 * <p>{@link #taps} gives the four neighbour indices and weights of each point; a differentiable sample is
 * then {@code Σ_k weight_k · take(map, index_k)} on NDArrays (see {@link Mask2FormerCriterion}).
 *
 * <pre>{@code
 * float v = PointSampling.sample(mask, 0, 56, 96, 0.25f, 0.5f);
 * }</pre>
 */
public final class PointSampling {
  /** Neighbours per point: (y0, x0), (y0, x0+1), (y0+1, x0), (y0+1, x0+1). */
  public static final int TAPS = 4;

  private PointSampling() {}

  /**
   * The four neighbours of each point: {@code index[4·p + k]} is the flat pixel index (row-major in an H × W
   * map, 0 when outside) and {@code weight[4·p + k]} its bilinear weight (0 when outside).
   *
   * @param index flat neighbour indices, 4 per point
   * @param weight bilinear weights, 4 per point
   */
  public record Taps(int[] index, float[] weight) {
    /** Number of points. */
    public int points() {
      return index.length / TAPS;
    }
  }

  /** The value of map {@code values[offset .. offset + h·w)} at point (x, y). */
  public static float sample(float[] values, int offset, int h, int w, float x, float y) {
    Corner c = corner(x, y, h, w);
    float v00 = at(values, offset, h, w, c.y0(), c.x0());
    float v01 = at(values, offset, h, w, c.y0(), c.x0() + 1);
    float v10 = at(values, offset, h, w, c.y0() + 1, c.x0());
    float v11 = at(values, offset, h, w, c.y0() + 1, c.x0() + 1);
    return Math.fma(c.w11(), v11, Math.fma(c.w10(), v10, Math.fma(c.w01(), v01, c.w00() * v00)));
  }

  /**
   * Samples {@code count} maps of h × w (consecutive in {@code values}) at shared points {@code coords}
   * ((x, y) pairs): returns count × P values, map-major.
   */
  public static float[] sampleAll(float[] values, int count, int h, int w, float[] coords) {
    checkArgument(values.length >= (long) count * h * w, "%s values for %s maps of %sx%s", values.length, count, h, w);
    int points = coords.length / 2;
    float[] out = new float[count * points];
    for (int m = 0; m < count; m++) {
      int offset = m * h * w;
      for (int p = 0; p < points; p++) {
        out[m * points + p] = sample(values, offset, h, w, coords[2 * p], coords[2 * p + 1]);
      }
    }
    return out;
  }

  /** Neighbour indices and weights of the points {@code coords[from/2 .. from/2 + points)} in an h × w map. */
  public static Taps taps(float[] coords, int from, int points, int h, int w) {
    int[] index = new int[TAPS * points];
    float[] weight = new float[TAPS * points];
    for (int p = 0; p < points; p++) {
      float x = coords[from + 2 * p];
      float y = coords[from + 2 * p + 1];
      Corner c = corner(x, y, h, w);
      tap(index, weight, TAPS * p, h, w, c.y0(), c.x0(), c.w00());
      tap(index, weight, TAPS * p + 1, h, w, c.y0(), c.x0() + 1, c.w01());
      tap(index, weight, TAPS * p + 2, h, w, c.y0() + 1, c.x0(), c.w10());
      tap(index, weight, TAPS * p + 3, h, w, c.y0() + 1, c.x0() + 1, c.w11());
    }
    return new Taps(index, weight);
  }

  /** A point's north-west neighbour (y0, x0) and the weights of (y0, x0), (y0, x0+1), (y0+1, x0), (y0+1, x0+1). */
  private record Corner(int x0, int y0, float w00, float w01, float w10, float w11) {}

  /** Where point (x, y) falls in an h × w map, in PyTorch's float32 rounding. */
  private static Corner corner(float x, float y, int h, int w) {
    float ix = Math.fma(2f * x, w / 2f, -0.5f);
    float iy = Math.fma(2f * y, h / 2f, -0.5f);
    int x0 = (int) Math.floor(ix);
    int y0 = (int) Math.floor(iy);
    float wx = ix - x0;
    float ny = iy - y0;
    return new Corner(x0, y0, (1f - ny) * (1f - wx), (1f - ny) * wx, ny * (1f - wx), ny * wx);
  }

  private static void tap(int[] index, float[] weight, int slot, int h, int w, int y, int x, float wgt) {
    if (y >= 0 && y < h && x >= 0 && x < w) {
      index[slot] = y * w + x;
      weight[slot] = wgt;
    }
  }

  private static float at(float[] values, int offset, int h, int w, int y, int x) {
    return y >= 0 && y < h && x >= 0 && x < w ? values[offset + y * w + x] : 0f;
  }
}
