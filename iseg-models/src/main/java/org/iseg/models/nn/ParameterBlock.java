package org.iseg.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * A module that only holds one tensor, e.g. PyTorch's {@code nn.Embedding} ({@code weight}, read as a table, never
 * looked up) or a bare {@code nn.Parameter}. Its forward returns the tensor.
 *
 * <pre>{@code
 * ParameterBlock queryFeat = child("query_feat", new ParameterBlock("weight", 100, 256));
 * NDArray table = queryFeat.value();   // 100 x 256
 * }</pre>
 */
public final class ParameterBlock extends TorchModule {
  private final Parameter parameter;

  public ParameterBlock(String name, long... shape) {
    parameter = parameter(name, Parameter.Type.WEIGHT, new Shape(shape), Initializer.ZEROS);
  }

  /** The tensor (owned by the parameter; do not close it). */
  public NDArray value() {
    return parameter.getArray();
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
    return new NDList(value());
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {parameter.getShape()};
  }
}
