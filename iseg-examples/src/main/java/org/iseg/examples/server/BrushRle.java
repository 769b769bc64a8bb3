package org.iseg.examples.server;

import java.io.ByteArrayOutputStream;
import org.iseg.api.Mask;

/**
 * Label Studio's brush RLE: the mask as an RGBA image (255 in all four channels on the object, 0 elsewhere,
 * row-major), packed in the bit format of {@code @thi.ng/rle-pack}, which Label Studio's editor decodes
 * ({@code label-studio-converter}'s {@code brush.mask2rle} writes the same). The bit stream, most significant
 * bit first: the value count (32 bits), word size - 1 (5 bits, here 8), the four run-length widths - 1 (4 bits
 * each, here 3, 4, 8, 16); then records of a flag (1 = a run of one value), a 2-bit width class t, the count - 1
 * in widths[t] bits, and the 8-bit value. Only runs are written (a mask is mostly long runs), which every
 * rle-pack decoder reads.
 */
final class BrushRle {
  private static final int[] WIDTHS = {3, 4, 8, 16};
  private static final int MAX_RUN = 1 << WIDTHS[3];

  private BrushRle() {}

  /** The packed bytes, each 0..255, as Label Studio's {@code value.rle} lists them. */
  static int[] encode(Mask mask) {
    long values = 4L * mask.height() * mask.width();
    if (values > 0xFFFFFFFFL) {
      throw new IllegalArgumentException("a brush RLE holds at most 2^32 - 1 values, the mask has " + values);
    }
    Bits out = new Bits();
    out.write(values, 32);
    out.write(8 - 1, 5);
    for (int w : WIDTHS) {
      out.write(w - 1, 4);
    }
    int n = mask.height() * mask.width();
    int i = 0;
    while (i < n) {
      boolean object = mask.labelAt(i) == Mask.OBJECT;
      int j = i + 1;
      while (j < n && (mask.labelAt(j) == Mask.OBJECT) == object) {
        j++;
      }
      // Four RGBA values per pixel, all equal, so a run of pixels is one run of values.
      for (long left = 4L * (j - i); left > 0; ) {
        int count = (int) Math.min(left, MAX_RUN);
        int t = 0;
        while (count - 1 >= 1 << WIDTHS[t]) {
          t++;
        }
        out.write(1, 1);
        out.write(t, 2);
        out.write(count - 1, WIDTHS[t]);
        out.write(object ? 255 : 0, 8);
        left -= count;
      }
      i = j;
    }
    return out.toUnsigned();
  }

  /** A big-endian bit writer. */
  private static final class Bits {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private int current;
    private int used;

    void write(long value, int width) {
      for (int b = width - 1; b >= 0; b--) {
        current = (current << 1) | (int) ((value >>> b) & 1);
        if (++used == 8) {
          bytes.write(current);
          current = 0;
          used = 0;
        }
      }
    }

    int[] toUnsigned() {
      if (used > 0) {
        bytes.write(current << (8 - used));
        current = 0;
        used = 0;
      }
      byte[] b = bytes.toByteArray();
      int[] out = new int[b.length];
      for (int k = 0; k < b.length; k++) {
        out[k] = b[k] & 0xFF;
      }
      return out;
    }
  }
}
