package org.iseg.models.backbones;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A segmentation backbone as the fusion wrappers see it.
 *
 * <p>The block takes {@code NDList(image)} or {@code NDList(image, stemFeatures)} (N x C x H x W, the image
 * already normalised; {@code stemFeatures} is added to the output of the first stride-2 stem stage and has
 * {@link #stemChannels()} channels at half resolution) and returns {@code NDList(logits)} or
 * {@code NDList(logits, auxLogits)}, 1 channel each, at {@link #outputStride()}.
 *
 * <pre>{@code
 * Backbone hrnet = BackboneProvider.registry().get("hrnet18s").create(BackboneConfig.rgb());
 * }</pre>
 */
public interface Backbone {
  /** The network; name it {@code feature_extractor} in a parent to match RITM's state dicts. */
  Block block();

  /** Channels of the stem features where intermediate fusion adds its click features. */
  int stemChannels();

  /** Input channels of the first convolution (3 for RGB; more under early fusion). */
  int inputChannels();

  /** Logits are produced at input size / this (before upsampling). */
  int outputStride();

  /** Whether the block also returns auxiliary logits. */
  boolean hasAuxOutput();

  /**
   * A head kept beside the feature extractor (RITM's {@code DeeplabModel.head}, state-dict prefix {@code head.}),
   * applied to the block's first output to give the logits; empty when the block returns logits itself.
   */
  default Optional<Block> head() {
    return Optional.empty();
  }

  /**
   * Whether RITM's {@code backbone_lr_mult} (0.1) applies to a parameter of {@link #block()} (name relative to
   * it, e.g. {@code encoder.Conv1.weight}); the others train at the full rate. RITM lowers the rate of what was
   * pretrained, so a new decoder must answer false here. Default: every parameter (RITM's HRNet, minus OCR).
   */
  default boolean trainsAtBackboneRate(String parameterName) {
    return true;
  }

  /**
   * Loads pretrained (e.g. ImageNet) weights from {@code weights} into the feature extractor, before training;
   * the parameters must be initialised or are initialised on {@code manager}.
   *
   * @throws UnsupportedOperationException when this backbone has no pretrained-weights format
   */
  default void loadPretrained(Path weights, NDManager manager) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " reads no pretrained weights (asked for "
        + weights + "); use a backbone that does, such as mobilenetv2, or train without --pretrained");
  }
}
