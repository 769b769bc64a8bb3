package org.iseg.models.mask2former;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.iseg.models.nn.ParameterModule;
import org.iseg.models.nn.Bilinear;
import org.iseg.models.nn.Conv2dBlock;
import org.iseg.models.nn.GroupNormBlock;
import org.iseg.models.nn.LayerNormBlock;
import org.iseg.models.nn.LinearBlock;
import org.iseg.models.nn.ModuleList;
import org.iseg.models.nn.Sequential;
import org.iseg.models.nn.TorchModule;

/**
 * Mask2Former's {@code MSDeformAttnPixelDecoder} as EasyCV has it: the coarsest backbone levels (res5, res4, res3) are
 * projected ({@code input_proj.i}: 1x1 conv + GroupNorm(32)), given sine position and level embeddings, refined by
 * {@code transformer.encoder.layers} (multi-scale deformable self-attention + FFN, post-norm), then the FPN adds the
 * finer levels ({@code adapter_k}: 1x1 conv + GN; {@code layer_k}: 3x3 conv + GN + ReLU, after adding the bilinear
 * upsampled coarser level), and {@code mask_features} (1x1 conv) gives the per-pixel embeddings at the common
 * stride.
 */
final class PixelDecoder extends TorchModule {
  private final Mask2FormerConfig.PixelDecoder cfg;
  private final ModuleList inputProj;
  private final Encoder transformer;
  private final Conv2dBlock maskFeatures;
  private final List<NormedConv> adapters = new ArrayList<>();
  private final List<NormedConv> outputs = new ArrayList<>();

  PixelDecoder(Mask2FormerConfig.PixelDecoder cfg) {
    this.cfg = cfg;
    int conv = cfg.convDim();
    List<Block> proj = new ArrayList<>();
    List<Integer> in = cfg.transformerInFeatures();
    for (int i = in.size() - 1; i >= 0; i--) {
      proj.add(Sequential.of(Conv2dBlock.builder(cfg.inputChannel().get(in.get(i)), conv).kernel(1).build(),
          new GroupNormBlock(32, conv)));
    }
    inputProj = child("input_proj", new ModuleList(proj));
    transformer = child("transformer", new Encoder(cfg));
    maskFeatures = child("mask_features", Conv2dBlock.builder(conv, cfg.maskDim()).kernel(1).build());
    for (int k = 0; k < cfg.numFpnLevels(); k++) {
      adapters.add(child("adapter_" + (k + 1), new NormedConv(cfg.inputChannel().get(k), conv, 1, false, 32, false)));
      outputs.add(child("layer_" + (k + 1), new NormedConv(conv, conv, 3, false, 32, true)));
    }
  }

  /** Output of {@link #apply}: the mask features and the three multi-scale features (coarse to fine). */
  record Features(NDArray maskFeatures, List<NDArray> multiScale) {}

  /**
   * @param ps gives the convolutions their parameters
   * @param features res2 .. res5 (B x C x H x W each)
   * @param taps receives intermediates under net-io names when not null
   */
  Features apply(ParameterStore ps, NDList features, Map<String, NDArray> taps) {
    return apply(ps, features, taps, false);
  }

  /** {@link #apply} with autograd-friendly deformable sampling and upsampling when {@code differentiable}. */
  Features apply(ParameterStore ps, NDList features, Map<String, NDArray> taps, boolean differentiable) {
    NDManager m = features.get(0).getManager();
    List<Integer> in = cfg.transformerInFeatures();
    int levels = in.size();
    int conv = cfg.convDim();
    int[][] shapes = new int[levels][];
    NDList srcs = new NDList();
    NDList pos = new NDList();
    NDArray levelEmbed = transformer.levelEmbed.getArray();
    long b = features.get(0).getShape().get(0);
    for (int idx = 0; idx < levels; idx++) {
      NDArray x = features.get(in.get(levels - 1 - idx));
      Sequential proj = (Sequential) inputProj.get(idx).orElseThrow();
      NDArray y = call1(proj, ps, x, false);
      int h = (int) x.getShape().get(2);
      int w = (int) x.getShape().get(3);
      shapes[idx] = new int[] {h, w};
      srcs.add(y.reshape(b, conv, h * w).transpose(0, 2, 1));                    // B x HW x C
      NDArray pe = PositionEmbeddingSine.create(y, conv / 2, h, w);
      NDArray lvl;
      try (NDArray row = levelEmbed.get(new NDIndex(idx))) {   // owned by the parameters' manager
        lvl = row.reshape(1, 1, conv);
        lvl.attach(m);
      }
      pos.add(pe.transpose(0, 2, 1).add(lvl));
    }
    NDArray src = NDArrays.concat(srcs, 1);
    NDArray posAll = NDArrays.concat(pos, 1);
    float[] reference = referencePoints(shapes);
    NDArray memory = src;
    for (int i = 0; i < transformer.layers.size(); i++) {
      EncoderLayer layer = (EncoderLayer) transformer.layers.get(i).orElseThrow();
      memory = layer.apply(memory, posAll, reference, shapes, differentiable);
      if (taps != null) {
        taps.put("pixel_decoder.encoder.layer" + i, memory);
      }
    }
    List<NDArray> out = new ArrayList<>();
    int start = 0;
    for (int l = 0; l < levels; l++) {
      int n = shapes[l][0] * shapes[l][1];
      NDArray part = memory.get(new NDIndex(":, " + start + ":" + (start + n) + ", :"));
      out.add(part.transpose(0, 2, 1).reshape(b, conv, shapes[l][0], shapes[l][1]));
      start += n;
    }
    for (int k = cfg.numFpnLevels() - 1; k >= 0; k--) {
      NDArray x = features.get(k);
      NDArray lateral = adapters.get(k).apply(x);
      int h = (int) lateral.getShape().get(2);
      int w = (int) lateral.getShape().get(3);
      NDArray up = differentiable ? Bilinear.resizeDifferentiable(out.get(out.size() - 1), h, w)
          : Bilinear.resize(out.get(out.size() - 1), h, w);
      NDArray sum = lateral.add(up);
      out.add(outputs.get(k).apply(sum));
    }
    NDArray finest = out.get(out.size() - 1);
    if (taps != null) {
      for (int i = 0; i < 3; i++) {
        taps.put("pixel_decoder.multi_scale." + i, out.get(i));
      }
      taps.put("pixel_decoder.fpn_out", finest);
    }
    NDArray mask = call1(maskFeatures, ps, finest, false);
    return new Features(mask, out.subList(0, 3));
  }

  /**
   * {@code get_reference_points} without padding: per level the pixel centres
   * {@code linspace(0.5, H - 0.5, H) / H} (float32, as torch's linspace computes them), x first.
   */
  static float[] referencePoints(int[][] shapes) {
    int total = 0;
    for (int[] s : shapes) {
      total += s[0] * s[1];
    }
    float[] ref = new float[2 * total];
    int k = 0;
    for (int[] s : shapes) {
      float[] ys = linspace(0.5f, s[0] - 0.5f, s[0]);
      float[] xs = linspace(0.5f, s[1] - 0.5f, s[1]);
      for (int i = 0; i < s[0]; i++) {
        for (int j = 0; j < s[1]; j++) {
          ref[2 * k] = xs[j] / (float) s[1];
          ref[2 * k + 1] = ys[i] / (float) s[0];
          k++;
        }
      }
    }
    return ref;
  }

  /** torch's CPU {@code linspace} in float: {@code start + step * i} in the first half, {@code end - step * (n - 1 - i)} after. */
  static float[] linspace(float start, float end, int steps) {
    float[] out = new float[steps];
    if (steps == 1) {
      out[0] = start;
      return out;
    }
    float step = (end - start) / (steps - 1);
    int halfway = steps / 2;
    for (int i = 0; i < steps; i++) {
      out[i] = i < halfway ? start + step * i : end - step * (steps - i - 1);
    }
    return out;
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
    Features f = apply(ps, inputs, null);
    NDList out = new NDList(f.maskFeatures());
    out.addAll(f.multiScale());
    return out;
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }

  /** {@code MSDeformAttnTransformerEncoderOnly}: the parameter {@code level_embed} and {@code encoder.layers}. */
  static final class Encoder extends ParameterModule {
    final Parameter levelEmbed;
    final ModuleList layers;

    Encoder(Mask2FormerConfig.PixelDecoder cfg) {
      levelEmbed = parameter("level_embed", Parameter.Type.WEIGHT, new Shape(cfg.transformerInFeatures().size(), cfg.convDim()), Initializer.ZEROS);
      List<Block> list = new ArrayList<>();
      for (int i = 0; i < cfg.encLayers(); i++) {
        list.add(new EncoderLayer(cfg));
      }
      layers = new ModuleList(list);
      child("encoder", ParameterModule.holder(List.of("layers"), List.of(layers)));
    }
  }

  /** {@code MSDeformAttnTransformerEncoderLayer} (post-norm, ReLU, dropout 0). */
  static final class EncoderLayer extends ParameterModule {
    private final MsDeformAttn selfAttn;
    private final LayerNormBlock norm1;
    private final LinearBlock linear1;
    private final LinearBlock linear2;
    private final LayerNormBlock norm2;

    EncoderLayer(Mask2FormerConfig.PixelDecoder cfg) {
      int d = cfg.convDim();
      selfAttn = child("self_attn", new MsDeformAttn(d, cfg.transformerInFeatures().size(), cfg.nheads(),
          cfg.nPoints()));
      norm1 = child("norm1", new LayerNormBlock(d));
      linear1 = child("linear1", new LinearBlock(d, cfg.dimFeedforward()));
      linear2 = child("linear2", new LinearBlock(cfg.dimFeedforward(), d));
      norm2 = child("norm2", new LayerNormBlock(d));
    }

    NDArray apply(NDArray src, NDArray pos, float[] reference, int[][] shapes, boolean differentiable) {
      NDArray query = src.add(pos);
      NDArray attn = differentiable ? selfAttn.applyDifferentiable(query, reference, src, shapes)
          : selfAttn.apply(query, reference, src, shapes);
      NDArray x = norm1.apply(src.add(attn));
      NDArray hidden = Activation.relu(linear1.apply(x));
      NDArray ffn = linear2.apply(hidden);
      return norm2.apply(x.add(ffn));
    }
  }
}
