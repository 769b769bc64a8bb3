package org.iseg.examples.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.iseg.api.Image;
import org.iseg.api.Mask;
import org.iseg.examples.annotator.AwtImages;

/** Small images for tests: a gradient (so every pixel differs) and PNG/base64 encodings. */
public final class TestImages {
  private TestImages() {}

  /** A {@code h x w} image whose red channel follows the column, green the row. */
  public static Image gradient(int h, int w) {
    byte[] rgb = new byte[3 * h * w];
    for (int r = 0; r < h; r++) {
      for (int c = 0; c < w; c++) {
        int o = 3 * (r * w + c);
        rgb[o] = (byte) (c * 255 / Math.max(1, w - 1));
        rgb[o + 1] = (byte) (r * 255 / Math.max(1, h - 1));
        rgb[o + 2] = (byte) 90;
      }
    }
    return Image.of(h, w, rgb);
  }

  public static byte[] png(Image image) {
    return encode(AwtImages.toBufferedImage(image), "png");
  }

  public static String base64Png(Image image) {
    return Base64.getEncoder().encodeToString(png(image));
  }

  /** A grey PNG of the mask: 255 object, 0 otherwise. */
  public static String base64Png(Mask mask) {
    byte[] labels = new byte[mask.height() * mask.width()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = mask.labelAt(i) == Mask.OBJECT ? (byte) 255 : 0;
    }
    return Base64.getEncoder().encodeToString(
        encode(AwtImages.labelImage(mask.height(), mask.width(), labels), "png"));
  }

  private static byte[] encode(java.awt.image.BufferedImage image, String format) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(image, format, out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
