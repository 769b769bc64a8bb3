package org.iseg.models.backbones;

import ai.djl.nn.Block;

/**
 * {@link HighResolutionNet} as a {@link Backbone}.
 *
 * <pre>{@code
 * Backbone b = HrnetBackbone.create(new HighResolutionNet.Spec(18, 64, false), BackboneConfig.rgb());
 * }</pre>
 */
public final class HrnetBackbone implements Backbone {
  private final HighResolutionNet net;

  private HrnetBackbone(HighResolutionNet net) {
    this.net = net;
  }

  public static HrnetBackbone create(HighResolutionNet.Spec spec, BackboneConfig config) {
    return new HrnetBackbone(new HighResolutionNet(spec, config.inputChannels()));
  }

  public HighResolutionNet.Spec spec() {
    return net.spec();
  }

  @Override
  public Block block() {
    return net;
  }

  @Override
  public int stemChannels() {
    return HighResolutionNet.STEM_CHANNELS;
  }

  @Override
  public int inputChannels() {
    return net.inputChannels();
  }

  @Override
  public int outputStride() {
    return 4;
  }

  /** RITM's HRNetModel: the whole extractor at the backbone rate except its OCR modules, reset to 1. */
  @Override
  public boolean trainsAtBackboneRate(String parameterName) {
    return !isOcrModule(parameterName);
  }

  /** Whether a parameter (name relative to the HRNet) belongs to the OCR modules RITM trains at the full rate. */
  public static boolean isOcrModule(String parameterName) {
    return parameterName.startsWith("ocr_distri_head.") || parameterName.startsWith("ocr_gather_head.")
        || parameterName.startsWith("conv3x3_ocr.");
  }

  @Override
  public boolean hasAuxOutput() {
    return net.spec().ocrWidth() > 0;
  }
}
