package org.iseg.examples.annotator;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import org.iseg.api.Image;

/**
 * The one seam between iseg's {@link Image} and AWT's {@link BufferedImage}, used by the Swing annotator (to
 * paint) and the HTTP server (whose PNG/JPEG uploads the JDK's ImageIO decodes from memory). Files are read and
 * written by iseg-data's {@code ImageFiles} (see {@link AnnotatorFiles}).
 *
 * <pre>{@code
 * Image image = AwtImages.toImage(ImageIO.read(file));
 * BufferedImage shown = AwtImages.toBufferedImage(image);
 * }</pre>
 */
public final class AwtImages {
  private AwtImages() {}

  /** The RGB pixels of any {@link BufferedImage} (alpha and colour models are flattened to 8-bit RGB). */
  public static Image toImage(BufferedImage source) {
    int h = source.getHeight();
    int w = source.getWidth();
    byte[] rgb = new byte[3 * h * w];
    int[] row = new int[w];
    for (int r = 0; r < h; r++) {
      source.getRGB(0, r, w, 1, row, 0, w);
      int o = 3 * r * w;
      for (int c = 0; c < w; c++) {
        int argb = row[c];
        rgb[o++] = (byte) (argb >>> 16);
        rgb[o++] = (byte) (argb >>> 8);
        rgb[o++] = (byte) argb;
      }
    }
    return Image.of(h, w, rgb);
  }

  /** A {@code TYPE_3BYTE_BGR} copy of {@code image}, ready to paint. */
  public static BufferedImage toBufferedImage(Image image) {
    BufferedImage out = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_3BYTE_BGR);
    byte[] bgr = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
    byte[] rgb = image.toRgbBytes();
    for (int i = 0; i < rgb.length; i += 3) {
      bgr[i] = rgb[i + 2];
      bgr[i + 1] = rgb[i + 1];
      bgr[i + 2] = rgb[i];
    }
    return out;
  }

  /** An 8-bit grey image whose value at each pixel is {@code labels[i]} (0..255). */
  public static BufferedImage labelImage(int height, int width, byte[] labels) {
    if (labels.length != height * width) {
      throw new IllegalArgumentException(
          "label array has " + labels.length + " values, expected " + height + "x" + width);
    }
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    byte[] data = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
    System.arraycopy(labels, 0, data, 0, labels.length);
    return out;
  }
}
