package org.iseg.models.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;

/**
 * A module that holds parameters and named children so that a state dict maps key for key, while its owner
 * computes with them through typed methods (several inputs, masks, shapes): DJL's {@code forward} is refused.
 *
 * <pre>{@code
 * final class FfnLayer extends ParameterModule {
 *   FfnLayer(int dim, int hidden) { linear1 = child("linear1", new LinearBlock(dim, hidden)); ... }
 *   NDArray apply(NDArray x) { ... }     // what the owner calls
 * }
 * }</pre>
 */
public abstract class ParameterModule extends TorchModule {
  @Override
  protected final NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
      PairList<String, Object> p) {
    throw new UnsupportedOperationException(
        getClass().getSimpleName() + " is called through its own methods, not DJL's forward");
  }

  /** The input shapes, as metadata only (parameter shapes are fixed at construction). */
  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return inputShapes;
  }

  /** A module that only names its children: {@code blocks.get(i)} under {@code names.get(i)}. */
  public static ParameterModule holder(List<String> names, List<? extends Block> blocks) {
    if (names.size() != blocks.size()) {
      throw new IllegalArgumentException(names.size() + " names for " + blocks.size() + " blocks");
    }
    return new Holder(names, blocks);
  }

  private static final class Holder extends ParameterModule {
    Holder(List<String> names, List<? extends Block> blocks) {
      for (int i = 0; i < names.size(); i++) {
        child(names.get(i), blocks.get(i));
      }
    }
  }
}
