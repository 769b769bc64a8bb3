package org.iseg.models.mask2former;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.iseg.models.nn.ParameterModule;
import org.iseg.models.nn.Conv2dBlock;
import org.iseg.models.nn.LayerNormBlock;
import org.iseg.models.nn.LinearBlock;
import org.iseg.models.nn.ModuleList;
import org.iseg.models.nn.Ops;
import org.iseg.models.nn.TorchModule;

/**
 * EasyCV's {@code SwinTransformer} ({@code easycv/models/backbones/swin_transformer.py}, the Swin-Transformer
 * object-detection variant) in inference: a {@code patch_size} convolution with a LayerNorm ({@code patch_embed}),
 * four stages ({@code layers.i}) of blocks that alternate window attention and shifted-window attention (cyclic shift
 * by {@code window_size / 2}, the -100 mask between regions that the shift brought together), each with a relative
 * position bias ({@code relative_position_bias_table} gathered by {@code relative_position_index}) and a GELU MLP,
 * patch merging between stages, and a LayerNorm per output ({@code norm0} .. {@code norm3}). Feature maps whose sides
 * are not multiples of the window (or, before merging, of 2) are zero-padded at the bottom and right as EasyCV does.
 * Returns the four stage outputs N x C_i x H_i x W_i (strides 4, 8, 16, 32).
 *
 * <pre>{@code
 * EasyCvSwinTransformer swinT = new EasyCvSwinTransformer((Mask2FormerConfig.Swin) cfg.backbone());
 * NDList res2to5 = swinT.forward(ps, new NDList(image), false);
 * }</pre>
 */
public final class EasyCvSwinTransformer extends TorchModule {
  private static final String INDEX = "relative_position_index";
  private final Mask2FormerConfig.Swin cfg;
  private final Conv2dBlock patchProj;
  private final LayerNormBlock patchNorm;
  private final List<Stage> stages = new ArrayList<>();
  private final List<LayerNormBlock> outNorms = new ArrayList<>();

  public EasyCvSwinTransformer(Mask2FormerConfig.Swin cfg) {
    this.cfg = cfg;
    int p = cfg.patchSize();
    patchProj = Conv2dBlock.builder(3, cfg.embedDim()).kernel(p).stride(p).build();
    patchNorm = new LayerNormBlock(cfg.embedDim());
    child("patch_embed", ParameterModule.holder(List.of("proj", "norm"), List.of(patchProj, patchNorm)));
    for (int i = 0; i < 4; i++) {
      stages.add(new Stage(cfg, i));
    }
    child("layers", new ModuleList(stages));
    for (int i = 0; i < 4; i++) {
      outNorms.add(child("norm" + i, new LayerNormBlock(cfg.stageChannels(i))));
    }
  }

  /**
   * Whether a state-dict name is one of the attention blocks' {@code relative_position_index} buffers: the loader
   * reads them (EasyCV's exports hold them) but they are not trainable parameters.
   */
  public static boolean isBuffer(String name) {
    return name.endsWith("." + INDEX);
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
    NDArray image = inputs.singletonOrThrow();
    NDManager parent = image.getManager();
    NDList out = new NDList();
    try (NDManager scope = parent.newSubManager()) {
      image.tempAttach(scope);
      int ps1 = cfg.patchSize();
      long h0 = image.getShape().get(2);
      long w0 = image.getShape().get(3);
      NDArray x = image;
      if (w0 % ps1 != 0 || h0 % ps1 != 0) {   // PatchEmbed pads right, then bottom
        x = x.pad(new Shape(0, (ps1 - w0 % ps1) % ps1, 0, (ps1 - h0 % ps1) % ps1), 0);
      }
      x = call1(patchProj, ps, x, false);
      long b = x.getShape().get(0);
      int h = (int) x.getShape().get(2);
      int w = (int) x.getShape().get(3);
      x = patchNorm.apply(x.reshape(b, cfg.embedDim(), (long) h * w).transpose(0, 2, 1));   // B x HW x C
      for (int i = 0; i < 4; i++) {
        Stage stage = stages.get(i);
        NDArray xOut = stage.blocks(x, h, w);
        int c = cfg.stageChannels(i);
        NDArray o = outNorms.get(i).apply(xOut).reshape(b, h, w, c).transpose(0, 3, 1, 2);
        NDArray kept = o.duplicate();   // contiguous, outlives the scope
        kept.attach(parent);
        out.add(kept);
        if (i < 3) {
          x = stage.merge(xOut, h, w);
          h = (h + 1) / 2;
          w = (w + 1) / 2;
        }
      }
    }
    return out;
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape s = inputShapes[0];
    Shape[] out = new Shape[4];
    for (int i = 0; i < 4; i++) {
      out[i] = new Shape(s.get(0), cfg.stageChannels(i), -1, -1);
    }
    return out;
  }

  /** {@code torch.roll(x, shift, axis)}: element {@code i} moves to {@code (i + shift) mod n}. */
  static NDArray roll(NDArray x, int shift, int axis) {
    long n = x.getShape().get(axis);
    long s = Math.floorMod(shift, n);
    if (s == 0) {
      return x;
    }
    String colons = ":, ".repeat(axis);
    NDArray head = x.get(new NDIndex(colons + (n - s) + ":"));
    NDArray tail = x.get(new NDIndex(colons + ":" + (n - s)));
    return head.concat(tail, axis);
  }

  /**
   * {@code BasicLayer}'s attention mask for the shifted windows, nW x N x N: 0 between tokens of the same region of
   * the shifted map (regions split at {@code -window} and {@code -shift} on each side), -100 between different ones.
   */
  static float[] shiftMask(int hp, int wp, int window, int shift) {
    int[] region = new int[hp * wp];
    for (int y = 0; y < hp; y++) {
      int ry = y < hp - window ? 0 : y < hp - shift ? 1 : 2;
      for (int x = 0; x < wp; x++) {
        int rx = x < wp - window ? 0 : x < wp - shift ? 1 : 2;
        region[y * wp + x] = ry * 3 + rx;
      }
    }
    int nh = hp / window;
    int nw = wp / window;
    int n = window * window;
    float[] mask = new float[nh * nw * n * n];
    int[] ids = new int[n];
    for (int wy = 0; wy < nh; wy++) {
      for (int wx = 0; wx < nw; wx++) {
        for (int t = 0; t < n; t++) {
          ids[t] = region[(wy * window + t / window) * wp + wx * window + t % window];
        }
        int base = (wy * nw + wx) * n * n;
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < n; j++) {
            mask[base + i * n + j] = ids[i] == ids[j] ? 0f : -100f;
          }
        }
      }
    }
    return mask;
  }

  /**
   * The relative position index of a {@code window x window} window (EasyCV's {@code relative_position_index}):
   * {@code (dy + window - 1) * (2 * window - 1) + dx + window - 1} for token pair (i, j), d = coords(i) - coords(j).
   */
  static int[] relativePositionIndex(int window) {
    int n = window * window;
    int[] index = new int[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        int dy = i / window - j / window + window - 1;
        int dx = i % window - j % window + window - 1;
        index[i * n + j] = dy * (2 * window - 1) + dx;
      }
    }
    return index;
  }

  /** {@code BasicLayer}: {@code blocks} and, but for the last stage, {@code downsample} ({@code PatchMerging}). */
  private static final class Stage extends ParameterModule {
    private final int window;
    private final List<SwinBlock> blocks = new ArrayList<>();
    private final LayerNormBlock mergeNorm;
    private final LinearBlock reduction;

    Stage(Mask2FormerConfig.Swin cfg, int i) {
      window = cfg.windowSize();
      int dim = cfg.stageChannels(i);
      for (int j = 0; j < cfg.depths().get(i); j++) {
        blocks.add(new SwinBlock(cfg, dim, cfg.numHeads().get(i), j % 2 == 0 ? 0 : window / 2));
      }
      child("blocks", new ModuleList(blocks));
      if (i < 3) {
        reduction = new LinearBlock(4 * dim, 2 * dim, false);
        mergeNorm = new LayerNormBlock(4 * dim);
        child("downsample", ParameterModule.holder(List.of("reduction", "norm"), List.of(reduction, mergeNorm)));
      } else {
        reduction = null;
        mergeNorm = null;
      }
    }

    /** The blocks on B x HW x C tokens of an h x w map. */
    NDArray blocks(NDArray x, int h, int w) {
      int hp = ceilTo(h, window);
      int wp = ceilTo(w, window);
      NDArray mask = x.getManager().create(shiftMask(hp, wp, window, window / 2),
          new Shape((long) (hp / window) * (wp / window), (long) window * window, (long) window * window))
          .toType(x.getDataType(), false);
      for (SwinBlock blk : blocks) {
        x = blk.apply(x, h, w, hp, wp, mask);
      }
      return x;
    }

    /** {@code PatchMerging}: 2 x 2 neighbours concatenated as (0,0), (1,0), (0,1), (1,1) (row, col), norm, reduce. */
    NDArray merge(NDArray x, int h, int w) {
      long b = x.getShape().get(0);
      long c = x.getShape().get(2);
      NDArray y = x.reshape(b, h, w, c);
      if (h % 2 == 1 || w % 2 == 1) {
        y = y.pad(new Shape(0, 0, 0, w % 2, 0, h % 2), 0);
      }
      int h2 = (h + 1) / 2;
      int w2 = (w + 1) / 2;
      // (B, h2, row parity, w2, col parity, C) -> (B, h2, w2, col parity, row parity, C)
      y = y.reshape(b, h2, 2, w2, 2, c).transpose(0, 1, 3, 4, 2, 5).reshape(b, (long) h2 * w2, 4 * c);
      return reduction.apply(mergeNorm.apply(y));
    }
  }

  private static int ceilTo(int v, int m) {
    return (v + m - 1) / m * m;
  }

  /** {@code SwinTransformerBlock}: (shifted) window attention and an MLP, each pre-norm with a residual. */
  private static final class SwinBlock extends ParameterModule {
    private final int window;
    private final int shift;
    private final int heads;
    private final double scale;
    private final LayerNormBlock norm1;
    private final LayerNormBlock norm2;
    private final LinearBlock qkv;
    private final LinearBlock proj;
    private final LinearBlock fc1;
    private final LinearBlock fc2;
    private final Parameter biasTable;
    private final int[] index;

    SwinBlock(Mask2FormerConfig.Swin cfg, int dim, int heads, int shift) {
      this.window = cfg.windowSize();
      this.shift = shift;
      this.heads = heads;
      this.scale = cfg.qkScale().orElse(Math.pow(dim / heads, -0.5));
      this.index = relativePositionIndex(window);
      norm1 = child("norm1", new LayerNormBlock(dim));
      qkv = new LinearBlock(dim, 3 * dim, cfg.qkvBias());
      proj = new LinearBlock(dim, dim);
      int span = 2 * window - 1;
      WindowAttention attn = new WindowAttention(qkv, proj, (long) span * span, heads, (long) window * window);
      biasTable = attn.table;
      child("attn", attn);
      norm2 = child("norm2", new LayerNormBlock(dim));
      int hidden = (int) (dim * cfg.mlpRatio());
      fc1 = new LinearBlock(dim, hidden);
      fc2 = new LinearBlock(hidden, dim);
      child("mlp", ParameterModule.holder(List.of("fc1", "fc2"), List.of(fc1, fc2)));
    }

    NDArray apply(NDArray x, int h, int w, int hp, int wp, NDArray shiftMask) {
      long b = x.getShape().get(0);
      long c = x.getShape().get(2);
      NDArray y = norm1.apply(x).reshape(b, h, w, c);
      if (hp != h || wp != w) {
        y = y.pad(new Shape(0, 0, 0, wp - w, 0, hp - h), 0);
      }
      if (shift > 0) {
        y = roll(roll(y, -shift, 1), -shift, 2);
      }
      int nh = hp / window;
      int nw = wp / window;
      long n = (long) window * window;
      NDArray windows = y.reshape(b, nh, window, nw, window, c).transpose(0, 1, 3, 2, 4, 5).reshape(-1, n, c);
      NDArray attended = attention(windows, shift > 0 ? shiftMask : null, nh * nw);
      y = attended.reshape(b, nh, nw, window, window, c).transpose(0, 1, 3, 2, 4, 5).reshape(b, hp, wp, c);
      if (shift > 0) {
        y = roll(roll(y, shift, 1), shift, 2);
      }
      if (hp != h || wp != w) {
        y = y.get(new NDIndex(":, :" + h + ", :" + w + ", :"));
      }
      x = x.add(y.reshape(b, (long) h * w, c));
      return x.add(fc2.apply(Activation.gelu(fc1.apply(norm2.apply(x)))));
    }

    /** {@code WindowAttention} on nW*B x N x C windows; {@code mask} nW x N x N or null. */
    private NDArray attention(NDArray x, NDArray mask, int windowsPerImage) {
      Shape s = x.getShape();
      long bw = s.get(0);
      long n = s.get(1);
      long c = s.get(2);
      NDArray t = qkv.apply(x).reshape(bw, n, 3, heads, c / heads).transpose(2, 0, 3, 1, 4);
      NDArray q = Ops.mul(t.get(0), scale);
      NDArray k = t.get(1);
      NDArray v = t.get(2);
      NDArray attn = q.matMul(k.transpose(0, 1, 3, 2));                       // B_ x heads x N x N
      NDArray table = biasTable.getArray();
      NDArray idx = x.getManager().create(index, new Shape(index.length));
      NDArray bias = table.get(idx);                                             // N*N x heads
      bias.attach(x.getManager());
      attn = attn.add(bias.toType(attn.getDataType(), false).reshape(n, n, heads).transpose(2, 0, 1));
      if (mask != null) {
        attn = attn.reshape(bw / windowsPerImage, windowsPerImage, heads, n, n)
            .add(mask.reshape(1, windowsPerImage, 1, n, n)).reshape(bw, heads, n, n);
      }
      NDArray out = attn.softmax(-1).matMul(v).transpose(0, 2, 1, 3).reshape(bw, n, c);
      return proj.apply(out);
    }
  }

  /** {@code WindowAttention}'s tensors: {@code qkv}, {@code proj}, the bias table and its index buffer. */
  private static final class WindowAttention extends ParameterModule {
    final Parameter table;

    WindowAttention(LinearBlock qkv, LinearBlock proj, long tableRows, int heads, long tokens) {
      table = parameter("relative_position_bias_table", Parameter.Type.WEIGHT, new Shape(tableRows, heads), Initializer.ZEROS);
      // EasyCV's persistent buffer: loaded so that exports map key for key; the index itself is recomputed
      parameter(INDEX, Parameter.Type.OTHER, new Shape(tokens, tokens), Initializer.ZEROS);
      child("qkv", qkv);
      child("proj", proj);
    }
  }
}
