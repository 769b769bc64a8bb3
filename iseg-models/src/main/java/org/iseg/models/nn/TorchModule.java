package org.iseg.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;

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

  /** Adds a parameter of fixed shape under its PyTorch name. */
  protected final Parameter parameter(String name, Parameter.Type type, Shape shape, Initializer initializer) {
    return addParameter(
        Parameter.builder().setName(name).setType(type).optShape(shape).optInitializer(initializer).build());
  }

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
   * Frees {@code temporaries} in inference, where nothing keeps a reference to them; returns {@code result}.
   * Without this every intermediate feature map of a forward pass would live until the caller's manager closes
   * (about 1 GB for HRNet-W32 at 400 x 400). In training they are kept for DJL's bookkeeping.
   */
  protected static NDArray release(boolean training, NDArray result, NDArray... temporaries) {
    if (!training) {
      for (NDArray t : temporaries) {
        if (t != null && t != result) {
          t.close();
        }
      }
    }
    return result;
  }

  /** Whether {@code list} holds this very array (NDList.contains compares contents). */
  protected static boolean holds(NDList list, NDArray array) {
    for (NDArray a : list) {
      if (a == array) {
        return true;
      }
    }
    return false;
  }

  /** {@link #call1} that frees its input in inference (for inputs that are this module's temporaries). */
  protected static NDArray callFree(Block block, ParameterStore ps, NDArray input, boolean training) {
    return release(training, call1(block, ps, input, training), input);
  }

  /** ReLU that frees its input in inference. */
  protected static NDArray reluFree(NDArray input, boolean training) {
    return release(training, ai.djl.nn.Activation.relu(input), input);
  }

  /**
   * The input shapes a child sees, given this module's input shapes; DJL records them as metadata only
   * (parameter shapes are fixed), so modules whose children see other shapes may override this.
   */
  protected Shape[] childInputShapes(Block child, Shape[] inputShapes) {
    return inputShapes;
  }
}
