package org.iseg.models.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The layers DJL lacks, against values worked out by hand or by the textbook formula in float64: PyTorch's bilinear
 * resize ({@code align_corners=False}) and {@code grid_sample} (zeros padding), {@code GroupNorm},
 * {@code MultiheadAttention} with a boolean mask. (Their agreement with EasyCV's own tensors is
 * {@code mask2former.Mask2FormerParityTest}.)
 */
class TransformerLayersTest {

  @Test
  void resizeMatchesPytorchsHalfPixelBilinear() {
    // F.interpolate(torch.tensor([[[[1., 2.], [3., 4.]]]]), size=(4, 4), mode='bilinear', align_corners=False)
    float[] out = Bilinear.resize(new float[] {1, 2, 3, 4}, 1, 2, 2, 4, 4);
    assertArrayEquals(new float[] {1, 1.25f, 1.75f, 2, 1.5f, 1.75f, 2.25f, 2.5f, 2.5f, 2.75f, 3.25f, 3.5f, 3, 3.25f,
        3.75f, 4}, out);
    double[] out64 = Bilinear.resize(new double[] {1, 2, 3, 4}, 1, 2, 2, 4, 4);
    assertEquals(2.25, out64[6]);
    // downsampling 4 -> 2 averages the two middle source pixels of each half
    assertArrayEquals(new float[] {1.5f, 3.5f}, Bilinear.resize(new float[] {1, 2, 3, 4}, 1, 1, 4, 1, 2));
  }

  @Test
  void differentiableResizeEqualsTheLoopsAndCarriesGradients() {
    Random r = new Random(3);
    float[] x = new float[2 * 3 * 5 * 7];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      for (int[] size : new int[][] {{10, 14}, {3, 4}, {11, 5}}) {
        NDArray in = m.create(x, new Shape(2, 3, 5, 7));
        float[] loops = Bilinear.resize(in, size[0], size[1]).toFloatArray();
        float[] matrices = Bilinear.resizeDifferentiable(in, size[0], size[1]).toFloatArray();
        assertArrayEquals(loops, matrices, 1e-5f, size[0] + "x" + size[1]);
      }
      // d sum(resize(x)) / dx = how much each input pixel contributes: 4 per pixel when doubling both sides
      NDArray in = m.create(x, new Shape(2, 3, 5, 7));
      in.setRequiresGradient(true);
      try (var gc = Engine.getEngine("PyTorch").newGradientCollector()) {
        gc.backward(Bilinear.resizeDifferentiable(in, 10, 14).sum());
      }
      for (float g : in.getGradient().toFloatArray()) {
        assertEquals(4f, g, 1e-5f);
      }
    }
  }

  @Test
  void gridSampleIsHalfPixelBilinearWithZerosOutside() {
    float[] map = {1, 2, 3, 4};   // 2 x 2
    float[] grid = {
        -0.5f, -0.5f,   // centre of pixel (0, 0)
        0f, 0f,         // between all four
        -1f, -1f,       // the outer corner: a quarter of pixel (0, 0), the rest outside (zeros)
        2f, 2f};        // far outside
    assertArrayEquals(new float[] {1f, 2.5f, 0.25f, 0f}, Bilinear.gridSample(map, 1, 2, 2, grid, 4));
  }

  @Test
  void groupNormIsTheTextbookFormula() {
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      GroupNormBlock gn = new GroupNormBlock(2, 4);
      gn.initialize(m, DataType.FLOAT32, new Shape(1, 4, 3, 5));
      var params = StateDicts.parameters(gn);
      params.get("weight").getArray().set(new float[] {1f, 2f, 0.5f, -1f});
      params.get("bias").getArray().set(new float[] {0f, 1f, -1f, 0.5f});
      Random random = new Random(1);
      float[] x = new float[60];
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) random.nextGaussian() * 3 + 2;
      }
      float[] y = gn.apply(m.create(x, new Shape(1, 4, 3, 5))).toFloatArray();
      float[] w = {1f, 2f, 0.5f, -1f};
      float[] b = {0f, 1f, -1f, 0.5f};
      for (int g = 0; g < 2; g++) {
        double mean = 0;
        for (int i = g * 30; i < g * 30 + 30; i++) {
          mean += x[i];
        }
        mean /= 30;
        double var = 0;
        for (int i = g * 30; i < g * 30 + 30; i++) {
          var += (x[i] - mean) * (x[i] - mean);
        }
        var /= 30;
        for (int i = g * 30; i < g * 30 + 30; i++) {
          int c = i / 15;
          double expected = (x[i] - mean) / Math.sqrt(var + 1e-5) * w[c] + b[c];
          assertEquals(expected, y[i], 1e-5, "element " + i);
        }
      }
    }
  }

  @Test
  void maskedMultiheadAttentionIsSoftmaxOverTheAllowedKeys() {
    int e = 4;
    int heads = 2;
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      MultiheadAttention attn = new MultiheadAttention(e, heads);
      attn.initialize(m, DataType.FLOAT32, new Shape(1, 1, e), new Shape(3, 1, e), new Shape(3, 1, e));
      var params = StateDicts.parameters(attn);
      Random random = new Random(2);
      float[] inW = new float[3 * e * e];
      for (int i = 0; i < inW.length; i++) {
        inW[i] = (float) random.nextGaussian();
      }
      float[] inB = new float[3 * e];
      for (int i = 0; i < inB.length; i++) {
        inB[i] = (float) random.nextGaussian() * 0.1f;
      }
      params.get("in_proj_weight").getArray().set(inW);
      params.get("in_proj_bias").getArray().set(inB);
      float[] eye = new float[e * e];
      for (int i = 0; i < e; i++) {
        eye[i * e + i] = 1f;
      }
      params.get("out_proj.weight").getArray().set(eye);
      params.get("out_proj.bias").getArray().set(new float[e]);
      float[] q = {0.3f, -1f, 0.5f, 2f};
      float[] kv = {1f, 0f, -1f, 0.5f, 0.2f, 0.4f, 0.6f, -0.8f, -1.5f, 1f, 0f, 0.25f};
      // head 0 may not see key 1, head 1 may not see keys 0 and 2
      boolean[] mask = {false, true, false, true, false, true};
      NDArray out = attn.apply(m.create(q, new Shape(1, 1, e)), m.create(kv, new Shape(3, 1, e)),
          m.create(kv, new Shape(3, 1, e)), Optional.of(m.create(mask, new Shape(heads, 1, 3))));
      float[] got = out.toFloatArray();
      int hd = e / heads;
      for (int h = 0; h < heads; h++) {
        double[] qh = new double[hd];
        for (int d = 0; d < hd; d++) {
          qh[d] = dot(inW, h * hd + d, e, q, 0) + inB[h * hd + d];
        }
        double[] scores = new double[3];
        double max = Double.NEGATIVE_INFINITY;
        for (int s = 0; s < 3; s++) {
          double sc = 0;
          for (int d = 0; d < hd; d++) {
            sc += qh[d] / Math.sqrt(hd) * (dot(inW, e + h * hd + d, e, kv, s * e) + inB[e + h * hd + d]);
          }
          scores[s] = mask[h * 3 + s] ? Double.NEGATIVE_INFINITY : sc;
          max = Math.max(max, scores[s]);
        }
        double sum = 0;
        for (int s = 0; s < 3; s++) {
          scores[s] = Math.exp(scores[s] - max);
          sum += scores[s];
        }
        for (int d = 0; d < hd; d++) {
          double v = 0;
          for (int s = 0; s < 3; s++) {
            v += scores[s] / sum * (dot(inW, 2 * e + h * hd + d, e, kv, s * e) + inB[2 * e + h * hd + d]);
          }
          assertEquals(v, got[h * hd + d], 1e-5, "head " + h + " dim " + d);
        }
      }
    }
  }

  private static double dot(float[] w, int row, int e, float[] x, int offset) {
    double s = 0;
    for (int i = 0; i < e; i++) {
      s += (double) w[row * e + i] * x[offset + i];
    }
    return s;
  }
}
