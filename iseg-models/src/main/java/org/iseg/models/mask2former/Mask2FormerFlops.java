package org.iseg.models.mask2former;

import java.util.ArrayList;
import java.util.List;

/**
 * Floating-point operations of one Mask2Former forward, counted analytically from the layer shapes of a
 * {@link Mask2FormerConfig} at a given input size: 2 per multiply-add of every convolution, linear layer and attention
 * product ({@code q k^T}, weights x values), of the deformable attention's sampling (4 bilinear taps and the
 * attention weight per sampled channel) and of the mask products (query embeddings x mask features). Normalisation,
 * activations, softmax, resizing and the post-processing are left out (a few per cent of the total). Counted as
 * fvcore-style multiply-adds, ResNet-50 at 224 x 224 gives 4.09 G and Swin-T 4.5 G, the published figures.
 *
 * <pre>{@code
 * Mask2FormerFlops.Count c = Mask2FormerFlops.count(model.config(), 800, 1344, 1);
 * System.out.println(c.total() / 1e9 + " GFLOP");
 * }</pre>
 */
public final class Mask2FormerFlops {
  private Mask2FormerFlops() {}

  /**
   * FLOPs per part of the network.
   *
   * @param backbone ResNet or Swin
   * @param pixelDecoder input projections, deformable encoder, FPN, mask features
   * @param decoder masked-attention transformer decoder with its prediction heads
   */
  public record Count(long backbone, long pixelDecoder, long decoder) {
    public long total() {
      return backbone + pixelDecoder + decoder;
    }
  }

  /**
   * @param height padded input height (the network's input)
   * @param width padded input width
   * @param batch images per forward
   */
  public static Count count(Mask2FormerConfig cfg, int height, int width, int batch) {
    List<int[]> sizes = new ArrayList<>();                       // stage outputs: strides 4, 8, 16, 32
    long backbone = backbone(cfg.backbone(), height, width, sizes);
    List<Integer> channels = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      channels.add(cfg.backbone().stageChannels(i));
    }
    Mask2FormerConfig.PixelDecoder pd = cfg.pixelDecoder();
    int conv = pd.convDim();
    long pixel = 0;
    List<Integer> in = pd.transformerInFeatures();
    long tokens = 0;
    List<int[]> multiScale = new ArrayList<>();                  // coarse first, as the decoder sees them
    for (int idx = 0; idx < in.size(); idx++) {
      int level = in.get(in.size() - 1 - idx);
      int[] s = sizes.get(level);
      pixel += conv(channels.get(level), conv, 1, s[0], s[1]);
      tokens += (long) s[0] * s[1];
      multiScale.add(s);
    }
    int levels = in.size();
    int points = pd.nPoints();
    for (int l = 0; l < pd.encLayers(); l++) {
      pixel += linear(conv, pd.nheads() * levels * points * 2, tokens);     // sampling_offsets
      pixel += linear(conv, pd.nheads() * levels * points, tokens);         // attention_weights
      pixel += 2 * linear(conv, conv, tokens);                             // value_proj, output_proj
      pixel += 2L * 5 * tokens * levels * points * conv;                   // 4 bilinear taps + weight per channel
      pixel += linear(conv, pd.dimFeedforward(), tokens) + linear(pd.dimFeedforward(), conv, tokens);
    }
    int finest = in.stream().mapToInt(Integer::intValue).min().orElseThrow();
    for (int k = finest - 1; k >= finest - pd.numFpnLevels(); k--) {
      int[] s = sizes.get(k);
      pixel += conv(channels.get(k), conv, 1, s[0], s[1]);                 // lateral
      pixel += conv(conv, conv, 3, s[0], s[1]);                           // output
    }
    int[] s4 = sizes.get(finest - pd.numFpnLevels());
    pixel += conv(conv, pd.maskDim(), 1, s4[0], s4[1]);                   // mask_features

    Mask2FormerConfig.Decoder dec = cfg.decoder();
    int d = dec.hiddenDim();
    long q = dec.numQueries();
    long decoder = 0;
    if (dec.inChannels() != d || dec.enforceInputProject()) {
      for (int[] s : multiScale) {
        decoder += conv(dec.inChannels(), d, 1, s[0], s[1]);
      }
    }
    long heads = linear(d, dec.numClasses() + 1, q) + linear(d, d, q) * 2 + linear(d, dec.maskDim(), q)
        + 2L * q * dec.maskDim() * s4[0] * s4[1];
    decoder += heads;                                                     // prediction before the first layer
    for (int i = 0; i < dec.decLayers(); i++) {
      int[] s = multiScale.get(i % multiScale.size());
      long keys = (long) s[0] * s[1];
      decoder += attention(d, q, keys);                                   // masked cross-attention
      decoder += attention(d, q, q);                                      // self-attention
      decoder += linear(d, dec.dimFeedforward(), q) + linear(dec.dimFeedforward(), d, q);
      decoder += heads;
    }
    return new Count(backbone * batch, pixel * batch, decoder * batch);
  }

  /** FLOPs of the backbone alone; {@code sizes} receives its four output sizes {h, w}. */
  static long backbone(Mask2FormerConfig.Backbone b, int height, int width, List<int[]> sizes) {
    return b instanceof Mask2FormerConfig.Swin swin
        ? swin(swin, height, width, sizes) : resNet((Mask2FormerConfig.ResNet) b, height, width, sizes);
  }

  /** {@code nn.MultiheadAttention}: q projection of {@code q} queries, k/v projections of {@code keys}, products. */
  private static long attention(int d, long q, long keys) {
    return linear(d, d, q) + 2 * linear(d, d, keys) + 2 * (2L * q * keys * d) + linear(d, d, q);
  }

  private static long conv(long cin, long cout, int k, long h, long w) {
    return 2L * cin * k * k * cout * h * w;
  }

  private static long linear(long in, long out, long rows) {
    return 2L * in * out * rows;
  }

  private static int down(int size, int kernel, int stride, int padding) {
    return (size + 2 * padding - kernel) / stride + 1;
  }

  private static long resNet(Mask2FormerConfig.ResNet r, int height, int width, List<int[]> sizes) {
    int h = down(height, 7, 2, 3);
    int w = down(width, 7, 2, 3);
    long flops = conv(3, r.stemChannels(), 7, h, w);
    h = down(h, 3, 2, 1);
    w = down(w, 3, 2, 1);
    int inplanes = r.stemChannels();
    for (int i = 0; i < 4; i++) {
      int planes = r.originalInplanes() << i;
      int out = planes * 4;
      for (int b = 0; b < r.stageBlocks().get(i); b++) {
        int stride = b == 0 ? r.strides().get(i) : 1;
        int ho = down(h, 3, stride, 1);
        int wo = down(w, 3, stride, 1);
        flops += conv(inplanes, planes, 1, h, w) + conv(planes, planes, 3, ho, wo) + conv(planes, out, 1, ho, wo);
        if (b == 0 && (stride != 1 || inplanes != out)) {
          flops += conv(inplanes, out, 1, ho, wo);                        // downsample
        }
        inplanes = out;
        h = ho;
        w = wo;
      }
      sizes.add(new int[] {h, w});
    }
    return flops;
  }

  private static long swin(Mask2FormerConfig.Swin s, int height, int width, List<int[]> sizes) {
    int p = s.patchSize();
    int h = (height + p - 1) / p;
    int w = (width + p - 1) / p;
    long flops = conv(3, s.embedDim(), p, h, w);
    int ws = s.windowSize();
    for (int i = 0; i < 4; i++) {
      long c = s.stageChannels(i);
      long hp = (long) (h + ws - 1) / ws * ws;
      long wp = (long) (w + ws - 1) / ws * ws;
      long padded = hp * wp;                                              // window attention runs on the padding too
      long n = (long) ws * ws;
      long hidden = (long) (c * s.mlpRatio());
      for (int b = 0; b < s.depths().get(i); b++) {
        flops += linear(c, 3 * c, padded) + 2 * (2L * padded * n * c) + linear(c, c, padded);
        flops += linear(c, hidden, (long) h * w) + linear(hidden, c, (long) h * w);
      }
      sizes.add(new int[] {h, w});
      if (i < 3) {
        h = (h + 1) / 2;
        w = (w + 1) / 2;
        flops += linear(4 * c, 2 * c, (long) h * w);                      // patch merging
      }
    }
    return flops;
  }
}
