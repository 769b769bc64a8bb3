package org.iseg.metrics.segmentation;

import java.util.Arrays;
import org.iseg.api.coco.CocoMasks;

/**
 * A binary mask in COCO's run-length encoding ({@code maskApi.c}'s {@code RLE}): alternating runs of 0s and 1s
 * in column-major order, starting with 0s. Areas, boxes and overlaps are computed on the runs, as
 * {@code pycocotools.mask} does, without decoding the pixels.
 *
 * <pre>{@code
 * RleMask m = RleMask.fromString(427, 640, "Xc`13...");        // a results file's {size, counts}
 * RleMask n = RleMask.fromMask(pixels, 427, 640);               // row-major boolean[]
 * double iou = m.iou(n, false);
 * }</pre>
 *
 * @param height rows
 * @param width columns
 * @param counts run lengths, summing to height x width
 */
public record RleMask(int height, int width, int[] counts) {
  public RleMask {
    if (height < 0 || width < 0) {
      throw new IllegalArgumentException("mask size must not be negative, got " + height + "x" + width);
    }
    CocoMasks.checkCounts(counts, height, width);
    counts = counts.clone();
  }

  @Override
  public int[] counts() {
    return counts.clone();
  }

  /** From COCO's compressed counts string ({@code rleFrString}). */
  public static RleMask fromString(int height, int width, String counts) {
    return new RleMask(height, width, CocoMasks.decodeString(counts));
  }

  /** From row-major object pixels ({@code rleEncode}). */
  public static RleMask fromMask(boolean[] rowMajor, int height, int width) {
    return new RleMask(height, width, CocoMasks.fromMask(rowMajor, height, width));
  }

  /** The union of polygons {@code x0, y0, x1, y1, ...} ({@code frPyObjects} + {@code merge}). */
  public static RleMask fromPolygons(double[][] polygons, int height, int width) {
    return fromMask(CocoMasks.polygonsToMask(polygons, height, width), height, width);
  }

  /** Row-major object pixels. */
  public boolean[] toMask() {
    return CocoMasks.toMask(counts, height, width);
  }

  /** COCO's compressed counts string ({@code rleToString}). */
  public String countsString() {
    return CocoMasks.encodeString(counts);
  }

  /** Object pixels ({@code rleArea}). */
  public long area() {
    long a = 0;
    for (int i = 1; i < counts.length; i += 2) {
      a += counts[i];
    }
    return a;
  }

  /** The bounding box {x, y, w, h} ({@code rleToBbox}); all 0 for an empty mask. */
  public double[] bbox() {
    long h = height;
    int m = (counts.length / 2) * 2;
    if (m == 0) {
      return new double[4];
    }
    long xs = width;
    long ys = height;
    long xe = 0;
    long ye = 0;
    long cc = 0;
    long xp = 0;
    for (int j = 0; j < m; j++) {
      cc += counts[j];
      long t = cc - j % 2;
      long y = t % h;
      long x = (t - y) / h;
      if (j % 2 == 0) {
        xp = x;
      } else if (xp < x) {
        ys = 0;
        ye = h - 1;
      }
      xs = Math.min(xs, x);
      xe = Math.max(xe, x);
      ys = Math.min(ys, y);
      ye = Math.max(ye, y);
    }
    return new double[] {xs, ys, xe - xs + 1, ye - ys + 1};
  }

  /** Pixels in both masks (same size required). */
  public long intersection(RleMask other) {
    return overlap(other)[0];
  }

  /**
   * COCO's IoU ({@code rleIou}): intersection over union, or over this mask's area when {@code otherIsCrowd}
   * (a detection against a crowd region); 0 when they do not intersect.
   */
  public double iou(RleMask other, boolean otherIsCrowd) {
    long[] iu = overlap(other);
    long i = iu[0];
    long u = iu[1];
    if (i == 0) {
      u = 1;
    } else if (otherIsCrowd) {
      u = area();
    }
    return (double) i / (double) u;
  }

  /** {intersection, union} by walking both run lists ({@code rleIou}'s loop). */
  private long[] overlap(RleMask other) {
    if (height != other.height || width != other.width) {
      throw new IllegalArgumentException("masks of different sizes: " + height + "x" + width + " and "
          + other.height + "x" + other.width);
    }
    int[] a = counts;
    int[] b = other.counts;
    if (a.length == 0 || b.length == 0) {
      return new long[] {0, 0};
    }
    long ca = a[0];
    long cb = b[0];
    int ka = a.length;
    int kb = b.length;
    boolean va = false;
    boolean vb = false;
    int ia = 1;
    int ib = 1;
    long inter = 0;
    long union = 0;
    long ct = 1;
    while (ct > 0) {
      long c = Math.min(ca, cb);
      if (va || vb) {
        union += c;
        if (va && vb) {
          inter += c;
        }
      }
      ct = 0;
      ca -= c;
      if (ca == 0 && ia < ka) {
        ca = a[ia++];
        va = !va;
      }
      ct += ca;
      cb -= c;
      if (cb == 0 && ib < kb) {
        cb = b[ib++];
        vb = !vb;
      }
      ct += cb;
    }
    return new long[] {inter, union};
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RleMask r && r.height == height && r.width == width && Arrays.equals(r.counts, counts);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * height + width) + Arrays.hashCode(counts);
  }

  @Override
  public String toString() {
    return "RleMask[" + height + "x" + width + ", area " + area() + "]";
  }
}
