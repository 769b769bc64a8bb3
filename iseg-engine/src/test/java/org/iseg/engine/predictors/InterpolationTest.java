package org.iseg.engine.predictors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InterpolationTest {

  @Test
  void alignedCornersSampleTheEndsAndInterpolateLinearly() {
    // align_corners=True: 2 -> 4 samples at 0, 1/3, 2/3, 1 (align_corners=False would give 0, .75, 2.25, 3)
    assertArrayEquals(new float[] {0, 1, 2, 3}, Interpolation.bilinearAlignCorners(new float[] {0, 3}, 1, 1, 2, 1, 4), 1e-6f);
    assertArrayEquals(
        new float[] {0, 2, 4}, Interpolation.bilinearAlignCorners(new float[] {0, 1, 2, 3, 4}, 1, 5, 1, 3, 1), 1e-6f);
    // 2x2 -> 3x3: the centre is the mean of the four corners
    assertArrayEquals(
        new float[] {0, 1.5f, 3, 3, 4.5f, 6, 6, 7.5f, 9},
        Interpolation.bilinearAlignCorners(new float[] {0, 3, 6, 9}, 1, 2, 2, 3, 3),
        1e-6f);
  }

  @Test
  void aLinearFieldIsReproducedAtAnySize() {
    int h = 37;
    int w = 53;
    float[] field = new float[2 * h * w];
    for (int p = 0; p < 2; p++) {
      for (int r = 0; r < h; r++) {
        for (int c = 0; c < w; c++) {
          field[(p * h + r) * w + c] = (float) (p + 0.3 * r / (h - 1) - 0.7 * c / (w - 1));
        }
      }
    }
    int oh = 101;
    int ow = 20;
    float[] out = Interpolation.bilinearAlignCorners(field, 2, h, w, oh, ow);
    for (int p = 0; p < 2; p++) {
      for (int r = 0; r < oh; r++) {
        for (int c = 0; c < ow; c++) {
          assertEquals(p + 0.3 * r / (oh - 1) - 0.7 * c / (ow - 1), out[(p * oh + r) * ow + c], 1e-5);
        }
      }
    }
  }

  @Test
  void ndArrayVersionKeepsBatchAndChannels() {
    try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      float[] data = new float[2 * 3 * 4 * 5];
      Random random = new Random(3);
      for (int i = 0; i < data.length; i++) {
        data[i] = random.nextFloat();
      }
      var out = Interpolation.bilinearAlignCorners(m.create(data, new Shape(2, 3, 4, 5)), 7, 9);
      assertEquals(new Shape(2, 3, 7, 9), out.getShape());
      float[] expected = Interpolation.bilinearAlignCorners(data, 6, 4, 5, 7, 9);
      assertArrayEquals(expected, out.toFloatArray());
    }
  }
}
