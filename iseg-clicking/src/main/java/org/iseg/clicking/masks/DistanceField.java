package org.iseg.clicking.masks;

/**
 * The exact Euclidean distance transform of a region, stored only over the region's bounding box (plus a
 * one-pixel ring): every pixel outside that window has distance 0. Immutable.
 *
 * <pre>{@code
 * DistanceField field = MaskOps.distanceField(errors);          // 1-px zero padding, as RITM
 * int deepest = field.firstMaximum(new int[0]);                 // flat index row * width + col
 * }</pre>
 */
public final class DistanceField {
  private final int height;
  private final int width;
  private final int top;
  private final int left;
  private final int rows;
  private final int cols;
  private final float[] window;

  DistanceField(int height, int width, int top, int left, int rows, int cols, float[] window) {
    this.height = height;
    this.width = width;
    this.top = top;
    this.left = left;
    this.rows = rows;
    this.cols = cols;
    this.window = window;
  }

  static DistanceField zeros(int height, int width) {
    return new DistanceField(height, width, 0, 0, 0, 0, new float[0]);
  }

  public int height() {
    return height;
  }

  public int width() {
    return width;
  }

  /** Distance at (row, col). */
  public float get(int row, int col) {
    if (row < 0 || row >= height || col < 0 || col >= width) {
      throw new IndexOutOfBoundsException("(" + row + ", " + col + ") outside " + height + "x" + width);
    }
    int r = row - top;
    int c = col - left;
    return r >= 0 && r < rows && c >= 0 && c < cols ? window[r * cols + c] : 0f;
  }

  /** All distances, row by row (allocates {@code height * width} floats). */
  public float[] toArray() {
    float[] out = new float[height * width];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(window, r * cols, out, (top + r) * width + left, cols);
    }
    return out;
  }

  /**
   * The distance at a flat index, or 0 when the index is in {@code excluded}: RITM's map multiplied by its
   * {@code not_clicked_map}. Together with {@link #firstMaximum} it gives the map's maximum.
   */
  public float valueExcluding(int flat, int[] excluded) {
    return contains(excluded, flat) ? 0f : get(flat / width, flat % width);
  }

  /**
   * The flat index ({@code row * width + col}) of the first pixel in row-major order that holds the maximum once
   * the {@code excluded} pixels are set to 0: numpy's {@code np.where(d == d.max())[0][0]}. When every distance is
   * 0 that is pixel (0, 0).
   */
  public int firstMaximum(int[] excluded) {
    float best = 0f;
    int bestAt = 0;
    for (int r = 0; r < rows; r++) {
      int base = r * cols;
      for (int c = 0; c < cols; c++) {
        float v = window[base + c];
        if (v > best) {
          int flat = (top + r) * width + left + c;
          // Exclusion is checked only on an improvement: rare, and the list is short (the clicks so far).
          if (!contains(excluded, flat)) {
            best = v;
            bestAt = flat;
          }
        }
      }
    }
    return bestAt;
  }

  private static boolean contains(int[] values, int value) {
    for (int v : values) {
      if (v == value) {
        return true;
      }
    }
    return false;
  }
}
