package org.iseg.data.transforms;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.iseg.data.Transform;
import org.iseg.api.Image;
import org.iseg.data.FullMask;
import org.iseg.data.SegSample;

/**
 * RITM's training augmentation in one resampling pass, behind {@link Transforms#ritmTraining} and {@link
 * Transforms#ritmValidation}: {@code UniformRandomResize(scale range)}, {@code HorizontalFlip(p)}, {@code
 * PadIfNeeded} to the crop size (image 0, labels ignored), {@code RandomCrop}, {@code RandomBrightnessContrast
 * (brightness ±0.25, contrast -0.15..0.4, p)} and {@code RGBShift(±10, p)}. Scale, flip and crop are fused into
 * one inverse mapping, so only the crop's pixels are computed (bilinear for the image, nearest for every label
 * layer): composing {@link Transforms#uniformRandomResize} and {@link Transforms#randomCrop} would resample the
 * whole scaled image first, which dominates a CPU training step's data work.
 */
final class RitmAugmentation implements Transform {
  private final int cropHeight;
  private final int cropWidth;
  private final double minScale;
  private final double maxScale;
  private final double flipProbability;
  private final double colorProbability;

  RitmAugmentation(int cropHeight, int cropWidth, double minScale, double maxScale, double flipProbability,
      double colorProbability) {
    if (cropHeight <= 0 || cropWidth <= 0) {
      throw new IllegalArgumentException("crop size must be positive, got " + cropHeight + "x" + cropWidth);
    }
    if (!(minScale > 0) || !(maxScale >= minScale)) {
      throw new IllegalArgumentException("scale range must satisfy 0 < min <= max, got " + minScale + ".."
          + maxScale);
    }
    this.cropHeight = cropHeight;
    this.cropWidth = cropWidth;
    this.minScale = minScale;
    this.maxScale = maxScale;
    this.flipProbability = probability("flip", flipProbability);
    this.colorProbability = probability("colour jitter", colorProbability);
  }

  private static double probability(String what, double p) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException(what + " probability must lie in [0, 1], got " + p);
    }
    return p;
  }

  @Override
  public SegSample apply(SegSample sample, Random random) {
    Image image = sample.image();
    int h = image.height();
    int w = image.width();
    double scale = minScale + (maxScale - minScale) * random.nextDouble();
    // albumentations' resize rounds the new size; sample coordinates from that size.
    int sh = Math.max(1, (int) Math.round(h * scale));
    int sw = Math.max(1, (int) Math.round(w * scale));
    boolean flip = random.nextDouble() < flipProbability;
    int ph = Math.max(sh, cropHeight);
    int pw = Math.max(sw, cropWidth);
    int padTop = (ph - sh) / 2;
    int padLeft = (pw - sw) / 2;
    int top = random.nextInt(ph - cropHeight + 1);
    int left = random.nextInt(pw - cropWidth + 1);
    double sy = (double) h / sh;
    double sx = (double) w / sw;

    byte[] src = image.toRgbBytes();
    byte[] out = new byte[cropHeight * cropWidth * 3];
    int layers = sample.mask().layerCount();
    List<int[]> outLayers = new ArrayList<>(layers);
    int[][] srcLayers = new int[layers][];
    for (int k = 0; k < layers; k++) {
      srcLayers[k] = sample.mask().layer(k);
      outLayers.add(new int[cropHeight * cropWidth]);
    }
    for (int r = 0; r < cropHeight; r++) {
      int rs = r + top - padTop; // row in the scaled image
      for (int c = 0; c < cropWidth; c++) {
        int cs = c + left - padLeft;
        int o = r * cropWidth + c;
        if (rs < 0 || rs >= sh || cs < 0 || cs >= sw) {
          for (int k = 0; k < layers; k++) {
            outLayers.get(k)[o] = FullMask.IGNORE;
          }
          continue; // padding: black image, ignored labels
        }
        int csf = flip ? sw - 1 - cs : cs;
        // pixel-centre mapping as OpenCV's INTER_LINEAR
        double fy = (rs + 0.5) * sy - 0.5;
        double fx = (csf + 0.5) * sx - 0.5;
        int y0 = (int) Math.floor(fy);
        int x0 = (int) Math.floor(fx);
        double ay = fy - y0;
        double ax = fx - x0;
        int ya = clamp(y0, h);
        int yb = clamp(y0 + 1, h);
        int xa = clamp(x0, w);
        int xb = clamp(x0 + 1, w);
        for (int ch = 0; ch < 3; ch++) {
          double v = (1 - ay) * ((1 - ax) * (src[(ya * w + xa) * 3 + ch] & 0xFF) + ax * (src[(ya * w + xb) * 3 + ch] & 0xFF))
              + ay * ((1 - ax) * (src[(yb * w + xa) * 3 + ch] & 0xFF) + ax * (src[(yb * w + xb) * 3 + ch] & 0xFF));
          out[o * 3 + ch] = (byte) Math.min(255, Math.max(0, (int) Math.round(v)));
        }
        int ny = clamp((int) Math.floor(rs * sy), h);
        int nx = clamp((int) Math.floor(csf * sx), w);
        int si = ny * w + nx;
        for (int k = 0; k < layers; k++) {
          outLayers.get(k)[o] = srcLayers[k][si];
        }
      }
    }
    jitterColours(out, random);
    return sample.with(Image.of(cropHeight, cropWidth, out), FullMask.of(cropHeight, cropWidth, outLayers));
  }

  private void jitterColours(byte[] rgb, Random random) {
    if (colorProbability <= 0) {
      return;
    }
    double alpha = 1;
    double beta = 0;
    if (random.nextDouble() < colorProbability) {
      alpha = 1 + (-0.15 + 0.55 * random.nextDouble()); // contrast
      beta = (-0.25 + 0.5 * random.nextDouble()) * 255; // brightness, relative to max value
    }
    int[] shift = new int[3];
    if (random.nextDouble() < colorProbability) {
      for (int ch = 0; ch < 3; ch++) {
        shift[ch] = random.nextInt(21) - 10;
      }
    }
    if (alpha == 1 && beta == 0 && shift[0] == 0 && shift[1] == 0 && shift[2] == 0) {
      return;
    }
    // lookup tables: no per-pixel floating point
    int[][] lut = new int[3][256];
    for (int ch = 0; ch < 3; ch++) {
      for (int v = 0; v < 256; v++) {
        int b = (int) Math.round(Math.min(255, Math.max(0, alpha * v + beta)));
        lut[ch][v] = Math.min(255, Math.max(0, b + shift[ch]));
      }
    }
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = (byte) lut[i % 3][rgb[i] & 0xFF];
    }
  }

  private static int clamp(int v, int n) {
    return v < 0 ? 0 : v >= n ? n - 1 : v;
  }

  @Override
  public String toString() {
    return "RitmAugmentation[crop " + cropHeight + "x" + cropWidth + ", scale " + minScale + ".." + maxScale
        + ", flip " + flipProbability + ", colour " + colorProbability + "]";
  }
}
