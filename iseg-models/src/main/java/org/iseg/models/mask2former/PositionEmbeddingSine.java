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

  private static float trig(float v, boolean sin) {
    return (float) (sin ? Math.sin(v) : Math.cos(v));
  }
}
