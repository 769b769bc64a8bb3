package org.iseg.data.io;

import java.util.Arrays;
import org.iseg.data.FullMask;

/**
 * An integer label per pixel, as read from a label image (palette indices of an indexed PNG, grey values
 * otherwise). Immutable.
 *
 * <pre>{@code
 * LabelMap voc = ImageFiles.readLabels(path);        // PASCAL SegmentationObject: indices, 255 = void
 * FullMask full = voc.replace(255, FullMask.IGNORE).toFullMask();
 * }</pre>
 */
public final class LabelMap {
  private final int height;
  private final int width;
  private final int[] labels;

  private LabelMap(int height, int width, int[] labels) {
    this.height = height;
    this.width = width;
    this.labels = labels;
  }

  /** Labels row by row; copied. */
  public static LabelMap of(int height, int width, int[] labels) {
    if (height <= 0 || width <= 0 || labels.length != height * width) {
      throw new IllegalArgumentException(
          "label map " + height + "x" + width + " needs " + (long) height * width + " labels, got " + labels.length);
    }
    return new LabelMap(height, width, labels.clone());
  }

  static LabelMap wrap(int height, int width, int[] labels) {
    return new LabelMap(height, width, labels);
  }

  public int height() {
    return height;
  }

  public int width() {
    return width;
  }

  public int labelAt(int index) {
    return labels[index];
  }

  /** A copy of the labels. */
  public int[] toArray() {
    return labels.clone();
  }

  /** Every pixel labelled {@code from} relabelled {@code to}. */
  public LabelMap replace(int from, int to) {
    int[] out = labels.clone();
    for (int i = 0; i < out.length; i++) {
      if (out[i] == from) {
        out[i] = to;
      }
    }
    return new LabelMap(height, width, out);
  }

  /** A single-layer full mask with these labels (which must be -1, 0 or positive). */
  public FullMask toFullMask() {
    return FullMask.of(height, width, labels);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LabelMap other && other.height == height && other.width == width
        && Arrays.equals(other.labels, labels);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * height + width) + Arrays.hashCode(labels);
  }

  @Override
  public String toString() {
    return "LabelMap[" + height + "x" + width + "]";
  }
}
