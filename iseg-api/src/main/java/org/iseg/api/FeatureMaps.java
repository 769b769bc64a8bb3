package org.iseg.api;

/**
 * Dense float maps, {@code channels x height x width}, channel-major: what a {@link ClickEncoder} produces.
 * The array is owned by this value; {@link #values()} returns a copy.
 */
public final class FeatureMaps {
  private final int channels;
  private final int height;
  private final int width;
  private final float[] data;

  private FeatureMaps(int channels, int height, int width, float[] data) {
    this.channels = channels;
    this.height = height;
    this.width = width;
    this.data = data;
  }

  /** Maps from channel-major values; the array is copied. */
  public static FeatureMaps of(int channels, int height, int width, float[] values) {
    if (channels <= 0) {
      throw new IllegalArgumentException("channels must be positive, got " + channels);
    }
    Checks.checkSize(height, width);
    Checks.checkLength("feature maps", values.length, (long) channels * height * width, height, width);
    return new FeatureMaps(channels, height, width, values.clone());
  }

  public int channels() {
    return channels;
  }

  public int height() {
    return height;
  }

  public int width() {
    return width;
  }

  public float get(int channel, int row, int col) {
    if (channel < 0 || channel >= channels || row < 0 || row >= height || col < 0 || col >= width) {
      throw new IndexOutOfBoundsException(
          "(" + channel + ", " + row + ", " + col + ") outside " + channels + "x" + height + "x" + width);
    }
    return data[(channel * height + row) * width + col];
  }

  /** A copy of all values, channel-major. */
  public float[] values() {
    return data.clone();
  }

  /** A copy of one channel, row by row. */
  public float[] channel(int channel) {
    float[] out = new float[height * width];
    System.arraycopy(data, channel * height * width, out, 0, out.length);
    return out;
  }
}
