package org.iseg.engine.predictors;

/**
 * An axis-aligned box of pixels with inclusive bounds, RITM's {@code (rmin, rmax, cmin, cmax)}.
 *
 * <pre>{@code
 * Roi box = Roi.boundingBox(mask, height, width).orElseThrow();
 * Roi crop = box.expand(1.4, 200).clamp(height, width);
 * }</pre>
 */
public record Roi(int rowMin, int rowMax, int colMin, int colMax) {

  public Roi {
    if (rowMax < rowMin || colMax < colMin) {
      throw new IllegalArgumentException(
          "empty box: rows " + rowMin + ".." + rowMax + ", cols " + colMin + ".." + colMax);
    }
  }

  /** The whole {@code height x width} image. */
  public static Roi whole(int height, int width) {
    return new Roi(0, height - 1, 0, width - 1);
  }

  public int height() {
    return rowMax - rowMin + 1;
  }

  public int width() {
    return colMax - colMin + 1;
  }

  /** The tight box around the true pixels of a row-major mask, empty when none is true. */
  public static java.util.Optional<Roi> boundingBox(boolean[] mask, int height, int width) {
    if (mask.length != height * width) {
      throw new IllegalArgumentException(
          "mask has " + mask.length + " pixels, expected " + height + "x" + width + " = " + height * width);
    }
    int rMin = Integer.MAX_VALUE;
    int rMax = -1;
    int cMin = Integer.MAX_VALUE;
    int cMax = -1;
    for (int r = 0; r < height; r++) {
      int base = r * width;
      for (int c = 0; c < width; c++) {
        if (mask[base + c]) {
          rMin = Math.min(rMin, r);
          rMax = r;
          cMin = Math.min(cMin, c);
          cMax = Math.max(cMax, c);
        }
      }
    }
    return rMax < 0 ? java.util.Optional.empty() : java.util.Optional.of(new Roi(rMin, rMax, cMin, cMax));
  }

  /**
   * RITM's {@code expand_bbox}: the box scaled by {@code ratio} about its centre, each side at least
   * {@code minSize}, bounds rounded half-to-even as Python's {@code round} does. May leave the image: clamp next.
   */
  public Roi expand(double ratio, int minSize) {
    double rowCenter = 0.5 * (rowMin + rowMax);
    double colCenter = 0.5 * (colMin + colMax);
    double h = Math.max(ratio * height(), minSize);
    double w = Math.max(ratio * width(), minSize);
    return new Roi(
        (int) Math.rint(rowCenter - 0.5 * h),
        (int) Math.rint(rowCenter + 0.5 * h),
        (int) Math.rint(colCenter - 0.5 * w),
        (int) Math.rint(colCenter + 0.5 * w));
  }

  /** RITM's {@code clamp_bbox} to a {@code height x width} image. */
  public Roi clamp(int height, int width) {
    return new Roi(Math.max(0, rowMin), Math.min(height - 1, rowMax), Math.max(0, colMin), Math.min(width - 1, colMax));
  }

  /** RITM's {@code get_bbox_iou}: the product of the row-interval IoU and the column-interval IoU. */
  public double iou(Roi other) {
    return segmentIou(rowMin, rowMax, other.rowMin, other.rowMax) * segmentIou(colMin, colMax, other.colMin, other.colMax);
  }

  private static double segmentIou(int a, int b, int c, int d) {
    double intersection = Math.max(0, Math.min(b, d) - Math.max(a, c) + 1);
    double union = Math.max(1e-6, Math.max(b, d) - Math.min(a, c) + 1);
    return intersection / union;
  }
}
