package org.iseg.api;

/**
 * One click: a pixel (row, col), its sign, and its position {@code index} in the interaction (0 = first).
 *
 * <pre>{@code
 * Click first = Click.positive(120, 64, 0);
 * }</pre>
 */
public record Click(int row, int col, boolean positive, int index) {
  public Click {
    if (row < 0 || col < 0) {
      throw new IllegalArgumentException("click (" + row + ", " + col + ") has a negative coordinate");
    }
    if (index < 0) {
      throw new IllegalArgumentException("click index must be >= 0, got " + index);
    }
  }

  public static Click positive(int row, int col, int index) {
    return new Click(row, col, true, index);
  }

  public static Click negative(int row, int col, int index) {
    return new Click(row, col, false, index);
  }

  /** Fails with a clear message unless the click lies inside a {@code height x width} image. */
  public Click requireInside(int height, int width) {
    if (row >= height || col >= width) {
      throw new IllegalArgumentException(
          "click (" + row + ", " + col + ") lies outside the " + height + "x" + width
              + " image (rows 0.." + (height - 1) + ", cols 0.." + (width - 1) + ")");
    }
    return this;
  }
}
