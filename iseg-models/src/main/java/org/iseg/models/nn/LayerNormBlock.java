package org.iseg.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.initializer.Initializer;

/**
 * PyTorch's {@code nn.LayerNorm(dim)} (eps 1e-5) over the last axis: {@code weight}, {@code bias}.
 *
 * <pre>{@code
 * NDArray y = child("norm1", new LayerNormBlock(256)).apply(x);
 * }</pre>
 */
public final class LayerNormBlock extends UnaryModule {
  private static final float EPS = 1e-5f;
  private final int dim;
  private final Parameter weight;
  private final Parameter bias;

  public LayerNormBlock(int dim) {
    this.dim = dim;
    weight = parameter("weight", Parameter.Type.GAMMA, new Shape(dim), Initializer.ONES);
    bias = parameter("bias", Parameter.Type.BETA, new Shape(dim), Initializer.ZEROS);
  }

  @Override
  public NDArray apply(NDArray x) {
    return LayerNorm.layerNorm(x, new Shape(dim), weight.getArray(), bias.getArray(), EPS).singletonOrThrow();
  }
}
