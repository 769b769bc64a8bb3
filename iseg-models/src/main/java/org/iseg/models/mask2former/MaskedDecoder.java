package org.iseg.models.mask2former;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.iseg.models.nn.ParameterModule;
import org.iseg.models.nn.Bilinear;
import org.iseg.models.nn.Conv2dBlock;
import org.iseg.models.nn.LayerNormBlock;
import org.iseg.models.nn.LinearBlock;
import org.iseg.models.nn.ModuleList;
import org.iseg.models.nn.MultiheadAttention;
import org.iseg.models.nn.ParameterBlock;
import org.iseg.models.nn.TorchModule;

/**
 * Mask2Former's {@code MultiScaleMaskedTransformerDecoder}: learnable queries ({@code query_feat}) with their position
 * embeddings ({@code query_embed}) attend, layer by layer, to one of the three pixel-decoder levels in turn
 * (round-robin, coarse first) through masked cross-attention, then self-attention, then an FFN. Before the first layer
 * and after each, the prediction heads ({@code decoder_norm}, {@code class_embed}, 3-layer {@code mask_embed}) give
 * class logits and mask logits (mask embedding x mask features); the masks, resized bilinearly to the next level,
 * become its attention mask: a pixel is hidden from a query where {@code sigmoid(logit) < 0.5}, except that a query
 * whose mask hides every pixel may see all of them (the "fully masked row" rule).
 */
final class MaskedDecoder extends ParameterModule {
  private static final int LEVELS = 3;
  private final Mask2FormerConfig.Decoder cfg;
  private final ModuleList selfLayers;
  private final ModuleList crossLayers;
  private final ModuleList ffnLayers;
  private final LayerNormBlock decoderNorm;
  private final ParameterBlock queryFeat;
  private final ParameterBlock queryEmbed;
  private final ParameterBlock levelEmbed;
  private final ModuleList inputProj;
  private final LinearBlock classEmbed;
  private final ModuleList maskEmbed;

  MaskedDecoder(Mask2FormerConfig.Decoder cfg) {
    this.cfg = cfg;
    int d = cfg.hiddenDim();
    List<Block> self = new ArrayList<>();
    List<Block> cross = new ArrayList<>();
    List<Block> ffn = new ArrayList<>();
    for (int i = 0; i < cfg.decLayers(); i++) {
      self.add(new AttentionLayer("self_attn", d, cfg.nheads(), cfg.preNorm()));
      cross.add(new AttentionLayer("multihead_attn", d, cfg.nheads(), cfg.preNorm()));
      ffn.add(new FfnLayer(d, cfg.dimFeedforward(), cfg.preNorm()));
    }
    selfLayers = child("transformer_self_attention_layers", new ModuleList(self));
    crossLayers = child("transformer_cross_attention_layers", new ModuleList(cross));
    ffnLayers = child("transformer_ffn_layers", new ModuleList(ffn));
    decoderNorm = child("decoder_norm", new LayerNormBlock(d));
    queryFeat = child("query_feat", new ParameterBlock("weight", cfg.numQueries(), d));
    queryEmbed = child("query_embed", new ParameterBlock("weight", cfg.numQueries(), d));
    levelEmbed = child("level_embed", new ParameterBlock("weight", LEVELS, d));
    if (cfg.inChannels() != d || cfg.enforceInputProject()) {
      List<Block> proj = new ArrayList<>();
      for (int i = 0; i < LEVELS; i++) {
        proj.add(Conv2dBlock.builder(cfg.inChannels(), d).kernel(1).build());
      }
      inputProj = child("input_proj", new ModuleList(proj));
    } else {
      inputProj = null;
    }
    classEmbed = child("class_embed", new LinearBlock(d, cfg.numClasses() + 1));
    List<Block> mlp = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      mlp.add(new LinearBlock(d, i == 2 ? cfg.maskDim() : d));
    }
    maskEmbed = new ModuleList(mlp);
    child("mask_embed", ParameterModule.holder(List.of("layers"), List.of(maskEmbed)));
  }

  /** One prediction: class logits (B x Q x K+1) and mask logits (B x Q x H x W at the mask features' size). */
  record Prediction(NDArray logits, NDArray masks) {}

  /**
   * @param multiScale the three pixel-decoder levels, coarse first
   * @param maskFeatures B x mask_dim x H x W
   * @param taps receives {@code decoder.query.layer<i>} (Q x B x C) when not null
   * @return the predictions before the first layer and after each layer; the last is the output
   */
  List<Prediction> apply(ParameterStore ps, List<NDArray> multiScale, NDArray maskFeatures,
      Map<String, NDArray> taps) {
    NDManager m = maskFeatures.getManager();
    int d = cfg.hiddenDim();
    long b = maskFeatures.getShape().get(0);
    List<NDArray> src = new ArrayList<>();
    List<NDArray> pos = new ArrayList<>();
    List<int[]> sizes = new ArrayList<>();
    for (int i = 0; i < LEVELS; i++) {
      NDArray x = multiScale.get(i);
      int h = (int) x.getShape().get(2);
      int w = (int) x.getShape().get(3);
      sizes.add(new int[] {h, w});
      NDArray pe = PositionEmbeddingSine.create(x, d / 2, h, w);
      pos.add(pe.transpose(2, 0, 1));                                               // HW x 1 x C
      NDArray projected = inputProj == null ? x : call1(inputProj.get(i).orElseThrow(), ps, x, false);
      NDArray lvl;
      try (NDArray row = levelEmbed.value().get(new NDIndex(i))) {   // owned by the parameters' manager
        lvl = row.reshape(1, d, 1);
        lvl.attach(m);
      }
      src.add(projected.reshape(b, d, h * w).add(lvl).transpose(2, 0, 1));         // HW x B x C
    }
    NDArray queryPos = queryEmbed.value().expandDims(1);                               // Q x 1 x C
    queryPos.attach(m);
    NDArray output;
    try (NDArray one = queryFeat.value().expandDims(1)) {   // owned by the parameters' manager
      output = one.repeat(1, b);                                                       // Q x B x C
    }
    output.attach(m);
    List<Prediction> predictions = new ArrayList<>();
    Prediction first = heads(output, maskFeatures, taps, 0);
    predictions.add(first);
    boolean[] attnMask = attentionMask(first.masks(), sizes.get(0));
    for (int i = 0; i < cfg.decLayers(); i++) {
      int level = i % LEVELS;
      int[] size = sizes.get(level);
      NDArray mask = m.create(attnMask, new Shape(b * cfg.nheads(), cfg.numQueries(), (long) size[0] * size[1]));
      AttentionLayer cross = (AttentionLayer) crossLayers.get(i).orElseThrow();
      output = cross.apply(output, src.get(level), Optional.of(mask), pos.get(level), queryPos);
      AttentionLayer self = (AttentionLayer) selfLayers.get(i).orElseThrow();
      output = self.apply(output, output, Optional.empty(), null, queryPos);
      FfnLayer ffn = (FfnLayer) ffnLayers.get(i).orElseThrow();
      output = ffn.apply(output);
      if (taps != null) {
        taps.put("decoder.query.layer" + i, output);
      }
      Prediction p = heads(output, maskFeatures, taps, i + 1);
      predictions.add(p);
      if (i + 1 < cfg.decLayers()) {
        attnMask = attentionMask(p.masks(), sizes.get((i + 1) % LEVELS));
      }
    }
    return predictions;
  }

  private Prediction heads(NDArray output, NDArray maskFeatures, Map<String, NDArray> taps, int index) {
    NDArray x = decoderNorm.apply(output).transpose(1, 0, 2);                           // 1 x Q x C
    NDArray logits = classEmbed.apply(x);
    NDArray e = x;
    for (int i = 0; i < 3; i++) {
      LinearBlock layer = (LinearBlock) maskEmbed.get(i).orElseThrow();
      e = layer.apply(e);
      if (i < 2) {
        e = Activation.relu(e);
      }
    }
    if (taps != null) {
      taps.put("decoder.mask_embed." + index, e);
    }
    Shape fs = maskFeatures.getShape();
    NDArray flat = maskFeatures.reshape(fs.get(0), fs.get(1), fs.get(2) * fs.get(3));
    NDArray masks = e.matMul(flat).reshape(fs.get(0), cfg.numQueries(), fs.get(2), fs.get(3));
    return new Prediction(logits, masks);
  }

  /**
   * The cross-attention mask for the next layer, (B * heads) x Q x (h * w) (image-major, repeated per head):
   * {@code true} where {@code sigmoid(bilinear(mask logit)) < 0.5}, and no {@code true} at all in a query's row where
   * every pixel would be hidden.
   */
  private boolean[] attentionMask(NDArray masks, int[] size) {
    Shape s = masks.getShape();
    int b = (int) s.get(0);
    int q = (int) s.get(1);
    int n = size[0] * size[1];
    boolean[] hiddenPixel = new boolean[b * q * n];
    if (masks.getDataType() == ai.djl.ndarray.types.DataType.FLOAT64) {
      double[] r = Bilinear.resize(masks.toDoubleArray(), b * q, (int) s.get(2), (int) s.get(3), size[0], size[1]);
      for (int i = 0; i < r.length; i++) {
        hiddenPixel[i] = 1.0 / (1.0 + Math.exp(-r[i])) < 0.5;
      }
    } else {
      float[] r = Bilinear.resize(masks.toFloatArray(), b * q, (int) s.get(2), (int) s.get(3), size[0], size[1]);
      for (int i = 0; i < r.length; i++) {
        // the sigmoid rounded to float, as torch computes it on float32 masks
        hiddenPixel[i] = (float) (1.0 / (1.0 + Math.exp(-r[i]))) < 0.5f;
      }
    }
    int per = cfg.nheads() * q * n;
    boolean[] out = new boolean[b * per];
    for (int i = 0; i < b; i++) {
      boolean[] one = attentionMask(java.util.Arrays.copyOfRange(hiddenPixel, i * q * n, (i + 1) * q * n), q, n,
          cfg.nheads());
      System.arraycopy(one, 0, out, i * per, per);
    }
    return out;
  }

  /**
   * PyTorch's boolean attention mask from per-query hidden pixels ({@code queries x pixels}), repeated for each head
   * ({@code heads x queries x pixels}); a query whose every pixel is hidden gets none hidden (EasyCV's
   * {@code attn_mask[torch.where(attn_mask.sum(-1) == attn_mask.shape[-1])] = False}), since a softmax over no key
   * would give NaN.
   */
  static boolean[] attentionMask(boolean[] hiddenPixel, int queries, int pixels, int heads) {
    boolean[] one = hiddenPixel.clone();
    for (int r = 0; r < queries; r++) {
      boolean all = true;
      for (int j = 0; j < pixels && all; j++) {
        all = one[r * pixels + j];
      }
      if (all) {
        java.util.Arrays.fill(one, r * pixels, (r + 1) * pixels, false);
      }
    }
    boolean[] out = new boolean[heads * queries * pixels];
    for (int h = 0; h < heads; h++) {
      System.arraycopy(one, 0, out, h * queries * pixels, queries * pixels);
    }
    return out;
  }

  /** {@code SelfAttentionLayer} / {@code CrossAttentionLayer}: attention (child {@code attention}) + residual + {@code norm}. */
  static final class AttentionLayer extends ParameterModule {
    private final MultiheadAttention attention;
    private final LayerNormBlock norm;
    private final boolean preNorm;

    AttentionLayer(String attentionName, int d, int heads, boolean preNorm) {
      attention = child(attentionName, new MultiheadAttention(d, heads));
      norm = child("norm", new LayerNormBlock(d));
      this.preNorm = preNorm;
    }

    /**
     * @param memory the keys/values (the queries themselves for self-attention)
     * @param memoryPos added to the keys (null: none)
     */
    NDArray apply(NDArray tgt, NDArray memory, Optional<NDArray> mask, NDArray memoryPos, NDArray queryPos) {
      boolean self = memory == tgt;
      NDArray x = preNorm ? norm.apply(tgt) : tgt;
      NDArray mem = self ? x : memory;
      NDArray q = x.add(queryPos);
      NDArray k = self ? q : (memoryPos == null ? mem : mem.add(memoryPos));
      NDArray out = tgt.add(attention.apply(q, k, mem, mask));
      return preNorm ? out : norm.apply(out);
    }
  }

  /** {@code FFNLayer}: linear1, ReLU, linear2, residual, norm. */
  static final class FfnLayer extends ParameterModule {
    private final LinearBlock linear1;
    private final LinearBlock linear2;
    private final LayerNormBlock norm;
    private final boolean preNorm;

    FfnLayer(int d, int hidden, boolean preNorm) {
      linear1 = child("linear1", new LinearBlock(d, hidden));
      linear2 = child("linear2", new LinearBlock(hidden, d));
      norm = child("norm", new LayerNormBlock(d));
      this.preNorm = preNorm;
    }

    NDArray apply(NDArray tgt) {
      NDArray x = preNorm ? norm.apply(tgt) : tgt;
      NDArray out = tgt.add(linear2.apply(Activation.relu(linear1.apply(x))));
      return preNorm ? out : norm.apply(out);
    }
  }
}
