package org.iseg.models.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class OpsTest {

  @Test
  void alignCornersBilinearKeepsCornersAndInterpolatesLinearly() {
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      NDArray a = m.create(new float[] {0, 1, 2, 3}, new Shape(1, 1, 2, 2));
      // align_corners=True: output pixel i samples input position i * (in - 1) / (out - 1).
      assertArrayEquals(new float[] {0, 0.5f, 1, 1, 1.5f, 2, 2, 2.5f, 3},
          Ops.resizeBilinearAlignCorners(a, 3, 3).toFloatArray(), 0f);
      // A linear ramp stays a ramp, sampled at 0, 2/3, 4/3, 2 (1 x 3 -> 1 x 4, height unchanged).
      NDArray ramp = m.create(new float[] {0, 3, 6}, new Shape(1, 1, 1, 3));
      assertArrayEquals(new float[] {0, 2, 4, 6}, Ops.resizeBilinearAlignCorners(ramp, 1, 4).toFloatArray(), 1e-6f);
      // Downsampling 5 -> 3 picks input columns 0, 2, 4 exactly.
      NDArray five = m.create(new float[] {10, 11, 12, 13, 14}, new Shape(1, 1, 1, 5));
      assertArrayEquals(new float[] {10, 12, 14}, Ops.resizeBilinearAlignCorners(five, 1, 3).toFloatArray(), 0f);
    }
  }

  @Test
  void float64ResizeUsesDoubleWeightsLikeLibtorch() {
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      // A ramp 0..112 resized to 450 columns is the ramp i * 112 / 449; float32 weights would miss it by ~1e-5.
      double[] ramp = new double[113];
      for (int j = 0; j < ramp.length; j++) {
        ramp[j] = j;
      }
      double[] up = Ops.resizeBilinearAlignCorners(m.create(ramp, new Shape(1, 1, 1, 113)), 1, 450).toDoubleArray();
      for (int i = 0; i < up.length; i++) {
        assertEquals(i * 112d / 449d, up[i], 1e-12, "column " + i);
      }
    }
  }

  @Test
  void resizeToTheSameSizeIsAnExactCopyThatKeepsTheAutogradGraph() {
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      NDArray w = m.create(new float[] {-0f, 1.5f, -2f, 3.25f, Float.MIN_VALUE, 7f}, new Shape(1, 1, 2, 3));
      w.setRequiresGradient(true);
      try (ai.djl.training.GradientCollector gc = m.getEngine().newGradientCollector()) {
        NDArray same = Ops.resizeBilinearAlignCorners(w, 2, 3);
        assertNotSame(w, same);
        assertArrayEquals(w.toFloatArray(), same.toFloatArray());
        // NDArray.duplicate (a detached copy in DJL's PyTorch engine) made this throw "does not have a grad_fn"
        gc.backward(same.mul(2f).sum());
      }
      assertArrayEquals(new float[] {2, 2, 2, 2, 2, 2}, w.getGradient().toFloatArray());
    }
  }

  @Test
  void weightsRowsSumToOneAndUseTwoNeighbours() {
    float[] w = Ops.weights(4, 7);
    for (int i = 0; i < 7; i++) {
      float sum = 0;
      int nonZero = 0;
      for (int j = 0; j < 4; j++) {
        sum += w[i * 4 + j];
        nonZero += w[i * 4 + j] != 0f ? 1 : 0;
      }
      assertArrayEquals(new float[] {1f}, new float[] {sum}, 1e-6f);
      org.junit.jupiter.api.Assertions.assertTrue(nonZero <= 2);
    }
  }
}
