package org.iseg.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.function.BinaryOperator;
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
      return mul(x, 1);
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
   * {@code x * v}, differentiable. Not {@code NDArray.mul(Number)}: DJL makes {@code v} an array on a Java buffer and
   * closes it at once, while autograd keeps that array for the backward pass, which then reads freed memory once
   * the garbage collector has run (garbage or non-finite gradients under a finite loss). Here {@code v} lives in
   * libtorch's memory; the value and its type are DJL's ({@code NDManager.create(Number)}), so results are the same.
   */
  public static NDArray mul(NDArray x, Number v) {
    return withScalar(x, v, NDArray::mul);
  }

  /** {@code x / v}, differentiable; see {@link #mul(NDArray, Number)} for why not {@code NDArray.div(Number)}. */
  public static NDArray div(NDArray x, Number v) {
    return withScalar(x, v, NDArray::div);
  }

  /** {@code max(x, v)}, differentiable; see {@link #mul(NDArray, Number)} for why not {@code NDArray.maximum(Number)}. */
  public static NDArray maximum(NDArray x, Number v) {
    return withScalar(x, v, NDArray::maximum);
  }

  /** {@code min(x, v)}, differentiable; see {@link #mul(NDArray, Number)} for why not {@code NDArray.minimum(Number)}. */
  public static NDArray minimum(NDArray x, Number v) {
    return withScalar(x, v, NDArray::minimum);
  }

  /** {@code x ** v}, differentiable; see {@link #mul(NDArray, Number)} for why not {@code NDArray.pow(Number)}. */
  public static NDArray pow(NDArray x, Number v) {
    return withScalar(x, v, NDArray::pow);
  }

  /**
   * {@code clamp(x, min, max)}, differentiable; DJL's {@code NDArray.clip(Number, Number)} makes both bounds arrays on
   * Java buffers that it closes, and the backward pass reads them (see {@link #mul(NDArray, Number)}).
   */
  public static NDArray clip(NDArray x, Number min, Number max) {
    if (!x.hasGradient()) {
      return x.clip(min, max); // no backward pass will read the bounds: libtorch's one fused clamp
    }
    // No public clamp with array bounds in DJL; the same values, and the gradient but at exact ties.
    try (NDArray lo = scalar(x, min); NDArray hi = scalar(x, max); NDArray low = x.maximum(lo)) {
      return low.minimum(hi);
    }
  }

  private static NDArray withScalar(NDArray x, Number v, BinaryOperator<NDArray> op) {
    try (NDArray s = scalar(x, v)) {
      return op.apply(x, s);
    }
  }

  private static NDArray scalar(NDArray like, Number v) {
    return owned(like.getManager().create(v));
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
