package org.iseg.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * PyTorch's {@code nn.Dropout2d}: in training, whole channels are zeroed with probability {@code p} and the
 * rest scaled by {@code 1 / (1 - p)}; identity in inference.
 *
 * <pre>{@code
 * new Dropout2d(0.05f)
 * }</pre>
 */
public final class Dropout2d extends TorchModule {
  private final float p;
  private final boolean channelwise;

  /** {@code nn.Dropout2d(p)}: whole channels. */
  public Dropout2d(float p) {
    this(p, true);
  }

  /** {@code nn.Dropout(p)} when {@code channelwise} is false: single values. */
  public static Dropout2d elementwise(float p) {
    return new Dropout2d(p, false);
  }

  private Dropout2d(float p, boolean channelwise) {
    this.channelwise = channelwise;
    if (!(p >= 0f && p < 1f)) {
      throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + p);
    }
    this.p = p;
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    if (!training || p == 0f) {
      return inputs;
    }
    Shape s = x.getShape();
    Shape maskShape = channelwise ? new Shape(s.get(0), s.get(1), 1, 1) : s;
    NDArray keep = Ops.div(
        x.getManager().randomUniform(0f, 1f, maskShape, DataType.FLOAT32).gte(p).toType(DataType.FLOAT32, false), 1f - p);
    return new NDList(x.mul(keep));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return inputShapes;
  }
}
