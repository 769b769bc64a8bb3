package org.iseg.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import java.util.Optional;

/**
 * PyTorch's {@code nn.MultiheadAttention(embed_dim, num_heads)} with {@code batch_first=False}, no dropout, and its
 * state-dict layout: {@code in_proj_weight} (3E x E, query/key/value stacked), {@code in_proj_bias} (3E),
 * {@code out_proj.weight}, {@code out_proj.bias}. The computation is torch 1.13's
 * {@code multi_head_attention_forward}: project, split into heads, {@code q / sqrt(E / heads)}, scores
 * {@code q k^T} plus the attention mask ({@code true} = not allowed = {@code -inf}), softmax over keys, weighted
 * sum of values, output projection.
 *
 * <pre>{@code
 * MultiheadAttention attn = child("self_attn", new MultiheadAttention(256, 8));
 * NDArray out = attn.apply(q, k, v, Optional.empty());   // L x N x E
 * }</pre>
 */
public final class MultiheadAttention extends TorchModule {
  private final int embedDim;
  private final int heads;
  private final Parameter inProjWeight;
  private final Parameter inProjBias;
  private final LinearBlock outProj;

  public MultiheadAttention(int embedDim, int heads) {
    if (embedDim <= 0 || heads <= 0 || embedDim % heads != 0) {
      throw new IllegalArgumentException("attention needs embed_dim divisible by num_heads, got " + embedDim + " / "
          + heads);
    }
    this.embedDim = embedDim;
    this.heads = heads;
    inProjWeight = parameter("in_proj_weight", Parameter.Type.WEIGHT, new Shape(3L * embedDim, embedDim), Initializer.ZEROS);
    inProjBias = parameter("in_proj_bias", Parameter.Type.BIAS, new Shape(3L * embedDim), Initializer.ZEROS);
    outProj = child("out_proj", new LinearBlock(embedDim, embedDim));
  }

  public int heads() {
    return heads;
  }

  /**
   * Attention of {@code query} (L x N x E) over {@code key} and {@code value} (S x N x E).
   *
   * @param mask boolean, {@code (N * heads) x L x S} or {@code L x S}; {@code true} forbids attending (PyTorch's
   *     bool {@code attn_mask}). A row that forbids every key gives NaN, as in PyTorch.
   * @return L x N x E
   */
  public NDArray apply(NDArray query, NDArray key, NDArray value, Optional<NDArray> mask) {
    Shape qs = query.getShape();
    Shape ks = key.getShape();
    if (qs.dimension() != 3 || qs.get(2) != embedDim || ks.dimension() != 3 || ks.get(2) != embedDim
        || !ks.equals(value.getShape()) || ks.get(1) != qs.get(1)) {
      throw new IllegalArgumentException("attention expects query L x N x " + embedDim + " and key/value S x N x "
          + embedDim + ", got " + qs + ", " + ks + ", " + value.getShape());
    }
    long l = qs.get(0);
    long n = qs.get(1);
    long s = ks.get(0);
    int headDim = embedDim / heads;
    NDArray w = inProjWeight.getArray();
    NDArray b = inProjBias.getArray();
    NDArray q = project(query, w, b, 0).reshape(l, n * heads, headDim).transpose(1, 0, 2);
    NDArray k = project(key, w, b, 1).reshape(s, n * heads, headDim).transpose(1, 0, 2);
    NDArray v = project(value, w, b, 2).reshape(s, n * heads, headDim).transpose(1, 0, 2);
    q = Ops.div(q, (float) Math.sqrt(headDim));
    NDArray scores = q.matMul(k.transpose(0, 2, 1));                       // (N*H) x L x S
    if (mask.isPresent()) {
      NDArray m = mask.get();
      if (m.getShape().dimension() == 2) {
        m = m.expandDims(0);
      }
      NDArray full = m.getShape().equals(scores.getShape()) ? m : m.broadcast(scores.getShape());
      NDArray negInf = scores.getManager().full(scores.getShape(), Float.NEGATIVE_INFINITY, scores.getDataType());
      NDArray masked = NDArrays.where(full, negInf, scores);
      negInf.close();
      scores.close();
      scores = masked;
    }
    NDArray attn = scores.softmax(-1);
    NDArray out = attn.matMul(v).transpose(1, 0, 2).reshape(l, n, embedDim);  // L x N x E
    return outProj.apply(out);
  }

  private NDArray project(NDArray x, NDArray w, NDArray b, int which) {
    NDIndex rows = new NDIndex((long) which * embedDim + ":" + (long) (which + 1) * embedDim);
    try (NDArray wi = w.get(rows); NDArray bi = b.get(rows)) {
      return Linear.linear(x, wi, bi).singletonOrThrow();
    }
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
    return new NDList(apply(inputs.get(0), inputs.get(1), inputs.get(2),
        inputs.size() > 3 ? Optional.of(inputs.get(3)) : Optional.empty()));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }
}
