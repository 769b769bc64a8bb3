package org.iseg.engine.training.mask2former;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.FloatRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** grid_sample(bilinear, zeros, align_corners=False) at normalised points. */
class PointSamplingTest {
  private static final float[] MAP = {1, 2, 3, 4, 5, 6}; // 2 x 3

  @Test
  void pixelCentresReadThePixel() {
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 3; j++) {
        assertEquals(MAP[i * 3 + j], PointSampling.sample(MAP, 0, 2, 3, (j + 0.5f) / 3, (i + 0.5f) / 2), 1e-6);
      }
    }
  }

  @Test
  void halfwayBetweenPixelsAndZerosOutsideTheMap() {
    // Between (0,0) and (0,1): x = 1/3 -> ix = 0.5.
    assertEquals(1.5f, PointSampling.sample(MAP, 0, 2, 3, 1f / 3, 0.25f), 1e-6);
    // The top-left corner (0, 0): ix = iy = -0.5, three neighbours outside.
    assertEquals(0.25f, PointSampling.sample(MAP, 0, 2, 3, 0f, 0f), 1e-7);
    // An offset selects the second map.
    float[] two = {0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6};
    assertEquals(6f, PointSampling.sample(two, 6, 2, 3, 2.5f / 3, 0.75f), 1e-6);
  }

  @Property(tries = 200)
  void tapsReproduceTheSampleAndAPlainDoubleFormula(
      @ForAll @FloatRange(min = 0, max = 1, maxIncluded = false) float x,
      @ForAll @FloatRange(min = 0, max = 1, maxIncluded = false) float y,
      @ForAll @IntRange(min = 1, max = 9) int h,
      @ForAll @IntRange(min = 1, max = 9) int w,
      @ForAll long seed) {
    Random random = new Random(seed);
    float[] map = new float[h * w];
    for (int i = 0; i < map.length; i++) {
      map[i] = (float) random.nextGaussian();
    }
    float value = PointSampling.sample(map, 0, h, w, x, y);
    PointSampling.Taps taps = PointSampling.taps(new float[] {x, y}, 0, 1, h, w);
    double fromTaps = 0;
    for (int k = 0; k < PointSampling.TAPS; k++) {
      fromTaps += taps.weight()[k] * map[taps.index()[k]];
    }
    assertEquals(value, fromTaps, 1e-5);
    // grid_sample: g = 2x - 1; ix = ((g + 1) W - 1) / 2.
    double ix = ((2.0 * x - 1 + 1) * w - 1) / 2;
    double iy = ((2.0 * y - 1 + 1) * h - 1) / 2;
    int x0 = (int) Math.floor(ix);
    int y0 = (int) Math.floor(iy);
    double expected = 0;
    for (int dy = 0; dy <= 1; dy++) {
      for (int dx = 0; dx <= 1; dx++) {
        int yy = y0 + dy;
        int xx = x0 + dx;
        if (yy >= 0 && yy < h && xx >= 0 && xx < w) {
          double wy = dy == 1 ? iy - y0 : 1 - (iy - y0);
          double wx = dx == 1 ? ix - x0 : 1 - (ix - x0);
          expected += wy * wx * map[yy * w + xx];
        }
      }
    }
    assertEquals(expected, value, 1e-5);
  }
}
