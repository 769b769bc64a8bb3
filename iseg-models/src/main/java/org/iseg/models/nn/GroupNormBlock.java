package org.iseg.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * PyTorch's {@code nn.GroupNorm(groups, channels)} (eps 1e-5, affine) on N x C x H x W: each group of
 * {@code channels / groups} channels is normalised by its own mean and biased variance over channels and pixels,
 * then scaled by {@code weight} and shifted by {@code bias} per channel. DJL has no group norm; this is the
 * textbook formula in float32 NDArray operations.
 *
 * <pre>{@code
 * NDArray y = child("norm", new GroupNormBlock(32, 256)).apply(features);
 * }</pre>
 */
public final class GroupNormBlock extends TorchModule {
  private static final float EPS = 1e-5f;
  private final int groups;
  private final int channels;
  private final Parameter weight;
  private final Parameter bias;

  public GroupNormBlock(int groups, int channels) {
    if (groups <= 0 || channels <= 0 || channels % groups != 0) {
      throw new IllegalArgumentException("group norm needs channels divisible by groups, got " + channels + " / "
          + groups);
    }
    this.groups = groups;
    this.channels = channels;
    weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.GAMMA)
        .optShape(new Shape(channels)).optInitializer(Initializer.ONES).build());
    bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BETA)
        .optShape(new Shape(channels)).optInitializer(Initializer.ZEROS).build());
  }

  public NDArray apply(NDArray x) {
    Shape s = x.getShape();
    if (s.dimension() != 4 || s.get(1) != channels) {
      throw new IllegalArgumentException("group norm expects N x " + channels + " x H x W, got " + s);
    }
    NDArray grouped = x.reshape(s.get(0), groups, -1);
    NDArray mean = grouped.mean(new int[] {2}, true);
    NDArray centred = grouped.sub(mean);
    NDArray var = centred.square().mean(new int[] {2}, true);
    NDArray normed = centred.div(var.add(EPS).sqrt()).reshape(s);
    NDArray w = weight.getArray().reshape(1, channels, 1, 1);
    NDArray b = bias.getArray().reshape(1, channels, 1, 1);
    NDArray out = normed.mul(w).add(b);
    for (NDArray t : new NDArray[] {grouped, mean, centred, var, normed, w, b}) {
      t.close();
    }
    return out;
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
