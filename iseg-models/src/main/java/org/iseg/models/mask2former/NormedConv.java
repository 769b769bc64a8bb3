package org.iseg.models.mask2former;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.initializer.Initializer;
import org.iseg.models.nn.GroupNormBlock;
import org.iseg.models.nn.UnaryModule;

/**
 * detectron2's {@code Conv2d} wrapper as Mask2Former's pixel decoder uses it: a convolution whose own parameters are
 * {@code weight} (and {@code bias} if any), followed by the child {@code norm} (GroupNorm) and optionally ReLU
 * ({@code adapter_1}: 1x1, no activation; {@code layer_1}: 3x3 + ReLU).
 */
final class NormedConv extends UnaryModule {
  private final Parameter weight;
  private final Parameter bias;
  private final GroupNormBlock norm;
  private final int padding;
  private final boolean relu;

  NormedConv(int in, int out, int kernel, boolean withBias, int groups, boolean relu) {
    weight = parameter("weight", Parameter.Type.WEIGHT, new Shape(out, in, kernel, kernel), Initializer.ZEROS);
    bias = withBias ? parameter("bias", Parameter.Type.BIAS, new Shape(out), Initializer.ZEROS) : null;
    norm = child("norm", new GroupNormBlock(groups, out));
    this.padding = kernel / 2;
    this.relu = relu;
  }

  @Override
  public NDArray apply(NDArray x) {
    NDArray y = Conv2d.conv2d(x, weight.getArray(), bias == null ? null : bias.getArray(), new Shape(1, 1),
        new Shape(padding, padding), new Shape(1, 1), 1).singletonOrThrow();
    NDArray normed = norm.apply(y);
    y.close();
    if (!relu) {
      return normed;
    }
    NDArray out = Activation.relu(normed);
    normed.close();
    return out;
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape s = inputShapes[0];
    return new Shape[] {new Shape(s.get(0), weight.getShape().get(0), s.get(2), s.get(3))};
  }
}
