package org.iseg.data.transforms;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.iseg.data.Transform;
import org.iseg.api.Image;
import org.iseg.data.FullMask;
import org.iseg.data.SegSample;
import org.iseg.data.io.OpenCvImages;

/**
 * The standard augmentations (RITM's training pipeline uses uniform random resize 0.75–1.40, flip, pad to and
 * random crop of 320x480, brightness/contrast and colour shifts). Geometry moves the image (bilinear, OpenCV)
 * and every layer of the full mask (nearest neighbour, so labels and ignore stay exact) together.
 *
 * <pre>{@code
 * Transform ritm = Transforms.compose(
 *     Transforms.uniformRandomResize(0.75, 1.40),
 *     Transforms.horizontalFlip(0.5),
 *     Transforms.padIfNeeded(320, 480),
 *     Transforms.randomCrop(320, 480),
 *     Transforms.colorJitter(0.25, 0.15, 10));
 * }</pre>
 */
public final class Transforms {
  private Transforms() {}

  /** The transforms in order. */
  public static Transform compose(Transform... transforms) {
    Transform out = Transform.identity();
    for (Transform t : transforms) {
      out = out.then(t);
    }
    return out;
  }

  /**
   * RITM's training augmentation as one preset: uniform random resize by {@code [minScale, maxScale]}, horizontal
   * flip (p 0.5), pad to and random crop of {@code cropHeight x cropWidth} (padding: black image, ignored labels),
   * brightness/contrast and RGB shift (p 0.75 each), fused into one resampling pass. RITM's own setting is
   * {@code ritmTraining(320, 480, 0.75, 1.4)}.
   */
  public static Transform ritmTraining(int cropHeight, int cropWidth, double minScale, double maxScale) {
    return new RitmAugmentation(cropHeight, cropWidth, minScale, maxScale, 0.5, 0.75);
  }

  /**
   * The geometry of {@link #ritmTraining} at one fixed {@code scale}, without flip or colour changes: validation
   * crops that match the training crops' size and scale (only the crop position stays random).
   */
  public static Transform ritmValidation(int cropHeight, int cropWidth, double scale) {
    return new RitmAugmentation(cropHeight, cropWidth, scale, scale, 0, 0);
  }

  /** Scales so that the longer side becomes {@code size} (aspect kept, sides rounded). */
  public static Transform resizeLongestSide(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("longest side must be positive, got " + size);
    }
    return (sample, random) -> {
      int h = sample.image().height();
      int w = sample.image().width();
      double scale = (double) size / Math.max(h, w);
      return resize(sample, Math.max(1, (int) Math.round(h * scale)), Math.max(1, (int) Math.round(w * scale)));
    };
  }

  /** Scales both sides by one factor drawn uniformly from {@code [minScale, maxScale]}. */
  public static Transform uniformRandomResize(double minScale, double maxScale) {
    if (!(minScale > 0) || maxScale < minScale) {
      throw new IllegalArgumentException("need 0 < minScale <= maxScale, got " + minScale + ", " + maxScale);
    }
    return (sample, random) -> {
      double scale = minScale + (maxScale - minScale) * random.nextDouble();
      int h = Math.max(1, (int) Math.round(sample.image().height() * scale));
      int w = Math.max(1, (int) Math.round(sample.image().width() * scale));
      return resize(sample, h, w);
    };
  }

  /** Resizes to exactly {@code height x width}. */
  public static Transform resize(int height, int width) {
    return (sample, random) -> resize(sample, height, width);
  }

  /**
   * Pads with zeros (black image, background mask) to at least {@code minHeight x minWidth}, centred as
   * albumentations' {@code PadIfNeeded} does (the extra pixel, if any, at the bottom/right).
   */
  public static Transform padIfNeeded(int minHeight, int minWidth) {
    return (sample, random) -> {
      int h = sample.image().height();
      int w = sample.image().width();
      if (h >= minHeight && w >= minWidth) {
        return sample;
      }
      int top = Math.max(0, (minHeight - h) / 2);
      int left = Math.max(0, (minWidth - w) / 2);
      int nh = Math.max(h, minHeight);
      int nw = Math.max(w, minWidth);
      return copyWindow(sample, nh, nw, 0, 0, top, left, h, w);
    };
  }

  /** A {@code height x width} window at a uniformly random position; the sample must be at least that big. */
  public static Transform randomCrop(int height, int width) {
    if (height < 1 || width < 1) {
      throw new IllegalArgumentException("crop size must be positive, got " + height + "x" + width);
    }
    return (sample, random) -> {
      int h = sample.image().height();
      int w = sample.image().width();
      if (h < height || w < width) {
        throw new IllegalArgumentException("cannot crop " + height + "x" + width + " from sample " + sample.id()
            + " of " + h + "x" + w + "; put padIfNeeded(" + height + ", " + width + ") before randomCrop");
      }
      int top = random.nextInt(h - height + 1);
      int left = random.nextInt(w - width + 1);
      return crop(sample, top, left, height, width);
    };
  }

  /** The window at (top, left) of size {@code height x width}. */
  public static SegSample crop(SegSample sample, int top, int left, int height, int width) {
    int h = sample.image().height();
    int w = sample.image().width();
    if (top < 0 || left < 0 || top + height > h || left + width > w) {
      throw new IllegalArgumentException("crop (" + top + ", " + left + ") " + height + "x" + width
          + " is outside " + h + "x" + w);
    }
    return copyWindow(sample, height, width, top, left, 0, 0, height, width);
  }

  /**
   * An {@code outHeight x outWidth} sample, zero (black, background) outside the {@code rows x cols} window at
   * ({@code toTop}, {@code toLeft}) that holds the input's window at ({@code fromTop}, {@code fromLeft}): a crop
   * or a pad, image and every mask layer alike.
   */
  private static SegSample copyWindow(SegSample sample, int outHeight, int outWidth, int fromTop, int fromLeft,
      int toTop, int toLeft, int rows, int cols) {
    int w = sample.image().width();
    byte[] src = sample.image().toRgbBytes();
    byte[] dst = new byte[outHeight * outWidth * 3];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(src, ((r + fromTop) * w + fromLeft) * 3, dst, ((r + toTop) * outWidth + toLeft) * 3, cols * 3);
    }
    FullMask m = sample.mask();
    List<int[]> layers = new ArrayList<>(m.layerCount());
    for (int k = 0; k < m.layerCount(); k++) {
      int[] in = m.layer(k);
      int[] out = new int[outHeight * outWidth];
      for (int r = 0; r < rows; r++) {
        System.arraycopy(in, (r + fromTop) * w + fromLeft, out, (r + toTop) * outWidth + toLeft, cols);
      }
      layers.add(out);
    }
    return sample.with(Image.of(outHeight, outWidth, dst), FullMask.of(outHeight, outWidth, layers));
  }

  /** Mirrors left-right with probability {@code p}. */
  public static Transform horizontalFlip(double p) {
    checkProbability(p);
    return (sample, random) -> random.nextDouble() < p ? flip(sample) : sample;
  }

  /** The sample mirrored left-right. */
  public static SegSample flip(SegSample sample) {
    int h = sample.image().height();
    int w = sample.image().width();
    byte[] src = sample.image().toRgbBytes();
    byte[] dst = new byte[src.length];
    for (int r = 0; r < h; r++) {
      for (int c = 0; c < w; c++) {
        int s = (r * w + c) * 3;
        int d = (r * w + (w - 1 - c)) * 3;
        dst[d] = src[s];
        dst[d + 1] = src[s + 1];
        dst[d + 2] = src[s + 2];
      }
    }
    FullMask m = sample.mask();
    List<int[]> layers = new ArrayList<>(m.layerCount());
    for (int k = 0; k < m.layerCount(); k++) {
      int[] in = m.layer(k);
      int[] out = new int[in.length];
      for (int r = 0; r < h; r++) {
        for (int c = 0; c < w; c++) {
          out[r * w + (w - 1 - c)] = in[r * w + c];
        }
      }
      layers.add(out);
    }
    return sample.with(Image.of(h, w, dst), FullMask.of(h, w, layers));
  }

  /**
   * Photometric jitter of the image only (masks untouched): brightness shift {@code b ~ U(-brightness,
   * brightness)} of the full range, contrast factor {@code 1 + c}, {@code c ~ U(-contrast, contrast)}
   * (pixel' = clip(pixel * (1 + c) + 255 * b), albumentations' RandomBrightnessContrast), then a hue rotation
   * {@code ~ U(-hueDegrees, hueDegrees)}.
   */
  public static Transform colorJitter(double brightness, double contrast, double hueDegrees) {
    if (brightness < 0 || contrast < 0 || hueDegrees < 0) {
      throw new IllegalArgumentException("jitter ranges must be >= 0, got brightness " + brightness
          + ", contrast " + contrast + ", hue " + hueDegrees);
    }
    return (sample, random) -> {
      double b = (2 * random.nextDouble() - 1) * brightness;
      double alpha = 1 + (2 * random.nextDouble() - 1) * contrast;
      double hue = (2 * random.nextDouble() - 1) * hueDegrees;
      byte[] px = sample.image().toRgbBytes();
      int[] lut = new int[256];
      for (int v = 0; v < 256; v++) {
        lut[v] = (int) Math.max(0, Math.min(255, Math.round(v * alpha + 255 * b)));
      }
      for (int i = 0; i < px.length; i++) {
        px[i] = (byte) lut[px[i] & 0xFF];
      }
      Image out = Image.of(sample.image().height(), sample.image().width(), px);
      if (hueDegrees > 0) {
        out = OpenCvImages.shiftHue(out, hue);
      }
      return sample.with(out, sample.mask());
    };
  }

  private static SegSample resize(SegSample sample, int height, int width) {
    Image image = OpenCvImages.resize(sample.image(), height, width);
    FullMask m = sample.mask();
    int sh = m.height();
    int sw = m.width();
    if (sh == height && sw == width) {
      return sample;
    }
    // nearest neighbour as OpenCV's INTER_NEAREST: source = floor(dst * src / dst), clamped
    int[] rows = new int[height];
    for (int r = 0; r < height; r++) {
      rows[r] = Math.min((int) Math.floor(r * ((double) sh / height)), sh - 1);
    }
    int[] cols = new int[width];
    for (int c = 0; c < width; c++) {
      cols[c] = Math.min((int) Math.floor(c * ((double) sw / width)), sw - 1);
    }
    List<int[]> layers = new ArrayList<>(m.layerCount());
    for (int k = 0; k < m.layerCount(); k++) {
      int[] out = new int[height * width];
      for (int r = 0; r < height; r++) {
        int base = rows[r] * sw;
        for (int c = 0; c < width; c++) {
          out[r * width + c] = m.labelAt(k, base + cols[c]);
        }
      }
      layers.add(out);
    }
    return sample.with(image, FullMask.of(height, width, layers));
  }

  private static void checkProbability(double p) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("probability must be in [0, 1], got " + p);
    }
  }
}
