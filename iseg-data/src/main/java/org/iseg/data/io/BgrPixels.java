package org.iseg.data.io;

/**
 * Raw 8-bit pixels as OpenCV's {@code imread(path, IMREAD_COLOR)} gives them: interleaved <b>B, G, R</b>. The
 * reference loaders (RITM) apply their mask rules to exactly this, e.g. "channel 0 > 128", so loaders that must
 * reproduce them read masks through {@link ImageFiles#readBgr}. The array is owned by the caller.
 *
 * @param height rows
 * @param width columns
 * @param bgr {@code 3 * height * width} bytes
 */
public record BgrPixels(int height, int width, byte[] bgr) {
  /** Channel {@code c} (0 = blue, 1 = green, 2 = red) at flat pixel index {@code i}, 0..255. */
  public int channel(int i, int c) {
    return bgr[3 * i + c] & 0xFF;
  }
}
