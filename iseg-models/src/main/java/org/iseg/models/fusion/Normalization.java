package org.iseg.models.fusion;

import ai.djl.ndarray.NDArray;
import java.util.Arrays;

/**
 * Per-channel {@code (x - mean) / std} on an N x 3 x H x W image in [0, 1] (RITM's {@code BatchImageNormalize}).
 *
 * <pre>{@code
 * NDArray x = Normalization.IMAGENET.apply(image);
 * }</pre>
 */
public record Normalization(float[] mean, float[] std) {
  /** ImageNet statistics, RITM's default. */
  public static final Normalization IMAGENET =
      new Normalization(new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});
  /** Scaling to [0, 1] only: mean 0, std 1. */
  public static final Normalization NONE = new Normalization(new float[] {0, 0, 0}, new float[] {1, 1, 1});

  public Normalization {
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

  public NDArray apply(NDArray image) {
    var m = image.getManager();
    NDArray mu = m.create(mean).reshape(1, 3, 1, 1);
    NDArray sigma = m.create(std).reshape(1, 3, 1, 1);
    return image.sub(mu).div(sigma);
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
