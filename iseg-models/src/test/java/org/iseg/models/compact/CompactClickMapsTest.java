package org.iseg.models.compact;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class CompactClickMapsTest {
  // two images, three rows per sign each; -1 rows are padding (image 0 has one negative click only)
  private static final float[] POINTS = {3.5f, 7f, 0, 20f, 30f, 1, -1, -1, -1, 11f, 2f, 2, -1, -1, -1, -1, -1, -1,
      0f, 0f, 0, 39f, 47f, 1, 15f, 15f, 2, 8f, 40f, 3, 30f, 5f, 4, -1, -1, -1};
  private static final int H = 40;
  private static final int W = 48;

  /** Disks and tanh distance maps against the definition, pixel by pixel in double. */
  @Test
  void mapsFollowTheirDefinition() {
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      float[] got = new CompactClickMaps(5f).encode(m.create(POINTS, new Shape(2, 6, 3)), H, W).toFloatArray();
      double scale = 0.15 * Math.max(H, W);
      for (int b = 0; b < 2; b++) {
        for (int sign = 0; sign < 2; sign++) {
          for (int r = 0; r < H; r++) {
            for (int c = 0; c < W; c++) {
              double best = Double.POSITIVE_INFINITY;
              for (int k = 0; k < 3; k++) {
                int at = ((b * 2 + sign) * 3 + k) * 3;
                if (POINTS[at] >= 0 && POINTS[at + 1] >= 0) {
                  best = Math.min(best, Math.pow(r - POINTS[at], 2) + Math.pow(c - POINTS[at + 1], 2));
                }
              }
              float disk = got[((b * 4 + sign) * H + r) * W + c];
              float dist = got[((b * 4 + 2 + sign) * H + r) * W + c];
              assertEquals(best <= 25 ? 1f : 0f, disk, "disk " + b + "," + sign + " at " + r + "," + c);
              double want = Double.isInfinite(best) ? Math.tanh(Math.sqrt(1e6) / scale) : Math.tanh(Math.sqrt(best) / scale);
              assertEquals(want, dist, 1e-6, "distance " + b + "," + sign + " at " + r + "," + c);
            }
          }
        }
      }
    }
  }

  /**
   * The maps are built one click at a time; the default network was trained on maps from the whole N x 2 x K x H x
   * W stack of squared distances: they must agree bit for bit.
   */
  @Test
  void clickAtATimeEqualsTheStackedMinimumBitForBit() {
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      float[] got = new CompactClickMaps(5f).encode(m.create(POINTS, new Shape(2, 6, 3)), H, W).toFloatArray();
      NDArray p = m.create(POINTS, new Shape(12, 3));
      NDArray rc = p.get(":, 0:2");
      NDArray invalid = rc.min(new int[] {1}).lt(0f).reshape(-1, 1, 1);
      NDArray dr = m.arange(0f, H, 1f, DataType.FLOAT32).reshape(1, H).sub(rc.get(":, 0:1"));
      NDArray dc = m.arange(0f, W, 1f, DataType.FLOAT32).reshape(1, W).sub(rc.get(":, 1:2"));
      NDArray d2 = dr.square().expandDims(2).add(dc.square().expandDims(1))
          .add(invalid.toType(DataType.FLOAT32, false).mul(1e6f)).reshape(2, 2, 3, H, W);
      NDArray nearest = d2.min(new int[] {2});
      NDArray disks = nearest.lte(25f).toType(DataType.FLOAT32, false);
      NDArray dist = nearest.sqrt().div(0.15f * Math.max(H, W)).tanh();
      float[] stacked = disks.concat(dist, 1).toFloatArray();
      for (int k = 0; k < got.length; k++) {
        assertEquals(Float.floatToIntBits(stacked[k]), Float.floatToIntBits(got[k]), "element " + k);
      }
    }
  }
}
