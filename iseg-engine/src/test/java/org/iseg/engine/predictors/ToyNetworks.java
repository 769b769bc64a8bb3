package org.iseg.engine.predictors;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleBiFunction;

/** Small deterministic networks whose outputs are known in closed form, recording what they were given. */
final class ToyNetworks {
  private ToyNetworks() {}

  /** Records every call's shapes and points; keeps the last input arrays to check they were released. */
  abstract static class Recording implements PredictorNetwork {
    final List<Shape> imageShapes = new ArrayList<>();
    final List<float[]> points = new ArrayList<>();
    final List<Shape> pointShapes = new ArrayList<>();
    final List<float[]> prevMasks = new ArrayList<>();
    NDArray lastImage;

    @Override
    public final NDArray logits(NDArray image, NDArray prevMask, NDArray pts) {
      imageShapes.add(image.getShape());
      points.add(pts.toFloatArray());
      pointShapes.add(pts.getShape());
      prevMasks.add(prevMask.toFloatArray());
      lastImage = image;
      return compute(image, prevMask, pts);
    }

    abstract NDArray compute(NDArray image, NDArray prevMask, NDArray points);

    @Override
    public boolean withPrevMask() {
      return true;
    }
  }

  /** Logits {@code 8 * red - 4}: a per-pixel function of the image, so mirroring must be undone exactly. */
  static Recording redChannel() {
    return new Recording() {
      @Override
      NDArray compute(NDArray image, NDArray prevMask, NDArray points) {
        return image.get(":, 0:1").mul(8f).sub(4f);
      }
    };
  }

  /**
   * Logits whose sigmoid is {@code p(u, v)} at normalised coordinates {@code u = row / (H - 1)}, {@code v = col /
   * (W - 1)} of whatever size the network sees.
   */
  static Recording field(ToDoubleBiFunction<Double, Double> p) {
    return new Recording() {
      @Override
      NDArray compute(NDArray image, NDArray prevMask, NDArray points) {
        return perPixel(image, (k, r, c, h, w) -> {
          double q = p.applyAsDouble(r / (double) (h - 1), c / (double) (w - 1));
          return (float) Math.log(q / (1 - q));
        });
      }
    };
  }

  /** Logits +10 within {@code radius} of any positive point, -10 elsewhere, per batch item. */
  static Recording disks(double radius) {
    return new Recording() {
      @Override
      NDArray compute(NDArray image, NDArray prevMask, NDArray points) {
        int n = (int) points.getShape().get(1) / 2;
        float[] pts = points.toFloatArray();
        return perPixel(image, (k, r, c, h, w) -> {
          for (int i = 0; i < n; i++) {
            float pr = pts[(k * 2 * n + i) * 3];
            float pc = pts[(k * 2 * n + i) * 3 + 1];
            if (pr >= 0 && (r - pr) * (r - pr) + (c - pc) * (c - pc) <= radius * radius) {
              return 10f;
            }
          }
          return -10f;
        });
      }
    };
  }

  /** The logit of pixel (row r, column c) of batch item k in an h x w map. */
  private interface PixelLogit {
    float at(int k, int r, int c, int h, int w);
  }

  /** A B x 1 x H x W logit map for {@code image} (B x C x H x W), each pixel's value from {@code logit}. */
  private static NDArray perPixel(NDArray image, PixelLogit logit) {
    int b = (int) image.getShape().get(0);
    int h = (int) image.getShape().get(2);
    int w = (int) image.getShape().get(3);
    float[] out = new float[b * h * w];
    for (int k = 0; k < b; k++) {
      for (int r = 0; r < h; r++) {
        for (int c = 0; c < w; c++) {
          out[(k * h + r) * w + c] = logit.at(k, r, c, h, w);
        }
      }
    }
    return image.getManager().create(out, new Shape(b, 1, h, w));
  }
}
