package org.iseg.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/**
 * Base of the blocks that mirror a PyTorch {@code nn.Module}: children carry the PyTorch attribute names
 * ({@code conv1}, {@code 0}, {@code fuse_layers}) so a state dict maps one-to-one (see {@link StateDicts}).
 *
 * <p>Parameter shapes are fixed at construction, as in PyTorch, so initialisation never infers shapes; the
 * children are initialised with the shapes {@link #childInputShapes} says they receive.
 *
 * <pre>{@code
 * class Stem extends TorchModule {
 *   Stem() { child("conv1", Conv2dBlock.builder(3, 64).kernel(3).stride(2).padding(1).noBias().build()); }
 * }
 * }</pre>
 */
public abstract class TorchModule extends AbstractBlock {

  /** Adds a child under its PyTorch attribute name. */
  protected final <B extends Block> B child(String name, B block) {
    return addChildBlock(name, block);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    for (var pair : getChildren()) {
      pair.getValue().initialize(manager, dataType, childInputShapes(pair.getValue(), inputShapes));
    }
  }

  /**
   * Runs a child block. Children that are {@code TorchModule}s are called without DJL's per-call
   * initialisation check (which walks the whole subtree's parameters on every call); the network is
   * initialised as a whole by its root.
   */
  protected static NDList call(Block block, ParameterStore ps, NDList inputs, boolean training) {
    if (block instanceof TorchModule module) {
      return module.forwardInternal(ps, inputs, training, null);
    }
    return block.forward(ps, inputs, training);
  }

  /** {@link #call} on a single array, returning the single result. */
  protected static NDArray call1(Block block, ParameterStore ps, NDArray input, boolean training) {
    return call(block, ps, new NDList(input), training).singletonOrThrow();
  }

  /**
   * The input shapes a child sees, given this module's input shapes; DJL records them as metadata only
   * (parameter shapes are fixed), so modules whose children see other shapes may override this.
   */
  protected Shape[] childInputShapes(Block child, Shape[] inputShapes) {
    return inputShapes;
  }
}
