package org.iseg.models.external;

import java.util.Arrays;
import java.util.Optional;
import org.iseg.api.Image;
import org.iseg.api.Normalization;
import org.iseg.api.ProbabilityMap;

/**
 * The Java side of input encoding: image and previous mask as flat float arrays, ready to become tensors (click
 * maps come from the tensor click encoders, {@code TensorClickEncoderProvider}). Kept free of DJL so it can be tested on its own.
 */
public final class ClickTensors {
  private ClickTensors() {}

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
