package org.iseg.api;

import java.util.Arrays;

/**
 * An immutable per-pixel object probability in [0, 1], {@code height x width}: what a model predicts.
 *
 * <pre>{@code
 * Mask predicted = probabilities.threshold(0.49);   // RITM's evaluation threshold: p > 0.49
 * }</pre>
 */
public final class ProbabilityMap {
  private final int height;
  private final int width;
  private final float[] values;

  private ProbabilityMap(int height, int width, float[] values) {
    this.height = height;
    this.width = width;
    this.values = values;
  }

  /** Probabilities row by row; every value must lie in [0, 1] (NaN is rejected). The array is copied. */
  public static ProbabilityMap of(int height, int width, float[] values) {
    Checks.checkSize(height, width);
    Checks.checkNotNull("values", values);
    Checks.checkLength("probabilities", values.length, (long) height * width, height, width);
    for (int i = 0; i < values.length; i++) {
      float v = values[i];
      if (!(v >= 0f && v <= 1f)) {
        throw new IllegalArgumentException(
            "probability " + v + " at (" + i / width + ", " + i % width + ") is outside [0, 1]");
      }
    }
    return new ProbabilityMap(height, width, values.clone());
  }

  /** The same probability everywhere. */
  public static ProbabilityMap constant(int height, int width, float value) {
    Checks.checkSize(height, width);
    if (!(value >= 0f && value <= 1f)) {
      throw new IllegalArgumentException("probability " + value + " is outside [0, 1]");
    }
    float[] values = new float[height * width];
    Arrays.fill(values, value);
    return new ProbabilityMap(height, width, values);
  }

  public static ProbabilityMap zeros(int height, int width) {
    return constant(height, width, 0f);
  }

  /** 1 on object pixels, 0 elsewhere (ignore counts as 0): how an external mask starts an ITER-M model. */
  public static ProbabilityMap fromMask(Mask mask) {
    float[] values = new float[mask.height() * mask.width()];
    for (int i = 0; i < values.length; i++) {
      values[i] = mask.labelAt(i) == Mask.OBJECT ? 1f : 0f;
    }
    return new ProbabilityMap(mask.height(), mask.width(), values);
  }

  public int height() {
    return height;
  }

  public int width() {
    return width;
  }

  public float get(int row, int col) {
    if (row < 0 || row >= height || col < 0 || col >= width) {
      throw new IndexOutOfBoundsException(
          "(" + row + ", " + col + ") outside " + height + "x" + width + " probability map");
    }
    return values[row * width + col];
  }

  /** Probability at a flat index {@code row * width + col}. */
  public float getAt(int index) {
    return values[index];
  }

  /** A copy of the probabilities, row by row. */
  public float[] toArray() {
    return values.clone();
  }

  /** The mask of pixels whose probability is strictly greater than {@code threshold} (RITM: {@code p > thr}). */
  public Mask threshold(double threshold) {
    if (Double.isNaN(threshold)) {
      throw new IllegalArgumentException("threshold must be a number, got NaN");
    }
    return Mask.fromPredicate(height, width, i -> values[i] > threshold);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ProbabilityMap other
        && other.height == height
        && other.width == width
        && Arrays.equals(other.values, values);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * height + width) + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "ProbabilityMap[" + height + "x" + width + "]";
  }
}
