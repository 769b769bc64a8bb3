package org.iseg.models.backbones;

/**
 * How a backbone is built: the number of input channels of its first convolution (3 for RGB; early fusion
 * widens it to take click maps and the previous mask as well).
 *
 * <pre>{@code
 * BackboneConfig early = BackboneConfig.withInputChannels(6);   // RGB + prev mask + 2 click maps
 * }</pre>
 */
public record BackboneConfig(int inputChannels) {
  public BackboneConfig {
    if (inputChannels <= 0) {
      throw new IllegalArgumentException("backbone input channels must be > 0, got " + inputChannels);
    }
  }

  /** A plain RGB backbone. */
  public static BackboneConfig rgb() {
    return new BackboneConfig(3);
  }

  public static BackboneConfig withInputChannels(int channels) {
    return new BackboneConfig(channels);
  }
}
