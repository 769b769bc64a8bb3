package org.iseg.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.initializer.Initializer;

/**
 * PyTorch's {@code nn.GroupNorm(groups, channels)} (eps 1e-5, affine) on N x C x H x W: each group of
 * {@code channels / groups} channels is normalised by its own mean and biased variance over channels and pixels,
 * then scaled by {@code weight} and shifted by {@code bias} per channel. DJL has no group norm; this runs libtorch's
 * layer norm over each group's values, then the per-channel affine.
 *
 * <pre>{@code
 * NDArray y = child("norm", new GroupNormBlock(32, 256)).apply(features);
 * }</pre>
 */
public final class GroupNormBlock extends UnaryModule {
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
    weight = parameter("weight", Parameter.Type.GAMMA, new Shape(channels), Initializer.ONES);
    bias = parameter("bias", Parameter.Type.BETA, new Shape(channels), Initializer.ZEROS);
  }

  @Override
  public NDArray apply(NDArray x) {
    Shape s = x.getShape();
    if (s.dimension() != 4 || s.get(1) != channels) {
      throw new IllegalArgumentException("group norm expects N x " + channels + " x H x W, got " + s);
    }
    // each group of each image is one row of a layer norm without affine (one fused libtorch pass; the
    // mean / sub / square / mean / div formula took several and was the Mask2Former pixel decoder's hot spot)
    long rowLength = s.size() / (s.get(0) * groups);
    NDArray grouped = x.reshape(s.get(0), groups, rowLength);
    NDManager m = x.getManager();
    NDArray ones = m.ones(new Shape(rowLength), x.getDataType());
    NDArray zeros = m.zeros(new Shape(rowLength), x.getDataType());
    NDArray normed = LayerNorm.layerNorm(grouped, new Shape(rowLength), ones, zeros, EPS).singletonOrThrow();
    NDArray shaped = normed.reshape(s);
    NDArray w = weight.getArray().reshape(1, channels, 1, 1);
    NDArray b = bias.getArray().reshape(1, channels, 1, 1);
    NDArray scaled = shaped.mul(w);
    NDArray out = scaled.add(b);
    for (NDArray t : new NDArray[] {grouped, ones, zeros, normed, shaped, w, b, scaled}) {
      t.close();
    }
    return out;
  }
}
