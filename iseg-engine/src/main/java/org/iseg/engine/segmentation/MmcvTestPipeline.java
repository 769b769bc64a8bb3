package org.iseg.engine.segmentation;

import org.iseg.api.Image;
import org.iseg.models.mask2former.Mask2FormerConfig;

/**
 * EasyCV's detection/segmentation test pipeline on an RGB image, bit for bit: {@code MMResize(img_scale,
 * keep_ratio=True)} (mmcv's {@code rescale_size} and OpenCV's fixed-point {@code INTER_LINEAR} on uint8),
 * {@code MMPad(size_divisor)} (bottom/right, constant {@code pad_val}), {@code MMNormalize} ({@code (x - mean) / std} per
 * RGB channel), CHW float32.
 *
 * <pre>{@code
 * MmcvTestPipeline.Result r = MmcvTestPipeline.apply(image, config.pipeline());
 * NDArray input = manager.create(r.chw(), new Shape(1, 3, r.padHeight(), r.padWidth()));
 * }</pre>
 */
public final class MmcvTestPipeline {
  /** OpenCV's {@code INTER_RESIZE_COEF_BITS}. */
  private static final int COEF_BITS = 11;
  private static final int COEF_SCALE = 1 << COEF_BITS;

  private MmcvTestPipeline() {}

  /**
   * The network input and the image metas EasyCV's post-processing needs.
   *
   * @param chw 3 x padHeight x padWidth, normalised RGB
   * @param height {@code img_shape[0]}: the resized image before padding
   * @param width {@code img_shape[1]}
   * @param originalHeight {@code ori_shape[0]}
   * @param originalWidth {@code ori_shape[1]}
   */
  public record Result(float[] chw, int padHeight, int padWidth, int height, int width, int originalHeight,
      int originalWidth) {}

  /** The whole pipeline. */
  public static Result apply(Image image, Mask2FormerConfig.Pipeline p) {
    int h0 = image.height();
    int w0 = image.width();
    int[] size = rescaleSize(h0, w0, p.scaleLong(), p.scaleShort());
    int h = size[0];
    int w = size[1];
    byte[] resized = resizeLinear(image.toRgbBytes(), h0, w0, 3, h, w);
    int hp = (h + p.sizeDivisor() - 1) / p.sizeDivisor() * p.sizeDivisor();
    int wp = (w + p.sizeDivisor() - 1) / p.sizeDivisor() * p.sizeDivisor();
    float[] chw = new float[3 * hp * wp];
    // pad_val is given per channel of the BGR image mmcv pads; the golden configs use the same value for all three
    int[] padRgb = {p.padValue()[2], p.padValue()[1], p.padValue()[0]};
    float[][] table = new float[3][256];
    for (int c = 0; c < 3; c++) {
      double mean = p.mean()[c];
      double stdInv = 1.0 / (double) p.std()[c];
      for (int v = 0; v < 256; v++) {
        table[c][v] = (float) ((v - mean) * stdInv);
      }
    }
    for (int c = 0; c < 3; c++) {
      int plane = c * hp * wp;
      for (int y = 0; y < hp; y++) {
        for (int x = 0; x < wp; x++) {
          int v = y < h && x < w ? resized[(y * w + x) * 3 + c] & 0xff : padRgb[c];
          chw[plane + y * wp + x] = table[c][v];
        }
      }
    }
    return new Result(chw, hp, wp, h, w, h0, w0);
  }

  /**
   * mmcv's {@code rescale_size(keep_ratio=True)}: factor {@code min(long / max(h, w), short / min(h, w))}, size
   * {@code int(x * factor + 0.5)}. Returns {height, width}.
   */
  public static int[] rescaleSize(int height, int width, int scaleLong, int scaleShort) {
    double factor = Math.min((double) scaleLong / Math.max(height, width),
        (double) scaleShort / Math.min(height, width));
    return new int[] {(int) (height * factor + 0.5), (int) (width * factor + 0.5)};
  }

  /**
   * OpenCV 4.x {@code cv::resize(src, (w, h), INTER_LINEAR)} on interleaved uint8 with {@code channels} channels, as
   * its generic path computes it: per axis the source {@code (float) ((d + 0.5) * in / out - 0.5)}, floor, 11-bit
   * fixed-point weights; a horizontal pass to int ({@code HResizeLinear}), then the vertical pass of OpenCV's uint8
   * specialisation of {@code VResizeLinear}, whose SIMD body and scalar tail both compute
   * {@code (((a >> 4) * b0 >> 16) + ((b >> 4) * b1 >> 16) + 2) >> 2} (not the generic
   * {@code (a b0 + b b1 + 2^21) >> 22}, which differs by one in ~1 of 5 tail bytes; checked on the golden images).
   */
  public static byte[] resizeLinear(byte[] src, int inH, int inW, int channels, int outH, int outW) {
    int rowLen = outW * channels;
    int[] xofs = new int[rowLen];
    short[] alpha = new short[rowLen * 2];
    int xmax = outW;
    double scaleX = 1.0 / ((double) outW / inW);   // cv::resize: 1 / inv_scale_x
    for (int dx = 0; dx < outW; dx++) {
      float fx = (float) ((dx + 0.5) * scaleX - 0.5);
      int sx = (int) Math.floor(fx);
      fx -= sx;
      if (sx < 0) {
        fx = 0;
        sx = 0;
      }
      if (sx + 1 >= inW) {
        xmax = Math.min(xmax, dx);
        if (sx >= inW - 1) {
          fx = 0;
          sx = inW - 1;
        }
      }
      short a0 = (short) Math.rint((1f - fx) * COEF_SCALE);
      short a1 = (short) Math.rint(fx * COEF_SCALE);
      for (int k = 0; k < channels; k++) {
        xofs[dx * channels + k] = sx * channels + k;
        alpha[(dx * channels + k) * 2] = a0;
        alpha[(dx * channels + k) * 2 + 1] = a1;
      }
    }
    int[] yofs = new int[outH];
    short[] beta = new short[outH * 2];
    double scaleY = 1.0 / ((double) outH / inH);
    for (int dy = 0; dy < outH; dy++) {
      float fy = (float) ((dy + 0.5) * scaleY - 0.5);
      int sy = (int) Math.floor(fy);
      fy -= sy;
      yofs[dy] = sy;
      beta[dy * 2] = (short) Math.rint((1f - fy) * COEF_SCALE);
      beta[dy * 2 + 1] = (short) Math.rint(fy * COEF_SCALE);
    }
    int xmaxLen = xmax * channels;
    byte[] out = new byte[outH * rowLen];
    int[] row0 = new int[rowLen];
    int[] row1 = new int[rowLen];
    int cached0 = -1;
    int cached1 = -1;
    for (int dy = 0; dy < outH; dy++) {
      int s0 = clamp(yofs[dy], inH);
      int s1 = clamp(yofs[dy] + 1, inH);
      if (s0 == cached1) {
        int[] t = row0;
        row0 = row1;
        row1 = t;
        cached0 = s0;
        cached1 = -1;
      }
      if (s0 != cached0) {
        horizontal(src, s0, inW, channels, xofs, alpha, xmaxLen, rowLen, row0);
        cached0 = s0;
      }
      if (s1 != cached1) {
        if (s1 == s0) {
          System.arraycopy(row0, 0, row1, 0, rowLen);
        } else {
          horizontal(src, s1, inW, channels, xofs, alpha, xmaxLen, rowLen, row1);
        }
        cached1 = s1;
      }
      int b0 = beta[dy * 2];
      int b1 = beta[dy * 2 + 1];
      int o = dy * rowLen;
      for (int x = 0; x < rowLen; x++) {
        int a = saturateShort(row0[x] >> 4);
        int b = saturateShort(row1[x] >> 4);
        out[o + x] = (byte) Math.max(0, Math.min(255, (((a * b0) >> 16) + ((b * b1) >> 16) + 2) >> 2));
      }
    }
    return out;
  }

  private static void horizontal(byte[] src, int row, int inW, int channels, int[] xofs, short[] alpha, int xmaxLen,
      int rowLen, int[] dst) {
    int base = row * inW * channels;
    for (int x = 0; x < xmaxLen; x++) {
      int sx = base + xofs[x];
      dst[x] = (src[sx] & 0xff) * alpha[2 * x] + (src[sx + channels] & 0xff) * alpha[2 * x + 1];
    }
    for (int x = xmaxLen; x < rowLen; x++) {
      dst[x] = (src[base + xofs[x]] & 0xff) * COEF_SCALE;
    }
  }

  private static int clamp(int row, int height) {
    return Math.max(0, Math.min(height - 1, row));
  }

  private static int saturateShort(int v) {
    return Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v));
  }
}
