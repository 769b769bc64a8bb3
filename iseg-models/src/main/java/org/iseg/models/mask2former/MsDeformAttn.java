package org.iseg.models.mask2former;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.iseg.models.nn.ParameterModule;
import org.iseg.models.nn.Bilinear;
import org.iseg.models.nn.LinearBlock;
import org.iseg.models.nn.TorchModule;

/**
 * Deformable DETR's {@code MSDeformAttn} with EasyCV's CPU path ({@code ms_deform_attn_core_pytorch}): per query,
 * head, level and point a sampling location {@code reference + offset / (W_l, H_l)}, the value map of that level
 * sampled there bilinearly exactly as {@code grid_sample(2 * loc - 1, 'bilinear', 'zeros', align_corners=False)}
 * ({@link Bilinear#corners}), weighted by the softmax over levels x points, summed, then {@code output_proj}.
 * Children: {@code sampling_offsets}, {@code attention_weights}, {@code value_proj}, {@code output_proj}.
 */
final class MsDeformAttn extends ParameterModule {
  private final int dModel;
  private final int heads;
  private final int levels;
  private final int points;
  private final LinearBlock samplingOffsets;
  private final LinearBlock attentionWeights;
  private final LinearBlock valueProj;
  private final LinearBlock outputProj;

  MsDeformAttn(int dModel, int levels, int heads, int points) {
    if (dModel % heads != 0) {
      throw new IllegalArgumentException("d_model " + dModel + " is not divisible by " + heads + " heads");
    }
    this.dModel = dModel;
    this.heads = heads;
    this.levels = levels;
    this.points = points;
    samplingOffsets = child("sampling_offsets", new LinearBlock(dModel, heads * levels * points * 2));
    attentionWeights = child("attention_weights", new LinearBlock(dModel, heads * levels * points));
    valueProj = child("value_proj", new LinearBlock(dModel, dModel));
    outputProj = child("output_proj", new LinearBlock(dModel, dModel));
  }

  /**
   * @param query B x Lq x C (tokens plus position embedding)
   * @param reference Lq x 2 normalised (x, y) reference points, the same on every level and image
   * @param input B x S x C, the levels' tokens concatenated row-major
   * @param shapes {@code [level][0]} = H, {@code [level][1]} = W
   * @return B x Lq x C
   */
  NDArray apply(NDArray query, float[] reference, NDArray input, int[][] shapes) {
    int batch = (int) query.getShape().get(0);
    int lq = (int) query.getShape().get(1);
    int dHead = dModel / heads;
    int[] starts = new int[levels];
    int total = 0;
    for (int l = 0; l < levels; l++) {
      starts[l] = total;
      total += shapes[l][0] * shapes[l][1];
    }
    if (total != input.getShape().get(1) || input.getShape().get(0) != batch) {
      throw new IllegalArgumentException("level shapes cover " + total + " tokens, input has " + input.getShape());
    }
    if (input.getDataType() == DataType.FLOAT64) {
      return applyDouble(query, reference, input, shapes, batch, lq, starts);
    }
    float[] value;
    try (NDArray v = valueProj.apply(input)) {
      value = v.toFloatArray();                                        // S x heads x dHead
    }
    float[] offsets;
    try (NDArray o = samplingOffsets.apply(query)) {
      offsets = o.toFloatArray();                                      // Lq x heads x levels x points x 2
    }
    float[] weights;
    try (NDArray a = attentionWeights.apply(query); NDArray r = a.reshape(batch, lq, heads, levels * points);
        NDArray s = r.softmax(-1)) {
      weights = s.toFloatArray();                                      // Lq x heads x (levels * points)
    }
    float[] out = new float[batch * lq * dModel];
    int[] index = new int[4];
    float[] w = new float[4];
    float[] acc = new float[dHead];
    for (int bi = 0; bi < batch; bi++) {
      int image = bi * total * dModel;   // this image's values
      for (int q = 0; q < lq; q++) {
        float rx = reference[2 * q];
        float ry = reference[2 * q + 1];
        int bq = bi * lq + q;
        for (int m = 0; m < heads; m++) {
          java.util.Arrays.fill(acc, 0f);
          for (int l = 0; l < levels; l++) {
            int h = shapes[l][0];
            int wd = shapes[l][1];
            for (int p = 0; p < points; p++) {
              int k = (((bq * heads + m) * levels + l) * points + p);
              float locX = rx + offsets[2 * k] / wd;
              float locY = ry + offsets[2 * k + 1] / h;
              Bilinear.corners(2f * locX - 1f, 2f * locY - 1f, h, wd, index, w);
              float aw = weights[k];
              int base = image + starts[l] * dModel + m * dHead;
              for (int d = 0; d < dHead; d++) {
                acc[d] += Bilinear.sample(value, base + d, dModel, index, w) * aw;
              }
            }
          }
          System.arraycopy(acc, 0, out, bq * dModel + m * dHead, dHead);
        }
      }
    }
    try (NDArray sampled = query.getManager().create(out, new Shape(batch, lq, dModel))) {
      return outputProj.apply(sampled);
    }
  }

  /**
   * The same computation as NDArray operations, so that autograd reaches {@code value_proj},
   * {@code sampling_offsets} (through the bilinear weights, as {@code grid_sample}'s gradient) and
   * {@code attention_weights} (training). Equal to {@link #apply} up to float rounding.
   */
  NDArray applyDifferentiable(NDArray query, float[] reference, NDArray input, int[][] shapes) {
    int lq = (int) query.getShape().get(1);
    int dHead = dModel / heads;
    int lp = levels * points;
    ai.djl.ndarray.NDManager m = query.getManager();
    DataType type = query.getDataType();
    int[] starts = new int[levels];
    int total = 0;
    for (int l = 0; l < levels; l++) {
      starts[l] = total;
      total += shapes[l][0] * shapes[l][1];
    }
    NDArray value = valueProj.apply(input).reshape(total * heads, dHead);   // row = token * heads + head
    NDArray offsets = samplingOffsets.apply(query).reshape(lq, heads, levels, points, 2);
    NDArray weights = attentionWeights.apply(query).reshape(lq, heads, lp).softmax(-1).reshape(lq, heads, levels, points);
    // pixel coordinates of grid_sample(align_corners=False): loc * size - 0.5 with loc = ref + offset / size
    float[] refX = new float[lq];
    float[] refY = new float[lq];
    for (int q = 0; q < lq; q++) {
      refX[q] = reference[2 * q];
      refY[q] = reference[2 * q + 1];
    }
    float[] widths = new float[levels];
    float[] heights = new float[levels];
    for (int l = 0; l < levels; l++) {
      heights[l] = shapes[l][0];
      widths[l] = shapes[l][1];
    }
    NDArray wl = m.create(widths, new Shape(1, 1, levels, 1)).toType(type, false);
    NDArray hl = m.create(heights, new Shape(1, 1, levels, 1)).toType(type, false);
    NDArray ix = m.create(refX, new Shape(lq, 1, 1, 1)).toType(type, false)
        .add(offsets.get(new NDIndex("..., 0")).div(wl)).mul(wl).sub(0.5f);
    NDArray iy = m.create(refY, new Shape(lq, 1, 1, 1)).toType(type, false)
        .add(offsets.get(new NDIndex("..., 1")).div(hl)).mul(hl).sub(0.5f);
    float[] x0 = ix.floor().toType(DataType.FLOAT32, false).toFloatArray();
    float[] y0 = iy.floor().toType(DataType.FLOAT32, false).toFloatArray();
    NDArray fx = ix.sub(m.create(x0, ix.getShape()).toType(type, false));
    NDArray fy = iy.sub(m.create(y0, iy.getShape()).toType(type, false));
    int n = lq * heads * lp;
    NDArray sum = null;
    for (int corner = 0; corner < 4; corner++) {
      int dx = corner & 1;
      int dy = corner >> 1;
      long[] rows = new long[n * dHead];
      float[] valid = new float[n];
      for (int k = 0; k < n; k++) {
        int l = (k / points) % levels;
        int m2 = (k / lp) % heads;
        int xi = (int) x0[k] + dx;
        int yi = (int) y0[k] + dy;
        int h = shapes[l][0];
        int w = shapes[l][1];
        boolean inside = xi >= 0 && xi < w && yi >= 0 && yi < h;
        valid[k] = inside ? 1f : 0f;
        long row = inside ? ((long) (starts[l] + yi * w + xi) * heads + m2) : 0;
        for (int d = 0; d < dHead; d++) {
          rows[k * dHead + d] = row * dHead + d;
        }
      }
      NDArray wx = dx == 1 ? fx : fx.neg().add(1f);
      NDArray wy = dy == 1 ? fy : fy.neg().add(1f);
      NDArray w = wx.mul(wy).mul(weights).mul(m.create(valid, weights.getShape()).toType(type, false))
          .reshape(lq, heads, lp, 1);
      NDArray gathered = value.reshape(-1).take(m.create(rows, new Shape(lq, heads, lp, dHead)));
      NDArray term = gathered.mul(w).sum(new int[] {2});                       // lq x heads x dHead
      sum = sum == null ? term : sum.add(term);
    }
    return outputProj.apply(sum.reshape(1, lq, dModel));
  }

  /** The same in float64 (grid coordinates in float64 too), for a network converted to float64. */
  private NDArray applyDouble(NDArray query, float[] reference, NDArray input, int[][] shapes, int batch, int lq,
      int[] starts) {
    int total = (int) input.getShape().get(1);
    int dHead = dModel / heads;
    double[] value;
    try (NDArray v = valueProj.apply(input)) {
      value = v.toDoubleArray();
    }
    double[] offsets;
    try (NDArray o = samplingOffsets.apply(query)) {
      offsets = o.toDoubleArray();
    }
    double[] weights;
    try (NDArray a = attentionWeights.apply(query); NDArray r = a.reshape(batch, lq, heads, levels * points);
        NDArray s = r.softmax(-1)) {
      weights = s.toDoubleArray();
    }
    double[] out = new double[batch * lq * dModel];
    int[] index = new int[4];
    double[] w = new double[4];
    for (int bi = 0; bi < batch; bi++) {
      int image = bi * total * dModel;
      for (int q = 0; q < lq; q++) {
        double rx = reference[2 * q];
        double ry = reference[2 * q + 1];
        int bq = bi * lq + q;
        for (int m = 0; m < heads; m++) {
          for (int l = 0; l < levels; l++) {
            int h = shapes[l][0];
            int wd = shapes[l][1];
            for (int p = 0; p < points; p++) {
              int k = (((bq * heads + m) * levels + l) * points + p);
              double locX = rx + offsets[2 * k] / wd;
              double locY = ry + offsets[2 * k + 1] / h;
              Bilinear.corners(2 * locX - 1, 2 * locY - 1, h, wd, index, w);
              double aw = weights[k];
              int base = image + starts[l] * dModel + m * dHead;
              int o = bq * dModel + m * dHead;
              for (int d = 0; d < dHead; d++) {
                out[o + d] += Bilinear.sample(value, base + d, dModel, index, w) * aw;
              }
            }
          }
        }
      }
    }
    try (NDArray sampled = query.getManager().create(out, new Shape(batch, lq, dModel))) {
      return outputProj.apply(sampled);
    }
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }
}
