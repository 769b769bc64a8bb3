package org.iseg.models.mask2former;

/**
 * DETR's normalised sine position embedding ({@code PositionEmbeddingSine(num_pos_feats, normalize=True)}, temperature
 * 10000, scale 2 pi, no padding mask) in float32 as PyTorch computes it: {@code y = (row + 1) / (H + 1e-6) * scale},
 * likewise {@code x}; {@code dim_t[k] = 10000^(2 floor(k / 2) / F)}; channel {@code 2k} is {@code sin(y / dim_t[2k])},
 * {@code 2k + 1} is {@code cos(y / dim_t[2k + 1])}; the first {@code F} channels come from {@code y}, the next
 * {@code F} from {@code x}.
 *
 * <pre>{@code
 * float[] pos = PositionEmbeddingSine.embed(128, h, w);   // 256 x h x w, row-major
 * }</pre>
 */
final class PositionEmbeddingSine {
  private static final float TEMPERATURE = 10000f;
  private static final float SCALE = (float) (2 * Math.PI);
  private static final float EPS = 1e-6f;

  private PositionEmbeddingSine() {}

  /** The embedding, {@code 2 * numPosFeats x height x width} row-major. */
  static float[] embed(int numPosFeats, int height, int width) {
    float[] dimT = new float[numPosFeats];
    for (int k = 0; k < numPosFeats; k++) {
      float exponent = 2f * (float) Math.floor(k / 2f) / numPosFeats;
      dimT[k] = (float) Math.pow(TEMPERATURE, exponent);
    }
    float[] ys = new float[height];
    for (int i = 0; i < height; i++) {
      ys[i] = (i + 1f) / (height + EPS) * SCALE;
    }
    float[] xs = new float[width];
    for (int j = 0; j < width; j++) {
      xs[j] = (j + 1f) / (width + EPS) * SCALE;
    }
    int plane = height * width;
    float[] out = new float[2 * numPosFeats * plane];
    for (int k = 0; k < numPosFeats; k++) {
      boolean sin = k % 2 == 0;
      for (int i = 0; i < height; i++) {
        float vy = trig(ys[i] / dimT[k], sin);
        for (int j = 0; j < width; j++) {
          out[k * plane + i * width + j] = vy;
          out[(numPosFeats + k) * plane + i * width + j] = trig(xs[j] / dimT[k], sin);
        }
      }
    }
    return out;
  }

  /** The same in float64, for a network converted to float64. */
  static double[] embedDouble(int numPosFeats, int height, int width) {
    int plane = height * width;
    double[] out = new double[2 * numPosFeats * plane];
    for (int k = 0; k < numPosFeats; k++) {
      double dimT = Math.pow(TEMPERATURE, 2.0 * Math.floor(k / 2.0) / numPosFeats);
      boolean sin = k % 2 == 0;
      for (int i = 0; i < height; i++) {
        double y = (i + 1.0) / (height + 1e-6) * (2 * Math.PI) / dimT;
        for (int j = 0; j < width; j++) {
          double x = (j + 1.0) / (width + 1e-6) * (2 * Math.PI) / dimT;
          out[k * plane + i * width + j] = sin ? Math.sin(y) : Math.cos(y);
          out[(numPosFeats + k) * plane + i * width + j] = sin ? Math.sin(x) : Math.cos(x);
        }
      }
    }
    return out;
  }

  /** {@link #embed} or {@link #embedDouble} as a 1 x C x (h * w) array of {@code like}'s type and manager. */
  static ai.djl.ndarray.NDArray create(ai.djl.ndarray.NDArray like, int numPosFeats, int height, int width) {
    ai.djl.ndarray.types.Shape shape = new ai.djl.ndarray.types.Shape(1, 2L * numPosFeats, (long) height * width);
    return like.getDataType() == ai.djl.ndarray.types.DataType.FLOAT64
        ? like.getManager().create(embedDouble(numPosFeats, height, width), shape)
        : like.getManager().create(embed(numPosFeats, height, width), shape);
  }

  private static float trig(float v, boolean sin) {
    return (float) (sin ? Math.sin(v) : Math.cos(v));
  }
}
