package org.iseg.models.external;

import java.util.Objects;
import java.util.Optional;

/**
 * Which network output holds the mask and what it means. The output's last two dimensions are (height, width); a
 * size other than the image's is resized bilinearly (half-pixel centres, like PyTorch's
 * {@code interpolate(align_corners=False)}); leading dimensions select {@code channel} (e.g. one of SAM's three
 * masks).
 *
 * @param name the output's name (ONNX), or empty to take output number {@code index}
 * @param index the output position when {@code name} is empty
 * @param channel which {@code H x W} plane of the output to use (0 for a {@code 1 x 1 x H x W} output)
 * @param logits true if values are logits (sigmoid is applied), false if they are probabilities in [0, 1]
 */
public record OutputSpec(Optional<String> name, int index, int channel, boolean logits) {
  public OutputSpec {
    Objects.requireNonNull(name, "name");
    if (index < 0 || channel < 0) {
      throw new IllegalArgumentException("output index and channel must be >= 0, got " + index + ", " + channel);
    }
  }

  /** The first output, channel 0, as logits. */
  public static OutputSpec ofLogits() {
    return new OutputSpec(Optional.empty(), 0, 0, true);
  }

  /** The first output, channel 0, as probabilities. */
  public static OutputSpec ofProbabilities() {
    return new OutputSpec(Optional.empty(), 0, 0, false);
  }

  /** The output named {@code name}. */
  public OutputSpec named(String outputName) {
    return new OutputSpec(Optional.of(outputName), index, channel, logits);
  }

  /** Output number {@code i}. */
  public OutputSpec at(int i) {
    return new OutputSpec(Optional.empty(), i, channel, logits);
  }

  /** Plane {@code c} of the output. */
  public OutputSpec channel(int c) {
    return new OutputSpec(name, index, c, logits);
  }
}
