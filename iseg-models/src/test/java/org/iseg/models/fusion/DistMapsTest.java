package org.iseg.models.fusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class DistMapsTest {
  private static final int H = 12;
  private static final int W = 17;

  @Property(tries = 60)
  void disksMatchABruteForceDistanceCheck(@ForAll @IntRange(min = 0, max = H - 1) int r1,
      @ForAll @IntRange(min = 0, max = W - 1) int c1, @ForAll @IntRange(min = -1, max = H - 1) int r2,
      @ForAll @IntRange(min = 0, max = W - 1) int c2, @ForAll @IntRange(min = 1, max = 4) int radius) {
    // One positive click, one negative that is padding when r2 == -1.
    boolean negPadding = r2 < 0;
    float[] points = {r1, c1, 0, negPadding ? -1 : r2, negPadding ? -1 : c2, negPadding ? -1 : 1};
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      NDArray maps = new DistMaps(radius, 1f, true).encode(m.create(points, new Shape(1, 2, 3)), H, W);
      assertEquals(new Shape(1, 2, H, W), maps.getShape());
      float[] v = maps.toFloatArray();
      for (int r = 0; r < H; r++) {
        for (int c = 0; c < W; c++) {
          int d1 = (r - r1) * (r - r1) + (c - c1) * (c - c1);
          assertEquals(d1 <= radius * radius ? 1f : 0f, v[r * W + c], "positive at " + r + "," + c);
          int d2 = (r - r2) * (r - r2) + (c - c2) * (c - c2);
          assertEquals(!negPadding && d2 <= radius * radius ? 1f : 0f, v[H * W + r * W + c], "negative at " + r + "," + c);
        }
      }
    }
  }

  @Test
  void distanceMapsUseTheNearestClickOfEachSign() {
    float[] points = {2, 3, 0, 8, 10, 2, -1, -1, -1, -1, -1, -1};
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      float[] v = new DistMaps(5f, 1f, false).encode(m.create(points, new Shape(1, 4, 3)), H, W).toFloatArray();
      // Pixel (5, 5): nearest positive is (2, 3): d = sqrt(9 + 4); RITM: tanh(2 * d / 5).
      assertEquals((float) Math.tanh(2 * Math.sqrt(13) / 5), v[5 * W + 5], 1e-6f);
      // No negative clicks: every pixel is "far" (squared normalised distance 1e6, tanh(2 * 1000) = 1).
      assertEquals(1f, v[H * W], 0f);
    }
  }

  @Test
  void malformedPointsAreRefused() {
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      var e = assertThrows(IllegalArgumentException.class,
          () -> new DistMaps(5f, 1f, true).encode(m.zeros(new Shape(1, 3, 3)), H, W));
      org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("B x 2N x 3"));
    }
  }

  /**
   * The click-at-a-time minimum gives exactly the maps of RITM's formulation, which stacks every click's squared
   * distances (P x H x W) and then takes the minimum: that stack is what this checks against.
   */
  @Test
  void clickAtATimeEqualsTheStackedMinimumBitForBit() {
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      float[] pts = {3.5f, 7f, 0, 20f, 30f, 1, -1, -1, -1, 11f, 2f, 2, -1, -1, -1, -1, -1, -1,
          0f, 0f, 0, 39f, 47f, 1, 15f, 15f, 2, 8f, 40f, 3, 30f, 5f, 4, -1, -1, -1};
      NDArray points = m.create(pts, new Shape(2, 6, 3));
      for (boolean disks : new boolean[] {true, false}) {
        DistMaps maps = new DistMaps(5f, 0.5f, disks);
        float[] got = maps.encode(points, 40, 48).toFloatArray();
        float[] stacked = stacked(m, pts, 2, 3, 40, 48, 5f, 0.5f, disks);
        for (int k = 0; k < got.length; k++) {
          assertEquals(Float.floatToIntBits(stacked[k]), Float.floatToIntBits(got[k]), "element " + k);
        }
      }
    }
  }

  private static float[] stacked(NDManager m, float[] pts, int batch, int n, int rows, int cols, float radius,
      float scale, boolean disks) {
    NDArray p = m.create(pts, new Shape(batch * 2 * n, 3));
    NDArray rc = p.get(":, 0:2");
    NDArray invalid = rc.max(new int[] {1}).lt(0f).toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
        .reshape(-1, 1, 1);
    NDArray scaled = rc.mul(scale);
    NDArray dr = m.arange(0f, rows, 1f).reshape(1, rows).sub(scaled.get(":, 0:1"));
    NDArray dc = m.arange(0f, cols, 1f).reshape(1, cols).sub(scaled.get(":, 1:2"));
    if (!disks) {
      dr = dr.div(radius * scale);
      dc = dc.div(radius * scale);
    }
    NDArray d2 = dr.mul(dr).expandDims(2).add(dc.mul(dc).expandDims(1));
    d2 = d2.mul(invalid.neg().add(1f)).add(invalid.mul(1e6f));
    NDArray nearest = d2.reshape(batch * 2, n, rows, cols).min(new int[] {1});
    NDArray out = disks ? nearest.lte(radius * scale * radius * scale).toType(ai.djl.ndarray.types.DataType.FLOAT32,
        false) : nearest.sqrt().mul(2f).tanh();
    return out.toFloatArray();
  }
}
