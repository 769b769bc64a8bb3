package org.iseg.api;

import java.util.Arrays;

/**
 * Per-channel input normalisation of an RGB image scaled to [0, 1], {@code (v / 255 - mean[c]) / std[c]} in
 * float32 (torchvision's {@code ToTensor} then {@code Normalize}, RITM's {@code BatchImageNormalize}). A plain
 * value type shared by the data transforms and the networks.
 *
 * <pre>{@code
 * float[] chw = Normalization.IMAGENET.toChw(image);   // 3 * h * w floats, channel-major
 * }</pre>
 *
 * @param mean per-channel mean of the [0, 1] values (R, G, B)
 * @param std per-channel standard deviation, each {@code > 0}
 */
public record Normalization(float[] mean, float[] std) {
  /** ImageNet statistics, as RITM normalises its inputs. */
  public static final Normalization IMAGENET =
      new Normalization(new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});
  /** Scaling to [0, 1] only: mean 0, std 1. */
  public static final Normalization NONE = new Normalization(new float[] {0, 0, 0}, new float[] {1, 1, 1});
  /** Scaling to [-1, 1], {@code x / 127.5 - 1}: Keras's MobileNet preprocessing ({@code mode="tf"}). */
  public static final Normalization SYMMETRIC =
      new Normalization(new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.5f, 0.5f, 0.5f});

  public Normalization {
    Checks.checkNotNull("mean", mean);
    Checks.checkNotNull("std", std);
    if (mean.length != 3 || std.length != 3) {
      throw new IllegalArgumentException("mean and std need 3 values (RGB), got " + mean.length + " and " + std.length);
    }
    for (float s : std) {
      if (!(s > 0f)) {
        throw new IllegalArgumentException("std must be > 0, got " + Arrays.toString(std));
      }
    }
    mean = mean.clone();
    std = std.clone();
  }

  @Override
  public float[] mean() {
    return mean.clone();
  }

  @Override
  public float[] std() {
    return std.clone();
  }

  /** The normalised image, channel-major ({@code 3 x H x W}). */
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

  @Override
  public boolean equals(Object o) {
    return o instanceof Normalization n && Arrays.equals(n.mean, mean) && Arrays.equals(n.std, std);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
  }

  @Override
  public String toString() {
    return "Normalization[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
  }
}
