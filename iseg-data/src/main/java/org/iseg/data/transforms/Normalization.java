package org.iseg.data.transforms;

import org.iseg.api.FeatureMaps;
import org.iseg.api.Image;

/**
 * The last step before a network: an RGB image to float {@code 3 x H x W} (channel-major), scaled to [0, 1] and
 * normalised per channel, {@code (v / 255 - mean[c]) / std[c]}.
 *
 * <pre>{@code
 * float[] chw = Normalization.imageNet().toChw(image);   // 3 * h * w floats
 * }</pre>
 *
 * @param mean per-channel mean of the [0, 1] values (R, G, B)
 * @param std per-channel standard deviation
 */
public record Normalization(float[] mean, float[] std) {
  public Normalization {
    if (mean.length != 3 || std.length != 3) {
      throw new IllegalArgumentException("mean and std need 3 values (R, G, B)");
    }
    for (float s : std) {
      if (!(s > 0)) {
        throw new IllegalArgumentException("std values must be positive, got " + s);
      }
    }
    mean = mean.clone();
    std = std.clone();
  }

  /** ImageNet statistics, as RITM normalises its inputs. */
  public static Normalization imageNet() {
    return new Normalization(new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});
  }

  /** Only scaling to [0, 1]. */
  public static Normalization unit() {
    return new Normalization(new float[] {0, 0, 0}, new float[] {1, 1, 1});
  }

  @Override
  public float[] mean() {
    return mean.clone();
  }

  @Override
  public float[] std() {
    return std.clone();
  }

  /** The normalised image, channel-major. */
  public float[] toChw(Image image) {
    int n = image.height() * image.width();
    byte[] rgb = image.toRgbBytes();
    float[] out = new float[3 * n];
    for (int c = 0; c < 3; c++) {
      float m = mean[c];
      float s = std[c];
      int base = c * n;
      for (int i = 0; i < n; i++) {
        out[base + i] = ((rgb[3 * i + c] & 0xFF) / 255f - m) / s;
      }
    }
    return out;
  }

  /** The normalised image as feature maps. */
  public FeatureMaps toFeatureMaps(Image image) {
    return FeatureMaps.of(3, image.height(), image.width(), toChw(image));
  }
}
