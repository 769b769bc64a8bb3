package org.iseg.models.fusion;

/**
 * Where click maps and the previous mask enter the backbone.
 *
 * <pre>{@code
 * NetworkConfig.builder().fusion(Fusion.INTERMEDIATE) ...
 * }</pre>
 */
public enum Fusion {
  /** Concatenated with the image at the input; the backbone's first convolution takes the extra channels. */
  EARLY,
  /**
   * RITM's {@code maps_transform}: 1x1 conv to 16, (leaky) ReLU, 3x3 stride-2 conv to the stem width,
   * {@code ScaleLayer(0.05)}, added to the features after the first stem convolution.
   */
  INTERMEDIATE
}
