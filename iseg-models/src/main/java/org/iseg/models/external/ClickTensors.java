package org.iseg.models.external;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.iseg.api.Click;
import org.iseg.api.Image;
import org.iseg.api.Normalization;
import org.iseg.api.ProbabilityMap;

/**
 * The Java side of input encoding: image, click maps, point lists and masks as flat float arrays, ready to become
 * tensors. Kept free of DJL so it can be tested on its own.
 */
public final class ClickTensors {
  private ClickTensors() {}

  /**
   * Disk maps {@code 2 x H x W} (channel 0 positive, channel 1 negative): 1 where {@code (row - r)^2 + (col - c)^2
   * <= radius^2} for some click (r, c) of that sign, else 0.
   */
  public static float[] disks(int height, int width, List<Click> positives, List<Click> negatives, int radius) {
    float[] out = new float[2 * height * width];
    fillDisks(out, 0, height, width, positives, radius);
    fillDisks(out, height * width, height, width, negatives, radius);
    return out;
  }

  private static void fillDisks(float[] out, int base, int height, int width, List<Click> clicks, int radius) {
    long r2 = (long) radius * radius;
    for (Click c : clicks) {
      int r0 = Math.max(0, c.row() - radius);
      int r1 = Math.min(height - 1, c.row() + radius);
      for (int row = r0; row <= r1; row++) {
        long dy = row - c.row();
        long rest = r2 - dy * dy;
        // widest |dx| with dx^2 <= rest
        int half = (int) Math.sqrt((double) rest);
        while ((long) (half + 1) * (half + 1) <= rest) {
          half++;
        }
        while ((long) half * half > rest) {
          half--;
        }
        int c0 = Math.max(0, c.col() - half);
        int c1 = Math.min(width - 1, c.col() + half);
        int rowBase = base + row * width;
        for (int col = c0; col <= c1; col++) {
          out[rowBase + col] = 1f;
        }
      }
    }
  }

  /**
   * The image as {@code C x H x W}: {@code (rgb / 255 - mean[c]) / std[c]} in float32, in that order (as
   * torchvision's {@code ToTensor} then {@code Normalize}; with mean 0 and std 1 exactly {@code rgb / 255f}), plus
   * the previous mask as a fourth channel when {@code previous} is present.
   */
  public static float[] image(Image image, Normalization normalization, Optional<ProbabilityMap> previous) {
    float[] chw = normalization.toChw(image);
    if (previous.isEmpty()) {
      return chw;
    }
    int plane = image.height() * image.width();
    float[] out = Arrays.copyOf(chw, 4 * plane);
    System.arraycopy(previous.get().toArray(), 0, out, 3 * plane, plane);
    return out;
  }

  /**
   * Bilinear resize of an {@code inH x inW} plane to {@code outH x outW} with half-pixel centres (PyTorch
   * {@code interpolate(mode='bilinear', align_corners=False)}).
   */
  public static float[] resizeBilinear(float[] in, int inH, int inW, int outH, int outW) {
    if (inH == outH && inW == outW) {
      return in.clone();
    }
    float[] out = new float[outH * outW];
    float sy = (float) inH / outH;
    float sx = (float) inW / outW;
    int[] x0 = new int[outW];
    int[] x1 = new int[outW];
    float[] fx = new float[outW];
    for (int x = 0; x < outW; x++) {
      float src = Math.max(0f, (x + 0.5f) * sx - 0.5f);
      x0[x] = Math.min((int) src, inW - 1);
      x1[x] = Math.min(x0[x] + 1, inW - 1);
      fx[x] = src - x0[x];
    }
    for (int y = 0; y < outH; y++) {
      float src = Math.max(0f, (y + 0.5f) * sy - 0.5f);
      int y0 = Math.min((int) src, inH - 1);
      int y1 = Math.min(y0 + 1, inH - 1);
      float fy = src - y0;
      for (int x = 0; x < outW; x++) {
        float top = in[y0 * inW + x0[x]] * (1 - fx[x]) + in[y0 * inW + x1[x]] * fx[x];
        float bottom = in[y1 * inW + x0[x]] * (1 - fx[x]) + in[y1 * inW + x1[x]] * fx[x];
        out[y * outW + x] = top * (1 - fy) + bottom * fy;
      }
    }
    return out;
  }
}
