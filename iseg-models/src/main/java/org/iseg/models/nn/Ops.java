package org.iseg.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Tensor operations RITM uses that DJL's engine-neutral API lacks or gets subtly wrong.
 *
 * <pre>{@code
 * NDArray up = Ops.resizeBilinearAlignCorners(logits, 320, 480);
 * }</pre>
 */
public final class Ops {
  private Ops() {}

  /**
   * {@code F.interpolate(x, size=(h, w), mode='bilinear', align_corners=True)} on an N x C x H x W array.
   *
   * <p>Not through DJL's interpolation: DJL 0.35's {@code PtNDArrayEx.interpolation} drops its {@code alignCorners}
   * argument, and its JNI bridge turns on anti-aliasing for bilinear modes, which changes the result. This is
   * the same separable computation as libtorch's CPU kernel, written as two matrix products with the kernel's
   * float32 source indices and weights: along the width {@code x[w0] * (1 - l) + x[w1] * l}, then likewise along
   * the height. Differentiable.
   */
  public static NDArray resizeBilinearAlignCorners(NDArray x, long height, long width) {
    Shape s = x.getShape();
    if (s.dimension() != 4) {
      throw new IllegalArgumentException("bilinear resize expects N x C x H x W, got " + s);
    }
    if (height <= 0 || width <= 0) {
      throw new IllegalArgumentException("bilinear resize target must be positive, got " + height + "x" + width);
    }
    long inH = s.get(2);
    long inW = s.get(3);
    if (inH == height && inW == width) {
      // align_corners=True maps every pixel onto itself.
      return x.duplicate();
    }
    NDManager m = x.getManager();
    NDArray out = x;
    if (inW != width) {
      NDArray w = matrix(m, weights((int) inW, (int) width), width, inW, x);
      NDArray wt = w.transpose();                                                          // inW x width
      out = out.matMul(wt);
      wt.close();
      w.close();
    }
    if (inH != height) {
      NDArray wh = matrix(m, weights((int) inH, (int) height), height, inH, x);            // height x inH
      NDArray rows = wh.matMul(out);
      wh.close();
      if (out != x) {
        // Safe in training too: libtorch's autograd keeps its own references.
        out.close();
      }
      out = rows;
    }
    return out;
  }

  private static NDArray matrix(NDManager m, float[] values, long rows, long cols, NDArray like) {
    NDArray a = m.create(values, new Shape(rows, cols));
    if (a.getDataType() == like.getDataType()) {
      return a;
    }
    NDArray cast = a.toType(like.getDataType(), false);
    a.close();
    return cast;
  }

  /**
   * Row-major {@code out x in} interpolation matrix with libtorch's align-corners linear weights: source index
   * {@code scale * i} in float32 with {@code scale = (in - 1) / (out - 1)}, lower neighbour weight {@code 1 - l},
   * upper {@code l}; at the last input index both neighbours coincide.
   */
  static float[] weights(int in, int out) {
    float[] w = new float[out * in];
    float scale = out > 1 ? (float) (in - 1) / (float) (out - 1) : 0f;
    for (int i = 0; i < out; i++) {
      float real = scale * (float) i;
      int i0 = (int) real;
      float lambda = Math.min(Math.max(real - i0, 0f), 1f);
      int i1 = i0 + (i0 < in - 1 ? 1 : 0);
      w[i * in + i0] += 1f - lambda;
      w[i * in + i1] += lambda;
    }
    return w;
  }
}
