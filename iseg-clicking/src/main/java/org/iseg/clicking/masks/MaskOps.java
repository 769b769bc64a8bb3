package org.iseg.clicking.masks;

import java.util.ArrayList;
import java.util.List;
import org.iseg.api.Mask;

/**
 * Pixel operations on masks that robots and samplers share: RITM's exact distance transform, connected
 * components, the largest region, morphology that never empties a mask, and RITM's border band. The pixel
 * algorithms are OpenCV's (through {@link CvBridge}); everything here is stateless and thread-safe.
 *
 * <pre>{@code
 * DistanceField depth = MaskOps.distanceField(target);     // exact L2, image border counts as background
 * Mask biggest = MaskOps.largestComponent(errors, 4);      // 4-connected
 * Mask band = MaskOps.borderMask(target, 0.1);             // RITM's negative "border" region
 * }</pre>
 *
 * <p>Operations read the object pixels of a mask; ignore pixels count as not-object. Results keep the input's
 * ignore region except where noted.
 */
public final class MaskOps {
  private MaskOps() {}

  /** Object pixels of {@code mask} as 0/1 bytes, row by row. */
  public static byte[] objectBytes(Mask mask) {
    byte[] out = new byte[mask.height() * mask.width()];
    for (int i = 0; i < out.length; i++) {
      out[i] = mask.labelAt(i) == Mask.OBJECT ? (byte) 1 : 0;
    }
    return out;
  }

  /** {@link #distanceField(byte[], int, int, boolean)} of the object pixels, with RITM's 1-pixel zero padding. */
  public static DistanceField distanceField(Mask region) {
    return distanceField(objectBytes(region), region.height(), region.width(), true);
  }

  /**
   * Exact Euclidean distance (OpenCV {@code DIST_L2, DIST_MASK_PRECISE}) of every non-zero pixel of {@code region}
   * (0/1 bytes, row by row) to the nearest zero pixel. With {@code pad}, the image is first surrounded by one ring
   * of zeros and the ring is cropped afterwards, exactly as RITM's clicker does, so pixels on the image border
   * have distance 1. Without it, only zero pixels inside the image count.
   *
   * <p>Only the bounding box of the region (plus a one-pixel ring) is transformed: every pixel outside it is zero,
   * and the nearest zero of a pixel inside can always be found on that ring, so the distances are identical to a
   * transform of the whole image (tested against it), at a fraction of the cost for small regions.
   */
  public static DistanceField distanceField(byte[] region, int height, int width, boolean pad) {
    if (region.length != height * width) {
      throw new IllegalArgumentException(
          "region has " + region.length + " pixels but the size is " + height + "x" + width);
    }
    int r0 = height;
    int r1 = -1;
    int c0 = width;
    int c1 = -1;
    for (int r = 0; r < height; r++) {
      int base = r * width;
      int first = -1;
      int last = -1;
      for (int c = 0; c < width; c++) {
        if (region[base + c] != 0) {
          if (first < 0) {
            first = c;
          }
          last = c;
        }
      }
      if (first >= 0) {
        r0 = Math.min(r0, r);
        r1 = r;
        c0 = Math.min(c0, first);
        c1 = Math.max(c1, last);
      }
    }
    if (r1 < 0) {
      return DistanceField.zeros(height, width);
    }
    // The transformed buffer: the bounding box plus a ring, zero-filled where it leaves the image (pad) or
    // clipped to the image (no pad).
    int bt = pad ? r0 - 1 : Math.max(0, r0 - 1);
    int bl = pad ? c0 - 1 : Math.max(0, c0 - 1);
    int bb = pad ? r1 + 1 : Math.min(height - 1, r1 + 1);
    int br = pad ? c1 + 1 : Math.min(width - 1, c1 + 1);
    int rows = bb - bt + 1;
    int cols = br - bl + 1;
    byte[] buffer = new byte[rows * cols];
    for (int r = r0; r <= r1; r++) {
      System.arraycopy(region, r * width + c0, buffer, (r - bt) * cols + (c0 - bl), c1 - c0 + 1);
    }
    float[] dist = CvBridge.distanceTransform(buffer, rows, cols);
    int wr = r1 - r0 + 1;
    int wc = c1 - c0 + 1;
    float[] window = new float[wr * wc];
    for (int r = 0; r < wr; r++) {
      System.arraycopy(dist, (r + r0 - bt) * cols + (c0 - bl), window, r * wc, wc);
    }
    return new DistanceField(height, width, r0, c0, wr, wc, window);
  }

  /** The distance transform of the whole image with OpenCV on the full buffer (no bounding-box shortcut). */
  public static float[] distanceTransformFull(byte[] region, int height, int width, boolean pad) {
    if (!pad) {
      return CvBridge.distanceTransform(region, height, width);
    }
    int rows = height + 2;
    int cols = width + 2;
    byte[] buffer = new byte[rows * cols];
    for (int r = 0; r < height; r++) {
      System.arraycopy(region, r * width, buffer, (r + 1) * cols + 1, width);
    }
    float[] dist = CvBridge.distanceTransform(buffer, rows, cols);
    float[] out = new float[height * width];
    for (int r = 0; r < height; r++) {
      System.arraycopy(dist, (r + 1) * cols + 1, out, r * width, width);
    }
    return out;
  }

  /**
   * Connected components of the object pixels.
   *
   * @param connectivity 4 or 8
   */
  public static Components components(Mask region, int connectivity) {
    return components(objectBytes(region), region.height(), region.width(), connectivity);
  }

  /** Connected components of the non-zero pixels of {@code region} (0/1 bytes, row by row). */
  public static Components components(byte[] region, int height, int width, int connectivity) {
    if (connectivity != 4 && connectivity != 8) {
      throw new IllegalArgumentException("connectivity must be 4 or 8, got " + connectivity);
    }
    if (region.length != height * width) {
      throw new IllegalArgumentException(
          "region has " + region.length + " pixels but the size is " + height + "x" + width);
    }
    int[] labels = new int[height * width];
    int[] areas = CvBridge.connectedComponents(region, height, width, connectivity, labels);
    return new Components(height, width, labels, areas);
  }

  /**
   * The outline of every 8-connected object region as {x, y} points (OpenCV's simplified external contours, holes
   * not traced), largest region first: what a polygon export (COCO, CVAT) needs for masks of several parts.
   */
  public static List<List<int[]>> outlines(Mask mask) {
    List<int[]> contours = CvBridge.externalContours(objectBytes(mask), mask.height(), mask.width());
    List<List<int[]>> out = new ArrayList<>();
    List<Double> areas = new ArrayList<>();
    for (int[] xy : contours) {
      List<int[]> polygon = new ArrayList<>();
      for (int i = 0; i < xy.length; i += 2) {
        polygon.add(new int[] {xy[i], xy[i + 1]});
      }
      out.add(polygon);
      areas.add(shoelace(xy));
    }
    Integer[] order = new Integer[out.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, b) -> Double.compare(areas.get(b), areas.get(a)));
    List<List<int[]>> sorted = new ArrayList<>();
    for (int i : order) {
      sorted.add(out.get(i));
    }
    return sorted;
  }

  private static double shoelace(int[] xy) {
    double twice = 0;
    int n = xy.length / 2;
    for (int i = 0; i < n; i++) {
      int j = (i + 1) % n;
      twice += (double) xy[2 * i] * xy[2 * j + 1] - (double) xy[2 * j] * xy[2 * i + 1];
    }
    return Math.abs(twice) / 2;
  }

  /** The largest connected component of the object pixels (ties: lowest label); empty if there are none. */
  public static Mask largestComponent(Mask region, int connectivity) {
    Components components = components(region, connectivity);
    return components.count() == 0
        ? Mask.empty(region.height(), region.width())
        : components.mask(components.largest());
  }

  /** {@code iterations} erosions with a 3x3 square (cv2.erode); the ignore region is kept. */
  public static Mask erode(Mask mask, int iterations) {
    return morph(mask, false, iterations);
  }

  /** {@code iterations} dilations with a 3x3 square (cv2.dilate); grown pixels never enter the ignore region. */
  public static Mask dilate(Mask mask, int iterations) {
    return morph(mask, true, iterations);
  }

  /**
   * Erodes unless that leaves {@code minArea} object pixels or fewer, in which case the mask is returned as it is
   * (RITM's {@code _positive_erode} uses 10). A non-empty mask therefore never comes back empty.
   */
  public static Mask safeErode(Mask mask, int iterations, int minArea) {
    Mask eroded = erode(mask, iterations);
    return eroded.area() > minArea ? eroded : mask;
  }

  /** Dilates unless the mask is empty; never empties a mask (dilation only grows), ignore region kept. */
  public static Mask safeDilate(Mask mask, int iterations) {
    return mask.isEmpty() ? mask : dilate(mask, iterations);
  }

  /**
   * RITM's border band ({@code MultiPointSampler._get_border_mask}): the object dilated
   * {@code ceil(expandRatio * sqrt(area))} times with a 3x3 square, minus the object itself.
   */
  public static Mask borderMask(Mask mask, double expandRatio) {
    if (!(expandRatio >= 0)) {
      throw new IllegalArgumentException("expandRatio must be >= 0, got " + expandRatio);
    }
    int iterations = (int) Math.ceil(expandRatio * Math.sqrt(mask.area()));
    if (iterations == 0 || mask.isEmpty()) {
      return Mask.empty(mask.height(), mask.width());
    }
    byte[] grown = CvBridge.morphology(objectBytes(mask), mask.height(), mask.width(), true, iterations);
    return Mask.fromPredicate(
        mask.height(), mask.width(), i -> grown[i] != 0 && mask.labelAt(i) != Mask.OBJECT);
  }

  private static Mask morph(Mask mask, boolean dilate, int iterations) {
    if (iterations < 0) {
      throw new IllegalArgumentException("iterations must be >= 0, got " + iterations);
    }
    if (iterations == 0) {
      return mask;
    }
    byte[] out = CvBridge.morphology(objectBytes(mask), mask.height(), mask.width(), dilate, iterations);
    byte[] labels = new byte[out.length];
    for (int i = 0; i < out.length; i++) {
      byte old = mask.labelAt(i);
      labels[i] = old == Mask.IGNORE ? Mask.IGNORE : out[i] != 0 ? Mask.OBJECT : Mask.BACKGROUND;
    }
    return Mask.fromLabels(mask.height(), mask.width(), labels);
  }
}
