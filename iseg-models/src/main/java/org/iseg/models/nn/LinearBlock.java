package org.iseg.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.initializer.Initializer;

/**
 * PyTorch's {@code nn.Linear(in, out)}: {@code weight} (out x in) and {@code bias} (out); {@code y = x W^T + b} over
 * the last axis of any-rank input.
 *
 * <pre>{@code
 * LinearBlock proj = child("value_proj", new LinearBlock(256, 256));
 * NDArray y = proj.apply(tokens);   // N x S x 256
 * }</pre>
 */
public final class LinearBlock extends UnaryModule {
  private final int in;
  private final int out;
  private final Parameter weight;
  private final Parameter bias;

  public LinearBlock(int in, int out) {
    this(in, out, true);
  }

  /** {@code nn.Linear(in, out, bias=withBias)}: without a bias there is no {@code bias} tensor. */
  public LinearBlock(int in, int out, boolean withBias) {
    if (in <= 0 || out <= 0) {
      throw new IllegalArgumentException("linear layer needs positive sizes, got " + in + " -> " + out);
    }
    this.in = in;
    this.out = out;
    weight = parameter("weight", Parameter.Type.WEIGHT, new Shape(out, in), Initializer.ZEROS);
    bias = withBias ? parameter("bias", Parameter.Type.BIAS, new Shape(out), Initializer.ZEROS) : null;
  }

  public int inFeatures() {
    return in;
  }

  public int outFeatures() {
    return out;
  }

  /** {@code x W^T + b}; {@code x}'s last axis must have {@link #inFeatures()} entries. */
  @Override
  public NDArray apply(NDArray x) {
    Shape s = x.getShape();
    if (s.get(s.dimension() - 1) != in) {
      throw new IllegalArgumentException("linear layer expects " + in + " features in the last axis, got " + s);
    }
    return (bias == null ? Linear.linear(x, weight.getArray()) : Linear.linear(x, weight.getArray(), bias.getArray()))
        .singletonOrThrow();
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape s = inputShapes[0];
    return new Shape[] {s.slice(0, s.dimension() - 1).add(out)};
  }
}
