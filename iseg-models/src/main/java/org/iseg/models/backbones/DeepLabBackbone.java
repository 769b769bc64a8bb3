package org.iseg.models.backbones;

import ai.djl.nn.Block;
import java.util.Optional;
import org.iseg.api.spi.AbstractNamedProvider;

/**
 * RITM's {@code DeeplabModel} backbone: {@link DeepLabV3Plus} on a {@link ResNetV1b} (ResNet-34 or ResNet-50) as
 * the feature extractor and a {@link DeepLabV3Plus.SepConvHead} (ch to ch / 2, 2 layers, 1 output) beside it. No
 * auxiliary output.
 *
 * <p>Intermediate fusion adds 64 channels (RITM's {@code maps_transform} width) after the stem; with ResNet-50's
 * 128-channel deep stem RITM zero-pads them, i.e. they reach only the first 64 channels.
 *
 * <pre>{@code
 * Backbone b = BackboneProvider.registry().get("resnet34").create(BackboneConfig.rgb());
 * }</pre>
 */
public final class DeepLabBackbone implements Backbone {
  private final DeepLabV3Plus net;
  private final DeepLabV3Plus.SepConvHead head;

  /** RITM's maps_transform output width, whatever the stem width. */
  private static final int FUSION_CHANNELS = 64;

  public DeepLabBackbone(ResNetV1b.Spec resnet, int deeplabChannels, float asppDropout, BackboneConfig config) {
    net = new DeepLabV3Plus(resnet, deeplabChannels, asppDropout, config.inputChannels());
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
    return FUSION_CHANNELS;
  }

  @Override
  public int inputChannels() {
    return net.inputChannels();
  }

  @Override
  public int outputStride() {
    return 4;
  }

  /** RITM's DeeplabModel: only the ResNet ({@code feature_extractor.backbone}) at the backbone rate. */
  @Override
  public boolean trainsAtBackboneRate(String parameterName) {
    return parameterName.startsWith("backbone.");
  }

  @Override
  public boolean hasAuxOutput() {
    return false;
  }

  /** A DeepLabV3+ (width 128, ASPP dropout 0.2) over one ResNet, by name. */
  private abstract static class Provider extends AbstractNamedProvider implements BackboneProvider {
    private final ResNetV1b.Spec resnet;

    Provider(String name, String description, ResNetV1b.Spec resnet) {
      super(name, description);
      this.resnet = resnet;
    }

    @Override
    public Backbone create(BackboneConfig config) {
      return new DeepLabBackbone(resnet, 128, 0.2f, config);
    }
  }

  /** {@code resnet34}: RITM's r34_dh128 setup (DeepLabV3+ width 128, ASPP dropout 0.2). */
  public static final class Resnet34Provider extends Provider {
    public Resnet34Provider() {
      super("resnet34", "ResNet-34 v1b (dilated) + DeepLabV3+ 128 channels, ASPP dropout 0.2 (RITM's r34_dh128)",
          ResNetV1b.Spec.RESNET34);
    }
  }

  /** {@code resnet50}: RITM's r50_dh128 setup (ResNet-50 v1s, DeepLabV3+ width 128, ASPP dropout 0.2). */
  public static final class Resnet50Provider extends Provider {
    public Resnet50Provider() {
      super("resnet50", "ResNet-50 v1s (deep stem, dilated) + DeepLabV3+ 128 channels, ASPP dropout 0.2 (RITM's "
          + "r50_dh128)", ResNetV1b.Spec.RESNET50);
    }
  }
}
