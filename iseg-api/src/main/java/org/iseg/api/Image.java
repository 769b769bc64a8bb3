package org.iseg.api;

import java.util.Arrays;

/**
 * An immutable 8-bit RGB image, {@code height x width}, stored interleaved row by row (R, G, B per pixel).
 *
 * <pre>{@code
 * Image image = Image.of(2, 3, rgbBytes);      // rgbBytes.length == 2 * 3 * 3
 * int red = image.channel(1, 2, 0);              // 0..255
 * }</pre>
 */
public final class Image {
  private final int height;
  private final int width;
  private final byte[] rgb;

  private Image(int height, int width, byte[] rgb) {
    this.height = height;
    this.width = width;
    this.rgb = rgb;
  }

  /** An image from interleaved RGB bytes; the array is copied. */
  public static Image of(int height, int width, byte[] rgb) {
    Checks.checkSize(height, width);
    Checks.checkNotNull("rgb", rgb);
    Checks.checkLength("rgb", rgb.length, 3L * height * width, height, width);
    return new Image(height, width, rgb.clone());
  }

  /** A single-colour image, handy for tests and placeholders. */
  public static Image filled(int height, int width, int red, int green, int blue) {
    Checks.checkSize(height, width);
    byte[] rgb = new byte[3 * height * width];
    for (int i = 0; i < rgb.length; i += 3) {
      rgb[i] = (byte) red;
      rgb[i + 1] = (byte) green;
      rgb[i + 2] = (byte) blue;
    }
    return new Image(height, width, rgb);
  }

  public int height() {
    return height;
  }

  public int width() {
    return width;
  }

  /** Channel value 0..255 at (row, col); channel 0 = red, 1 = green, 2 = blue. */
  public int channel(int row, int col, int channel) {
    if (row < 0 || row >= height || col < 0 || col >= width || channel < 0 || channel > 2) {
      throw new IndexOutOfBoundsException(
          "(" + row + ", " + col + ", channel " + channel + ") outside " + height + "x" + width + "x3 image");
    }
    return rgb[3 * (row * width + col) + channel] & 0xFF;
  }

  /** A copy of the interleaved RGB bytes (length {@code 3 * height * width}). */
  public byte[] toRgbBytes() {
    return rgb.clone();
  }

  /** True when (row, col) is a pixel of this image. */
  public boolean contains(int row, int col) {
    return row >= 0 && row < height && col >= 0 && col < width;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Image other
        && other.height == height
        && other.width == width
        && Arrays.equals(other.rgb, rgb);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * height + width) + Arrays.hashCode(rgb);
  }

  @Override
  public String toString() {
    return "Image[" + height + "x" + width + "]";
  }
}
