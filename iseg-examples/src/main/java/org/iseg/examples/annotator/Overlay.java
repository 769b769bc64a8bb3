package org.iseg.examples.annotator;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.List;
import org.iseg.api.Click;
import org.iseg.api.Image;

/**
 * Draws what the annotator shows: each object's pixels blended with its colour, then the clicks as filled
 * disks (green positive, red negative), like RITM's {@code draw_with_blend_and_clicks}.
 *
 * <pre>{@code
 * BufferedImage shown = Overlay.render(image, labels, clicks, 0.5, 3);
 * }</pre>
 */
public final class Overlay {
  /** Colour of positive clicks (RGB). */
  public static final int POSITIVE = 0x00FF00;
  /** Colour of negative clicks (RGB). */
  public static final int NEGATIVE = 0xFF0000;

  private Overlay() {}

  /**
   * The colour of object {@code label} (1, 2, ...): the PASCAL VOC palette that RITM uses, which spreads the
   * bits of the label over the three channels so consecutive objects differ clearly.
   */
  public static int colour(int label) {
    int r = 0;
    int g = 0;
    int b = 0;
    int lab = label;
    for (int shift = 7; lab != 0 && shift >= 0; shift--) {
      r |= (lab & 1) << shift;
      g |= ((lab >> 1) & 1) << shift;
      b |= ((lab >> 2) & 1) << shift;
      lab >>= 3;
    }
    return (r << 16) | (g << 8) | b;
  }

  /**
   * The overlay as an RGB image.
   *
   * @param labels object id per pixel (0 = none), row by row
   * @param alpha weight of the object colour, 0..1
   * @param clickRadius disk radius in image pixels; 0 marks the single clicked pixel
   */
  public static BufferedImage render(Image image, int[] labels, List<Click> clicks, double alpha, int clickRadius) {
    return render(image, labels, new int[labels.length], clicks, alpha, clickRadius);
  }

  /**
   * As {@link #render(Image, int[], List, double, int)}, with the pixels of {@code emphasis} (labels as well,
   * 0 = none) blended a second time, as RITM's demo shows the parts of an object set aside with its {@code a}
   * key.
   */
  public static BufferedImage render(Image image, int[] labels, int[] emphasis, List<Click> clicks, double alpha,
      int clickRadius) {
    int h = image.height();
    int w = image.width();
    if (labels.length != h * w || emphasis.length != h * w) {
      throw new IllegalArgumentException("labels cover " + labels.length + " and " + emphasis.length
          + " pixels, image has " + h * w);
    }
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    int[] px = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
    byte[] rgb = image.toRgbBytes();
    // Fixed-point blending: a in 0..256, avoiding per-pixel floating point.
    int a = (int) Math.round(Math.max(0, Math.min(1, alpha)) * 256);
    int keep = 256 - a;
    int lastLabel = -1;
    int cr = 0;
    int cg = 0;
    int cb = 0;
    for (int i = 0, o = 0; i < px.length; i++, o += 3) {
      int r = rgb[o] & 0xFF;
      int g = rgb[o + 1] & 0xFF;
      int b = rgb[o + 2] & 0xFF;
      int label = labels[i];
      if (label > 0) {
        if (label != lastLabel) {
          int c = colour(label);
          cr = c >>> 16;
          cg = (c >>> 8) & 0xFF;
          cb = c & 0xFF;
          lastLabel = label;
        }
        r = (r * keep + cr * a) >> 8;
        g = (g * keep + cg * a) >> 8;
        b = (b * keep + cb * a) >> 8;
      }
      if (emphasis[i] > 0) {
        int c = colour(emphasis[i]);
        r = (r * keep + (c >>> 16) * a) >> 8;
        g = (g * keep + ((c >>> 8) & 0xFF) * a) >> 8;
        b = (b * keep + (c & 0xFF) * a) >> 8;
      }
      px[i] = (r << 16) | (g << 8) | b;
    }
    drawClicks(out, clicks, clickRadius);
    return out;
  }

  /**
   * Draws {@code clicks} onto {@code into} as filled disks of {@code radius} pixels (0: the clicked pixel only),
   * green positive and red negative, clipped to the image.
   */
  public static void drawClicks(BufferedImage into, List<Click> clicks, int radius) {
    int h = into.getHeight();
    int w = into.getWidth();
    int r2 = radius * radius;
    for (Click click : clicks) {
      int colour = click.positive() ? POSITIVE : NEGATIVE;
      for (int r = Math.max(0, click.row() - radius); r <= Math.min(h - 1, click.row() + radius); r++) {
        int dr = r - click.row();
        for (int c = Math.max(0, click.col() - radius); c <= Math.min(w - 1, click.col() + radius); c++) {
          int dc = c - click.col();
          if (dr * dr + dc * dc <= r2) {
            into.setRGB(c, r, colour);
          }
        }
      }
    }
  }
}
