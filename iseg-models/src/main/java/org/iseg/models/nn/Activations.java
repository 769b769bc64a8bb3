package org.iseg.models.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Parameter-free layers that occupy an index in a {@link Sequential}, as in PyTorch.
 *
 * <pre>{@code
 * Sequential.of(conv, Activations.leakyRelu(0.2f), conv2);
 * }</pre>
 */
public final class Activations {
  private Activations() {}

  /** {@code nn.ReLU}. */
  public static TorchModule relu() {
    return new Elementwise("relu", 0f);
  }

  /** {@code nn.LeakyReLU(negative_slope)}. */
  public static TorchModule leakyRelu(float negativeSlope) {
    return new Elementwise("leaky_relu", negativeSlope);
  }

  private static final class Elementwise extends TorchModule {
    private final String kind;
    private final float slope;

    Elementwise(String kind, float slope) {
      this.kind = kind;
      this.slope = slope;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
      var x = inputs.singletonOrThrow();
      return new NDList(kind.equals("relu") ? Activation.relu(x) : Activation.leakyRelu(x, slope));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
      return inputShapes;
    }

    @Override
    public String toString() {
      return kind.equals("relu") ? "ReLU()" : "LeakyReLU(" + slope + ")";
    }
  }
}
