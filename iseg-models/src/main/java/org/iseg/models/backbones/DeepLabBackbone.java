package org.iseg.models.backbones;

import ai.djl.nn.Block;
import java.util.Optional;

/**
 * RITM's {@code DeeplabModel} backbone: {@link DeepLabV3Plus} on ResNet-34 as the feature extractor and a
 * {@link DeepLabV3Plus.SepConvHead} (ch to ch / 2, 2 layers, 1 output) beside it. No auxiliary output.
 *
 * <pre>{@code
 * Backbone b = BackboneProvider.registry().get("resnet34").create(BackboneConfig.rgb());
 * }</pre>
 */
public final class DeepLabBackbone implements Backbone {
  private final DeepLabV3Plus net;
  private final DeepLabV3Plus.SepConvHead head;

  public DeepLabBackbone(int deeplabChannels, float asppDropout, BackboneConfig config) {
    net = new DeepLabV3Plus(deeplabChannels, asppDropout, config.inputChannels());
    head = new DeepLabV3Plus.SepConvHead(1, deeplabChannels, deeplabChannels / 2);
  }

  @Override
  public Block block() {
    return net;
  }

  @Override
  public Optional<Block> head() {
    return Optional.of(head);
  }

  @Override
  public int stemChannels() {
    return 64;
  }

  @Override
  public int inputChannels() {
    return net.inputChannels();
  }

  @Override
  public int outputStride() {
    return 4;
  }

  @Override
  public boolean hasAuxOutput() {
    return false;
  }

  /** {@code resnet34}: RITM's r34_dh128 setup (DeepLabV3+ width 128, ASPP dropout 0.2). */
  public static final class Resnet34Provider implements BackboneProvider {
    @Override
    public String name() {
      return "resnet34";
    }

    @Override
    public String description() {
      return "ResNet-34 v1b (dilated) + DeepLabV3+ 128 channels, ASPP dropout 0.2 (RITM's r34_dh128)";
    }

    @Override
    public Backbone create(BackboneConfig config) {
      return new DeepLabBackbone(128, 0.2f, config);
    }
  }
}
