package org.iseg.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * PyTorch's {@code nn.LayerNorm(dim)} (eps 1e-5) over the last axis: {@code weight}, {@code bias}.
 *
 * <pre>{@code
 * NDArray y = child("norm1", new LayerNormBlock(256)).apply(x);
 * }</pre>
 */
public final class LayerNormBlock extends TorchModule {
  private static final float EPS = 1e-5f;
  private final int dim;
  private final Parameter weight;
  private final Parameter bias;

  public LayerNormBlock(int dim) {
    this.dim = dim;
    weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.GAMMA)
        .optShape(new Shape(dim)).optInitializer(Initializer.ONES).build());
    bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BETA)
        .optShape(new Shape(dim)).optInitializer(Initializer.ZEROS).build());
  }

  public NDArray apply(NDArray x) {
    return LayerNorm.layerNorm(x, new Shape(dim), weight.getArray(), bias.getArray(), EPS).singletonOrThrow();
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
    return new NDList(apply(inputs.singletonOrThrow()));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return inputShapes;
  }
}
