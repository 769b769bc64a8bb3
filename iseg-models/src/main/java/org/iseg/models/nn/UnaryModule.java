package org.iseg.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A module of one array in and one array out, called directly through {@link #apply} by its owner; DJL's
 * {@code forward} runs the same method. Output shapes are the input shapes unless a subclass says otherwise.
 *
 * <pre>{@code
 * NDArray y = child("norm", new LayerNormBlock(256)).apply(x);
 * }</pre>
 */
public abstract class UnaryModule extends TorchModule {
  /** This module on {@code x}. */
  public abstract NDArray apply(NDArray x);

  @Override
  protected final NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
      PairList<String, Object> p) {
    return new NDList(apply(inputs.singletonOrThrow()));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return inputShapes;
  }
}
