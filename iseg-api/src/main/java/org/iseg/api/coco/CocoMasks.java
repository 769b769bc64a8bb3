package org.iseg.api.coco;

import java.util.Arrays;

/**
 * COCO's mask encodings, as the reference {@code pycocotools} ({@code maskApi.c}) defines them: run-length
 * encoding in column-major (Fortran) order starting with a run of zeros, its compressed string form (5-bit
 * groups offset by 48, counts after the third stored as the difference to the count two places back), and
 * polygon rasterisation ({@code rleFrPoly}: boundary traced at 5x resolution, then the pixels whose centres lie
 * inside).
 *
 * <pre>{@code
 * int[] counts = CocoMasks.decodeString("0X1::");             // {0, 40, 10, 50}
 * boolean[] mask = CocoMasks.toMask(counts, h, w);              // row-major
 * boolean[] square = CocoMasks.toMask(CocoMasks.fromPolygon(new double[] {10,10, 20,10, 20,20, 10,20}, h, w), h, w);
 * }</pre>
 */
public final class CocoMasks {
  private CocoMasks() {}

  /** Run-length counts from COCO's compressed string ({@code rleFrString}). */
  public static int[] decodeString(String s) {
    int[] counts = new int[s.length()];
    int m = 0;
    int p = 0;
    while (p < s.length()) {
      long x = 0;
      int k = 0;
      boolean more = true;
      while (more) {
        if (p >= s.length()) {
          throw new IllegalArgumentException("COCO RLE string ends inside a number: \"" + s + "\"");
        }
        int c = s.charAt(p) - 48;
        if (c < 0 || c > 63) {
          throw new IllegalArgumentException("COCO RLE string has the invalid character '" + s.charAt(p)
              + "' at " + p);
        }
        x |= (long) (c & 0x1f) << (5 * k);
        more = (c & 0x20) != 0;
        p++;
        k++;
        if (!more && (c & 0x10) != 0) {
          x |= -1L << (5 * k);
        }
      }
      if (m > 2) {
        x += counts[m - 2];
      }
      if (x < 0 || x > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("COCO RLE string decodes to the invalid count " + x);
      }
      counts[m++] = (int) x;
    }
    return Arrays.copyOf(counts, m);
  }

  /** COCO's compressed string of run-length counts ({@code rleToString}). */
  public static String encodeString(int[] counts) {
    StringBuilder sb = new StringBuilder(counts.length * 2);
    for (int i = 0; i < counts.length; i++) {
      long x = counts[i];
      if (i > 2) {
        x -= counts[i - 2];
      }
      boolean more = true;
      while (more) {
        int c = (int) (x & 0x1f);
        x >>= 5;
        more = (c & 0x10) != 0 ? x != -1 : x != 0;
        if (more) {
          c |= 0x20;
        }
        sb.append((char) (c + 48));
      }
    }
    return sb.toString();
  }

  /** Fails unless {@code counts} are run lengths of an {@code h x w} mask: none negative, summing to h x w. */
  public static void checkCounts(int[] counts, int h, int w) {
    long total = 0;
    for (int c : counts) {
      if (c < 0) {
        throw new IllegalArgumentException("negative run length " + c);
      }
      total += c;
    }
    if (total != (long) h * w) {
      throw new IllegalArgumentException("run lengths sum to " + total + " but the mask is " + h + "x" + w
          + " = " + (long) h * w + " pixels");
    }
  }

  /** The row-major object pixels of run-length counts over an {@code h x w} image. */
  public static boolean[] toMask(int[] counts, int h, int w) {
    checkCounts(counts, h, w);
    boolean[] out = new boolean[h * w];
    int pos = 0; // column-major position
    boolean value = false;
    for (int c : counts) {
      if (value) {
        for (int j = pos; j < pos + c; j++) {
          int col = j / h;
          int row = j - col * h;
          out[row * w + col] = true;
        }
      }
      pos += c;
      value = !value;
    }
    return out;
  }

  /** Run-length counts of row-major object pixels ({@code rleEncode}). */
  public static int[] fromMask(boolean[] mask, int h, int w) {
    if (mask.length != h * w) {
      throw new IllegalArgumentException("mask has " + mask.length + " pixels, expected " + h + "x" + w);
    }
    int[] counts = new int[h * w + 1];
    int m = 0;
    boolean value = false;
    int run = 0;
    for (int col = 0; col < w; col++) {
      for (int row = 0; row < h; row++) {
        boolean v = mask[row * w + col];
        if (v != value) {
          counts[m++] = run;
          run = 0;
          value = v;
        }
        run++;
      }
    }
    counts[m++] = run;
    return Arrays.copyOf(counts, m);
  }

  /**
   * Run-length counts of one polygon {@code x0, y0, x1, y1, ...} (pixel coordinates, COCO order x then y)
   * rasterised as {@code rleFrPoly} does.
   */
  public static int[] fromPolygon(double[] xy, int h, int w) {
    if (xy.length < 6 || xy.length % 2 != 0) {
      throw new IllegalArgumentException("a polygon needs at least 3 (x, y) points, got " + xy.length + " numbers");
    }
    final double scale = 5;
    int k = xy.length / 2;
    int[] x = new int[k + 1];
    int[] y = new int[k + 1];
    for (int j = 0; j < k; j++) {
      x[j] = (int) (scale * xy[2 * j] + .5);
      y[j] = (int) (scale * xy[2 * j + 1] + .5);
    }
    x[k] = x[0];
    y[k] = y[0];
    int m = 0;
    for (int j = 0; j < k; j++) {
      m += Math.max(Math.abs(x[j] - x[j + 1]), Math.abs(y[j] - y[j + 1])) + 1;
    }
    int[] u = new int[m];
    int[] v = new int[m];
    m = 0;
    for (int j = 0; j < k; j++) {
      int xs = x[j];
      int xe = x[j + 1];
      int ys = y[j];
      int ye = y[j + 1];
      int dx = Math.abs(xe - xs);
      int dy = Math.abs(ys - ye);
      boolean flip = (dx >= dy && xs > xe) || (dx < dy && ys > ye);
      if (flip) {
        int t = xs;
        xs = xe;
        xe = t;
        t = ys;
        ys = ye;
        ye = t;
      }
      double s = dx >= dy ? (double) (ye - ys) / dx : (double) (xe - xs) / dy;
      if (dx >= dy) {
        for (int d = 0; d <= dx; d++) {
          int t = flip ? dx - d : d;
          u[m] = t + xs;
          v[m] = (int) (ys + s * t + .5);
          m++;
        }
      } else {
        for (int d = 0; d <= dy; d++) {
          int t = flip ? dy - d : d;
          v[m] = t + ys;
          u[m] = (int) (xs + s * t + .5);
          m++;
        }
      }
    }
    // points where the boundary crosses a pixel-centre column, downsampled to pixel rows
    int n = m;
    long[] a = new long[n + 1];
    int count = 0;
    for (int j = 1; j < n; j++) {
      if (u[j] != u[j - 1]) {
        double xd = u[j] < u[j - 1] ? u[j] : u[j] - 1;
        xd = (xd + .5) / scale - .5;
        if (Math.floor(xd) != xd || xd < 0 || xd > w - 1) {
          continue;
        }
        double yd = v[j] < v[j - 1] ? v[j] : v[j - 1];
        yd = (yd + .5) / scale - .5;
        if (yd < 0) {
          yd = 0;
        } else if (yd > h) {
          yd = h;
        }
        yd = Math.ceil(yd);
        a[count++] = (long) ((int) xd) * h + (int) yd;
      }
    }
    a[count++] = (long) h * w;
    Arrays.sort(a, 0, count);
    long prev = 0;
    for (int j = 0; j < count; j++) {
      long t = a[j];
      a[j] -= prev;
      prev = t;
    }
    // merge zero-length runs exactly as the reference does
    int[] b = new int[count];
    int j = 0;
    int out = 0;
    b[out++] = (int) a[j++];
    while (j < count) {
      if (a[j] > 0) {
        b[out++] = (int) a[j++];
      } else {
        j++;
        if (j < count) {
          b[out - 1] += (int) a[j++];
        }
      }
    }
    return Arrays.copyOf(b, out);
  }

  /** Object pixels of several polygons (COCO's union of the parts of one annotation), row-major. */
  public static boolean[] polygonsToMask(double[][] polygons, int h, int w) {
    boolean[] out = new boolean[h * w];
    for (double[] polygon : polygons) {
      boolean[] part = toMask(fromPolygon(polygon, h, w), h, w);
      for (int i = 0; i < out.length; i++) {
        out[i] |= part[i];
      }
    }
    return out;
  }
}
