package org.iseg.api;

import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * An immutable binary mask with an optional ignore region, {@code height x width}.
 *
 * <p>Every pixel is exactly one of object, background or ignore. Ignore marks pixels that no metric counts and
 * no robot clicks, as the 128-valued boundary band of GrabCut's masks. The labels follow RITM's convention:
 * {@code 1} object, {@code 0} background, {@code -1} ignore.
 *
 * <pre>{@code
 * Mask target = Mask.fromLabels(h, w, labels);   // 1 / 0 / -1 per pixel
 * Mask errors = prediction.xor(target);          // ignore pixels stay ignored
 * }</pre>
 */
public final class Mask {
  public static final byte OBJECT = 1;
  public static final byte BACKGROUND = 0;
  public static final byte IGNORE = -1;

  private final int height;
  private final int width;
  private final byte[] labels;
  private final int area;
  private final int ignoredCount;

  private Mask(int height, int width, byte[] labels) {
    this.height = height;
    this.width = width;
    this.labels = labels;
    int objects = 0;
    int ignored = 0;
    for (byte label : labels) {
      if (label == OBJECT) {
        objects++;
      } else if (label == IGNORE) {
        ignored++;
      }
    }
    this.area = objects;
    this.ignoredCount = ignored;
  }

  /** A mask from per-pixel labels {@code 1} (object), {@code 0} (background), {@code -1} (ignore); copied. */
  public static Mask fromLabels(int height, int width, byte[] labels) {
    Checks.checkSize(height, width);
    Checks.checkNotNull("labels", labels);
    Checks.checkLength("labels", labels.length, (long) height * width, height, width);
    for (int i = 0; i < labels.length; i++) {
      byte label = labels[i];
      if (label != OBJECT && label != BACKGROUND && label != IGNORE) {
        throw new IllegalArgumentException(
            "label " + label + " at (" + i / width + ", " + i % width + ") is not 1, 0 or -1");
      }
    }
    return new Mask(height, width, labels.clone());
  }

  /** A mask without ignore region; {@code object[i]} is pixel {@code (i / width, i % width)}. */
  public static Mask of(int height, int width, boolean[] object) {
    Checks.checkSize(height, width);
    Checks.checkNotNull("object", object);
    Checks.checkLength("object", object.length, (long) height * width, height, width);
    byte[] labels = new byte[object.length];
    for (int i = 0; i < object.length; i++) {
      labels[i] = object[i] ? OBJECT : BACKGROUND;
    }
    return new Mask(height, width, labels);
  }

  /** A mask with an ignore region; a pixel may not be both object and ignored. */
  public static Mask of(int height, int width, boolean[] object, boolean[] ignore) {
    Checks.checkSize(height, width);
    Checks.checkNotNull("object", object);
    Checks.checkNotNull("ignore", ignore);
    Checks.checkLength("object", object.length, (long) height * width, height, width);
    Checks.checkLength("ignore", ignore.length, (long) height * width, height, width);
    byte[] labels = new byte[object.length];
    for (int i = 0; i < object.length; i++) {
      if (object[i] && ignore[i]) {
        throw new IllegalArgumentException(
            "pixel (" + i / width + ", " + i % width + ") is both object and ignore; choose one");
      }
      labels[i] = ignore[i] ? IGNORE : object[i] ? OBJECT : BACKGROUND;
    }
    return new Mask(height, width, labels);
  }

  /** A mask whose object pixels are those where {@code isObject} holds for the flat index. */
  public static Mask fromPredicate(int height, int width, IntPredicate isObject) {
    Checks.checkSize(height, width);
    byte[] labels = new byte[height * width];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = isObject.test(i) ? OBJECT : BACKGROUND;
    }
    return new Mask(height, width, labels);
  }

  public static Mask empty(int height, int width) {
    Checks.checkSize(height, width);
    return new Mask(height, width, new byte[height * width]);
  }

  public static Mask full(int height, int width) {
    Checks.checkSize(height, width);
    byte[] labels = new byte[height * width];
    Arrays.fill(labels, OBJECT);
    return new Mask(height, width, labels);
  }

  public int height() {
    return height;
  }

  public int width() {
    return width;
  }

  /** Number of object pixels. */
  public int area() {
    return area;
  }

  /** Number of ignored pixels. */
  public int ignoredCount() {
    return ignoredCount;
  }

  public boolean hasIgnore() {
    return ignoredCount > 0;
  }

  public boolean isEmpty() {
    return area == 0;
  }

  /** Label at (row, col): {@link #OBJECT}, {@link #BACKGROUND} or {@link #IGNORE}. */
  public byte label(int row, int col) {
    checkInside(row, col);
    return labels[row * width + col];
  }

  public boolean isObject(int row, int col) {
    return label(row, col) == OBJECT;
  }

  public boolean isIgnored(int row, int col) {
    return label(row, col) == IGNORE;
  }

  /** Label at a flat index {@code row * width + col}, for loops over all pixels. */
  public byte labelAt(int index) {
    return labels[index];
  }

  /** A copy of the labels, row by row. */
  public byte[] toLabels() {
    return labels.clone();
  }

  /** A copy of the object pixels, row by row. */
  public boolean[] toObjectArray() {
    boolean[] out = new boolean[labels.length];
    for (int i = 0; i < labels.length; i++) {
      out[i] = labels[i] == OBJECT;
    }
    return out;
  }

  /** A copy of the ignore pixels, row by row. */
  public boolean[] toIgnoreArray() {
    boolean[] out = new boolean[labels.length];
    for (int i = 0; i < labels.length; i++) {
      out[i] = labels[i] == IGNORE;
    }
    return out;
  }

  /** Object pixels of both masks; the ignore region is the union of both. */
  public Mask and(Mask other) {
    return combine(other, (a, b) -> a && b);
  }

  /** Object pixels of either mask; the ignore region is the union of both. */
  public Mask or(Mask other) {
    return combine(other, (a, b) -> a || b);
  }

  /** Pixels that are object in exactly one mask; the ignore region is the union of both. */
  public Mask xor(Mask other) {
    return combine(other, (a, b) -> a != b);
  }

  /** Object pixels of this mask that are not object in {@code other}; the ignore region is the union. */
  public Mask minus(Mask other) {
    return combine(other, (a, b) -> a && !b);
  }

  /** Object and background swapped; the ignore region is kept. */
  public Mask not() {
    byte[] out = new byte[labels.length];
    for (int i = 0; i < labels.length; i++) {
      byte label = labels[i];
      out[i] = label == IGNORE ? IGNORE : label == OBJECT ? BACKGROUND : OBJECT;
    }
    return new Mask(height, width, out);
  }

  /** The same object pixels with the ignore region turned into background. */
  public Mask withoutIgnore() {
    if (ignoredCount == 0) {
      return this;
    }
    byte[] out = labels.clone();
    for (int i = 0; i < out.length; i++) {
      if (out[i] == IGNORE) {
        out[i] = BACKGROUND;
      }
    }
    return new Mask(height, width, out);
  }

  /** This mask with the object pixels of {@code region} marked ignore (they stop being object). */
  public Mask withIgnore(Mask region) {
    requireSameSize("ignore region", region);
    byte[] out = labels.clone();
    for (int i = 0; i < out.length; i++) {
      if (region.labels[i] == OBJECT) {
        out[i] = IGNORE;
      }
    }
    return new Mask(height, width, out);
  }

  /** The ignore region as an object mask without ignore pixels. */
  public Mask ignoreRegion() {
    return fromPredicate(height, width, i -> labels[i] == IGNORE);
  }

  /** Fails with a message naming {@code what} unless {@code other} has this mask's size. */
  public void requireSameSize(String what, Mask other) {
    Checks.checkNotNull(what, other);
    Checks.checkSameSize(what, other.height, other.width, "this mask", height, width);
  }

  /** Fails with a message naming {@code what} unless {@code image} has this mask's size. */
  public void requireSameSize(String what, Image image) {
    Checks.checkNotNull(what, image);
    // here `what` names this mask, the image is the reference
    Checks.checkSameSize(what, height, width, "the image", image.height(), image.width());
  }

  private Mask combine(Mask other, BooleanOp op) {
    requireSameSize("other mask", other);
    byte[] out = new byte[labels.length];
    for (int i = 0; i < labels.length; i++) {
      byte a = labels[i];
      byte b = other.labels[i];
      if (a == IGNORE || b == IGNORE) {
        out[i] = IGNORE;
      } else {
        out[i] = op.apply(a == OBJECT, b == OBJECT) ? OBJECT : BACKGROUND;
      }
    }
    return new Mask(height, width, out);
  }

  private void checkInside(int row, int col) {
    if (row < 0 || row >= height || col < 0 || col >= width) {
      throw new IndexOutOfBoundsException(
          "(" + row + ", " + col + ") outside " + height + "x" + width + " mask");
    }
  }

  @FunctionalInterface
  private interface BooleanOp {
    boolean apply(boolean a, boolean b);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Mask other
        && other.height == height
        && other.width == width
        && Arrays.equals(other.labels, labels);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * height + width) + Arrays.hashCode(labels);
  }

  @Override
  public String toString() {
    return "Mask[" + height + "x" + width + ", area=" + area + ", ignored=" + ignoredCount + "]";
  }
}
