package org.iseg.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * PyTorch's {@code nn.Sequential}: children named {@code "0"}, {@code "1"}, ... in order, each fed the
 * previous output. Parameter-free layers (ReLU) keep their index so later indices match the state dict.
 *
 * <pre>{@code
 * Sequential convBnRelu = Sequential.of(conv, new BatchNorm2dBlock(64), Activations.relu());
 * }</pre>
 */
public final class Sequential extends TorchModule {
  private final List<Block> layers;

  private Sequential(List<Block> layers) {
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("a Sequential needs at least one layer");
    }
    this.layers = List.copyOf(layers);
    for (int i = 0; i < this.layers.size(); i++) {
      child(Integer.toString(i), this.layers.get(i));
    }
  }

  public static Sequential of(Block... layers) {
    return new Sequential(List.of(layers));
  }

  public static Sequential of(List<? extends Block> layers) {
    return new Sequential(new ArrayList<>(layers));
  }

  /** The layer at {@code index}. */
  public Block get(int index) {
    return layers.get(index);
  }

  public int size() {
    return layers.size();
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDList x = inputs;
    for (Block layer : layers) {
      NDList y = call(layer, ps, x, training);
      if (!training && x != inputs) {
        // Free the previous intermediate unless a layer passed it through (dropout in inference).
        for (NDArray a : x) {
          if (!holds(y, a)) {
            a.close();
          }
        }
      }
      x = y;
    }
    return x;
  }

  @Override
  protected Shape[] childInputShapes(Block child, Shape[] inputShapes) {
    Shape[] shapes = inputShapes;
    for (Block layer : layers) {
      if (layer == child) {
        return shapes;
      }
      shapes = layer.getOutputShapes(shapes);
    }
    throw new IllegalStateException("not a child of this Sequential");
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape[] shapes = inputShapes;
    for (Block layer : layers) {
      shapes = layer.getOutputShapes(shapes);
    }
    return shapes;
  }
}
