package org.iseg.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.function.DoubleUnaryOperator;

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
   * source indices and weights (float32 for float32 arrays, float64 for float64 ones, as libtorch's {@code opmath}
   * type): along the width {@code x[w0] * (1 - l) + x[w1] * l}, then likewise along the height. Differentiable.
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
      // align_corners=True maps every pixel onto itself. A new array (callers free the input), but not through
      // NDArray.duplicate: DJL's PyTorch duplicate is a detached copy, which would cut the autograd graph here
      // (a backbone answering at full resolution then gave logits without a grad_fn). x * 1 is exact.
      return x.mul(1);
    }
    NDManager m = x.getManager();
    NDArray out = x;
    if (inW != width) {
      NDArray w = matrix(m, (int) inW, (int) width, x);
      NDArray wt = w.transpose();                                                          // inW x width
      out = out.matMul(wt);
      wt.close();
      w.close();
    }
    if (inH != height) {
      NDArray wh = matrix(m, (int) inH, (int) height, x);                                    // height x inH
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

  private static NDArray matrix(NDManager m, int in, int out, NDArray like) {
    Shape shape = new Shape(out, in);
    if (like.getDataType() == DataType.FLOAT64) {
      // libtorch computes a double tensor's weights in double; float32 weights would perturb them by ~1e-7.
      return owned(m.create(weightsDouble(in, out), shape));
    }
    NDArray a = owned(m.create(weights(in, out), shape));
    if (a.getDataType() == like.getDataType()) {
      return a;
    }
    NDArray cast = a.toType(like.getDataType(), false);
    a.close();
    return cast;
  }

  /**
   * A copy of {@code fromJava} in memory that libtorch allocated; {@code fromJava} is closed. An array that {@code
   * NDManager.create} made from Java data is a view of a direct buffer that only its Java object keeps alive: once
   * that object is closed and collected, whatever libtorch still holds on the buffer (a transposed view, a tensor
   * autograd saved for the backward pass) reads freed memory. That gave training its rare non-finite gradients
   * under a finite loss; use this for any such array that is closed while the graph may still need it.
   */
  public static NDArray owned(NDArray fromJava) {
    NDArray copy = fromJava.duplicate(); // libtorch's clone: its own storage
    fromJava.close();
    return copy;
  }

  /**
   * Row-major {@code out x in} interpolation matrix with libtorch's align-corners linear weights, in float32: source
   * index {@code scale * i} with {@code scale = (in - 1) / (out - 1)}, lower neighbour weight {@code 1 - l}, upper
   * {@code l}; at the last input index both neighbours coincide.
   */
  static float[] weights(int in, int out) {
    double[] w = weights(in, out, x -> (float) x);
    float[] f = new float[w.length];
    for (int i = 0; i < w.length; i++) {
      f[i] = (float) w[i];
    }
    return f;
  }

  /** {@link #weights} computed in float64. */
  static double[] weightsDouble(int in, int out) {
    return weights(in, out, x -> x);
  }

  /**
   * The weights with every operation rounded by {@code round}: float32 arithmetic when it rounds to float (a double
   * operation on floats rounded once to float is exactly the float operation), float64 when it is the identity.
   */
  private static double[] weights(int in, int out, DoubleUnaryOperator round) {
    double[] w = new double[out * in];
    double scale = out > 1 ? round.applyAsDouble((double) (in - 1) / (out - 1)) : 0d;
    for (int i = 0; i < out; i++) {
      double real = round.applyAsDouble(scale * i);
      int i0 = (int) real;
      double lambda = Math.min(Math.max(round.applyAsDouble(real - i0), 0d), 1d);
      int i1 = i0 + (i0 < in - 1 ? 1 : 0);
      w[i * in + i0] = round.applyAsDouble(w[i * in + i0] + round.applyAsDouble(1d - lambda));
      w[i * in + i1] = round.applyAsDouble(w[i * in + i1] + lambda);
    }
    return w;
  }
}
