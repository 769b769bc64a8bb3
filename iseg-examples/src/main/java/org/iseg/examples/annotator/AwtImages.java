package org.iseg.examples.annotator;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.iseg.api.Image;
import org.iseg.api.Mask;

/**
 * The one seam between iseg's {@link Image}/{@link Mask} values and AWT's {@link BufferedImage}, used by the
 * Swing annotator (to paint) and the HTTP server (to decode PNG/JPEG uploads with the JDK's ImageIO).
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

  /**
   * Decodes PNG/JPEG/BMP bytes.
   *
   * @param what names the source in the error message (a file name, "request field 'image'")
   * @throws IllegalArgumentException when the bytes are not an image ImageIO can read
   */
  public static Image decode(byte[] encoded, String what) {
    BufferedImage decoded;
    try {
      decoded = ImageIO.read(new ByteArrayInputStream(encoded));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(what + " could not be decoded as an image: " + e.getMessage(), e);
    }
    if (decoded == null) {
      throw new IllegalArgumentException(
          what + " (" + encoded.length + " bytes) is not a PNG, JPEG, BMP or GIF image");
    }
    return toImage(decoded);
  }

  /** Reads an image file; the message names the file when it is missing or not an image. */
  public static Image read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("image file " + file + " does not exist; give the path of a PNG or JPEG");
    }
    try {
      return decode(Files.readAllBytes(file), "image file " + file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read image file " + file, e);
    }
  }

  /**
   * Reads a mask file: any pixel whose grey (or red) value is above 127 is object. RGB and palette PNGs are
   * read by their first channel after ImageIO's conversion, like RITM's "channel 0 &gt; 128" convention.
   */
  public static Mask readMask(Path file) {
    Image pixels = read(file);
    byte[] rgb = pixels.toRgbBytes();
    return Mask.fromPredicate(pixels.height(), pixels.width(), i -> (rgb[3 * i] & 0xFF) > 127);
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

  /** Writes {@code labels} (0 background, 1..255 object ids) as an 8-bit grey PNG. */
  public static void writeLabelPng(Path file, int height, int width, byte[] labels) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      if (!ImageIO.write(labelImage(height, width, labels), "png", file.toFile())) {
        throw new IllegalStateException("no PNG writer in this JDK");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write mask " + file + ": " + e.getMessage(), e);
    }
  }
}
