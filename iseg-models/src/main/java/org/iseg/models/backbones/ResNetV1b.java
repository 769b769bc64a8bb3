package org.iseg.models.backbones;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.iseg.models.nn.Activations;
import org.iseg.models.nn.BatchNorm2dBlock;
import org.iseg.models.nn.Conv2dBlock;
import org.iseg.models.nn.Sequential;
import org.iseg.models.nn.TorchModule;

/**
 * RITM's {@code ResNetBackbone(backbone, dilated=True)} ({@code isegm/model/modeling/resnet.py} over
 * {@code resnetv1b.py}): a ResNet v1b whose stages 3 and 4 are dilated (2, 4) instead of strided, so the last
 * stage is at stride 8. Inputs (image[, stemFeatures]); outputs (c1, c4): the first stage at stride 4 and the last
 * at stride 8.
 *
 * <p>{@link Spec#RESNET34} is {@code resnet34_v1b} (basic blocks, 7x7 stem); {@link Spec#RESNET50} is
 * {@code resnet50_v1s} (bottleneck blocks, "deep stem" of three 3x3 convolutions ending in 128 channels, stored
 * as {@code conv1.0 .. conv1.6}).
 *
 * <pre>{@code
 * ResNetV1b r50 = new ResNetV1b(ResNetV1b.Spec.RESNET50, 3);
 * }</pre>
 */
public final class ResNetV1b extends TorchModule {

  /**
   * A ResNet v1b variant: basic or bottleneck blocks, blocks per stage, and whether the stem is the deep one
   * (stem width 64, so 128 channels out).
   */
  public record Spec(String name, boolean bottleneck, List<Integer> layers, boolean deepStem) {
    /** {@code resnet34_v1b}. */
    public static final Spec RESNET34 = new Spec("resnet34", false, List.of(3, 4, 6, 3), false);
    /** {@code resnet50_v1s}. */
    public static final Spec RESNET50 = new Spec("resnet50", true, List.of(3, 4, 6, 3), true);

    public Spec {
      layers = List.copyOf(layers);
      if (layers.size() != 4) {
        throw new IllegalArgumentException("a ResNet has 4 stages, got " + layers);
      }
    }

    /** Output channels per {@code planes} of a block: 4 for bottlenecks, 1 for basic blocks. */
    public int expansion() {
      return bottleneck ? ResidualBlocks.Bottleneck.EXPANSION : ResidualBlocks.Basic.EXPANSION;
    }

    /** Channels after the stem ({@code bn1}). */
    public int stemOutChannels() {
      return deepStem ? 128 : 64;
    }

    /** Channels of the first stage's output (the DeepLab skip connection). */
    public int c1Channels() {
      return 64 * expansion();
    }

    /** Channels of the last stage's output (the ASPP input). */
    public int c4Channels() {
      return 512 * expansion();
    }
  }

  private static final int DEEP_STEM_WIDTH = 64;
  private final Spec spec;
  private final int inputChannels;
  private final Block conv1;
  private final BatchNorm2dBlock bn1;
  private final Sequential layer1;
  private final Sequential layer2;
  private final Sequential layer3;
  private final Sequential layer4;
  private int inplanes;

  public ResNetV1b(Spec spec, int inputChannels) {
    this.spec = spec;
    this.inputChannels = inputChannels;
    if (spec.deepStem()) {
      conv1 = child("conv1", Sequential.of(
          Conv2dBlock.builder(inputChannels, DEEP_STEM_WIDTH).kernel(3).stride(2).padding(1).noBias().build(),
          new BatchNorm2dBlock(DEEP_STEM_WIDTH), Activations.relu(),
          Conv2dBlock.builder(DEEP_STEM_WIDTH, DEEP_STEM_WIDTH).kernel(3).padding(1).noBias().build(),
          new BatchNorm2dBlock(DEEP_STEM_WIDTH), Activations.relu(),
          Conv2dBlock.builder(DEEP_STEM_WIDTH, 2 * DEEP_STEM_WIDTH).kernel(3).padding(1).noBias().build()));
    } else {
      conv1 = child("conv1", Conv2dBlock.builder(inputChannels, 64).kernel(7).stride(2).padding(3).noBias().build());
    }
    inplanes = spec.stemOutChannels();
    bn1 = child("bn1", new BatchNorm2dBlock(inplanes));
    layer1 = child("layer1", layer(64, spec.layers().get(0), 1, 1));
    layer2 = child("layer2", layer(128, spec.layers().get(1), 2, 1));
    layer3 = child("layer3", layer(256, spec.layers().get(2), 1, 2));
    layer4 = child("layer4", layer(512, spec.layers().get(3), 1, 4));
  }

  public Spec spec() {
    return spec;
  }

  public int inputChannels() {
    return inputChannels;
  }

  private Sequential layer(int planes, int blocks, int stride, int dilation) {
    int out = planes * spec.expansion();
    Optional<Sequential> down = stride != 1 || inplanes != out
        ? Optional.of(ResidualBlocks.downsample(inplanes, out, stride)) : Optional.empty();
    // resnetv1b's _make_layer: the first block of a dilated stage uses half the dilation (1 for 2, 2 for 4).
    int firstDilation = dilation == 4 ? 2 : 1;
    List<Block> list = new ArrayList<>();
    list.add(block(inplanes, planes, stride, firstDilation, dilation, down));
    inplanes = out;
    for (int i = 1; i < blocks; i++) {
      list.add(block(inplanes, planes, 1, dilation, dilation, Optional.empty()));
    }
    return Sequential.of(list);
  }

  private Block block(int in, int planes, int stride, int dilation, int previousDilation,
      Optional<Sequential> down) {
    return spec.bottleneck()
        ? new ResidualBlocks.Bottleneck(in, planes, stride, dilation, down)
        : new ResidualBlocks.Basic(in, planes, stride, dilation, previousDilation, down);
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
    NDArray x = reluFree(callFree(bn1, ps, call1(conv1, ps, inputs.get(0), training), training), training);
    if (inputs.size() > 1) {
      NDArray extra = inputs.get(1);
      NDArray padded = padChannels(extra, x.getShape().get(1), training);
      x = release(training, x.add(padded), x, padded == extra ? null : padded);
    }
    x = release(training, Pool.maxPool2d(x, new Shape(3, 3), new Shape(2, 2), new Shape(1, 1), false), x);
    NDArray c1 = callFree(layer1, ps, x, training);
    NDArray c2 = call1(layer2, ps, c1, training);
    NDArray c3 = callFree(layer3, ps, c2, training);
    NDArray c4 = callFree(layer4, ps, c3, training);
    return new NDList(c1, c4);
  }

  /**
   * RITM zero-pads the extra stem features (64 channels from maps_transform) to the stem width, so with the deep
   * stem (128 channels) they are added to the first 64 channels only.
   */
  private static NDArray padChannels(NDArray features, long channels, boolean training) {
    Shape s = features.getShape();
    if (s.get(1) == channels) {
      return features;
    }
    if (s.get(1) > channels) {
      throw new IllegalArgumentException("stem features have " + s.get(1) + " channels, more than the stem's "
          + channels);
    }
    NDArray zeros = features.getManager().zeros(new Shape(s.get(0), channels - s.get(1), s.get(2), s.get(3)),
        features.getDataType(), features.getDevice());
    return release(training, features.concat(zeros, 1), zeros);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape s = inputShapes[0];
    long h = ((s.get(2) - 1) / 2) / 2 + 1;
    long w = ((s.get(3) - 1) / 2) / 2 + 1;
    return new Shape[] {new Shape(s.get(0), spec.c1Channels(), h, w),
        new Shape(s.get(0), spec.c4Channels(), (h - 1) / 2 + 1, (w - 1) / 2 + 1)};
  }
}
