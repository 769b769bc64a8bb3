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
  void theBackwardPassOfAResizeReadsNoMemoryFreedSinceTheForward() throws Exception {
    // d sum(resize(x)) / dx[i][j] = (column sum i of the height matrix) x (column sum j of the width matrix): with
    // align_corners 4 -> 7 both sums are 7/4 away from the ends, known from the weights alone
    double[] rowSums = columnSums(Ops.weights(4, 7), 4, 7);
    double[] colSums = columnSums(Ops.weights(5, 9), 5, 9);
    for (int trial = 0; trial < 3; trial++) {
      try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
        NDArray x = m.randomNormal(new Shape(1, 2, 4, 5));
        x.setRequiresGradient(true);
        float[] grad;
        try (ai.djl.training.GradientCollector gc = m.getEngine().newGradientCollector()) {
          NDArray y = Ops.resizeBilinearAlignCorners(x, 7, 9);
          // the interpolation matrices' Java objects are gone: let the collector free their buffers and reuse them
          for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
          }
          java.util.List<java.nio.ByteBuffer> reuse = new java.util.ArrayList<>();
          for (int i = 0; i < 64; i++) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocateDirect(4096);
            for (int k = 0; k < 4096; k++) {
              b.put(k, (byte) 0x7f); // a float of 3.4e38
            }
            reuse.add(b);
          }
          gc.backward(y.sum());
          grad = x.getGradient().toFloatArray();
          reuse.clear();
        }
        for (int c = 0; c < 2; c++) {
          for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 5; j++) {
              assertEquals(rowSums[i] * colSums[j], grad[(c * 4 + i) * 5 + j], 1e-5,
                  "trial " + trial + ", gradient at " + c + "," + i + "," + j);
            }
          }
        }
      }
    }
  }

  /** Column sums of a row-major out x in matrix. */
  private static double[] columnSums(float[] matrix, int in, int out) {
    double[] sums = new double[in];
    for (int r = 0; r < out; r++) {
      for (int c = 0; c < in; c++) {
        sums[c] += matrix[r * in + c];
      }
    }
    return sums;
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
