package org.iseg.models.mask2former;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of an EasyCV Mask2Former config ({@code configs/segmentation/mask2former/*.py}, stored in an export's
 * {@code meta.config}) that define the network, its test pipeline and its post-processing.
 *
 * <pre>{@code
 * Mask2FormerConfig cfg = Mask2FormerConfig.fromEasyCv(checkpoint.config(), "model.pth");
 * cfg.decoder().numQueries();   // 100
 * cfg.classes().get(0);         // "person"
 * }</pre>
 *
 * @param backbone EasyCV's {@code ResNet} or {@code SwinTransformer} settings
 * @param pixelDecoder {@code MSDeformAttnPixelDecoder} settings
 * @param decoder {@code MultiScaleMaskedTransformerDecoder} settings
 * @param numThingClasses {@code num_things_classes}: classes {@code 0 .. numThingClasses - 1} are things
 * @param numStuffClasses {@code num_stuff_classes}
 * @param test {@code model.test_cfg}
 * @param classes {@code CLASSES} (empty if the config has none)
 * @param palette {@code PALETTE} as RGB triples (empty if the config has none)
 * @param pipeline the test pipeline's resize, pad and normalisation
 */
public record Mask2FormerConfig(Backbone backbone, PixelDecoder pixelDecoder, Decoder decoder, int numThingClasses,
    int numStuffClasses, TestCfg test, List<String> classes, List<int[]> palette, Pipeline pipeline) {

  public Mask2FormerConfig {
    classes = List.copyOf(classes);
    palette = List.copyOf(palette);
  }

  /** Classes of the classifier, without the no-object class. */
  public int numClasses() {
    return numThingClasses + numStuffClasses;
  }

  /** The backbone: four stage outputs (strides 4, 8, 16, 32) for the pixel decoder. */
  public sealed interface Backbone permits ResNet, Swin {
    /** Output channels of stage {@code i} (0-based). */
    int stageChannels(int i);
  }

  /**
   * EasyCV's {@code ResNet(depth, ...)}: bottleneck stages of {@code originalInplanes * 2^i} planes.
   *
   * @param depth 50, 101 or 152
   * @param stemChannels {@code stem_channels}
   * @param originalInplanes {@code original_inplanes}
   * @param strides per stage
   * @param dilations per stage
   */
  public record ResNet(int depth, int stemChannels, int originalInplanes, List<Integer> strides,
      List<Integer> dilations) implements Backbone {
    public ResNet {
      strides = List.copyOf(strides);
      dilations = List.copyOf(dilations);
    }

    /** Blocks per stage. */
    public List<Integer> stageBlocks() {
      return switch (depth) {
        case 50 -> List.of(3, 4, 6, 3);
        case 101 -> List.of(3, 4, 23, 3);
        case 152 -> List.of(3, 8, 36, 3);
        default -> throw new IllegalStateException("unsupported depth " + depth);
      };
    }

    @Override
    public int stageChannels(int i) {
      return originalInplanes * (1 << i) * 4;
    }
  }

  /**
   * EasyCV's {@code SwinTransformer} ({@code easycv/models/backbones/swin_transformer.py}) with its four stages out,
   * a patch norm and no absolute position embedding (the detection settings).
   *
   * @param patchSize {@code patch_size}
   * @param embedDim {@code embed_dim}: channels of stage 0, doubled by each patch merging
   * @param depths blocks per stage
   * @param numHeads attention heads per stage
   * @param windowSize {@code window_size}
   * @param mlpRatio {@code mlp_ratio}
   * @param qkvBias {@code qkv_bias}
   * @param qkScale {@code qk_scale}; empty: {@code head_dim ** -0.5}
   */
  public record Swin(int patchSize, int embedDim, List<Integer> depths, List<Integer> numHeads, int windowSize,
      double mlpRatio, boolean qkvBias, Optional<Double> qkScale) implements Backbone {
    public Swin {
      depths = List.copyOf(depths);
      numHeads = List.copyOf(numHeads);
    }

    @Override
    public int stageChannels(int i) {
      return embedDim << i;
    }
  }

  /** {@code MSDeformAttnPixelDecoder}'s arguments. */
  public record PixelDecoder(List<Integer> inputStride, List<Integer> inputChannel, int nheads, int dimFeedforward,
      int encLayers, int convDim, int maskDim, List<Integer> transformerInFeatures, int commonStride, int nPoints) {
    public PixelDecoder {
      inputStride = List.copyOf(inputStride);
      inputChannel = List.copyOf(inputChannel);
      transformerInFeatures = List.copyOf(transformerInFeatures);
    }

    /** Number of extra FPN levels below the transformer's finest level. */
    public int numFpnLevels() {
      int stride = transformerInFeatures.stream().mapToInt(inputStride::get).min().orElseThrow();
      return Integer.numberOfTrailingZeros(stride) - Integer.numberOfTrailingZeros(commonStride);
    }
  }

  /** {@code MultiScaleMaskedTransformerDecoder}'s arguments. */
  public record Decoder(int inChannels, int numClasses, int hiddenDim, int numQueries, int nheads, int dimFeedforward,
      int decLayers, boolean preNorm, int maskDim, boolean enforceInputProject) {}

  /** {@code test_cfg}: which outputs, and the post-processing thresholds. */
  public record TestCfg(boolean instanceOn, boolean panopticOn, boolean semanticOn, double objectMaskThr,
      double iouThr, int maxPerImage, boolean filterLowScore) {}

  /**
   * The test pipeline: {@code MMResize(img_scale, keep_ratio=True)}, {@code MMPad(size_divisor, pad_val)},
   * {@code MMNormalize(mean, std, to_rgb)}.
   *
   * @param scaleLong the longer side of {@code img_scale} (1333)
   * @param scaleShort the shorter side (800)
   */
  public record Pipeline(int scaleLong, int scaleShort, int sizeDivisor, int[] padValue, float[] mean, float[] std,
      boolean toRgb) {}

  /**
   * Reads the config of an EasyCV export ({@code meta.config}, as {@link org.iseg.models.checkpoint.TorchCheckpoint}
   * converts it).
   *
   * @param source names the file in error messages
   * @throws IllegalArgumentException naming the file and the entry when the config is not a Mask2Former config or
   *     uses an option this port does not implement
   */
  public static Mask2FormerConfig fromEasyCv(Map<String, Object> cfg, String source) {
    Reader r = new Reader(source);
    Map<String, Object> model = r.map(cfg, "model");
    String type = r.str(model, "type", "model");
    if (!type.equals("Mask2Former")) {
      throw r.fail("model.type is '" + type + "', expected 'Mask2Former'");
    }
    Map<String, Object> bb = r.map(model, "backbone", "model");
    String bbType = r.str(bb, "type", "model.backbone");
    Backbone backbone = switch (bbType) {
      case "ResNet" -> resNet(bb, r);
      case "SwinTransformer" -> swin(bb, r);
      default -> throw r.fail("model.backbone.type is '" + bbType + "'; EasyCV's 'ResNet' and 'SwinTransformer' "
          + "backbones are implemented");
    };

    Map<String, Object> head = r.map(model, "head", "model");
    Map<String, Object> pd = r.map(head, "pixel_decoder", "model.head");
    String where = "model.head.pixel_decoder";
    if (!r.str(pd, "norm", where, "GN").equals("GN")) {
      throw r.fail(where + ".norm must be 'GN'");
    }
    PixelDecoder pixel = new PixelDecoder(r.ints(pd, "input_stride", where, null),
        r.ints(pd, "input_channel", where, null), r.integer(pd, "transformer_nheads", where, 8),
        r.integer(pd, "transformer_dim_feedforward", where, 1024), r.integer(pd, "transformer_enc_layers", where, 6),
        r.integer(pd, "conv_dim", where, 256), r.integer(pd, "mask_dim", where, 256),
        r.ints(pd, "transformer_in_features", where, List.of(1, 2, 3)), r.integer(pd, "common_stride", where, 4), 4);
    Map<String, Object> td = r.map(head, "transformer_decoder", "model.head");
    where = "model.head.transformer_decoder";
    Decoder decoder = new Decoder(r.integer(td, "in_channels", where, null), r.integer(td, "num_classes", where, 80),
        r.integer(td, "hidden_dim", where, 256), r.integer(td, "num_queries", where, 100),
        r.integer(td, "nheads", where, 8), r.integer(td, "dim_feedforward", where, 2048),
        r.integer(td, "dec_layers", where, 9), r.bool(td, "pre_norm", false), r.integer(td, "mask_dim", where, 256),
        r.bool(td, "enforce_input_project", false));
    int things = r.integer(head, "num_things_classes", "model.head", null);
    int stuff = r.integer(head, "num_stuff_classes", "model.head", null);
    if (things + stuff != decoder.numClasses()) {
      throw r.fail("num_things_classes + num_stuff_classes = " + (things + stuff) + " but the decoder has "
          + "num_classes " + decoder.numClasses());
    }
    if (pixel.transformerInFeatures().size() != 3) {
      throw r.fail(where + ": the masked-attention decoder needs 3 transformer levels, got "
          + pixel.transformerInFeatures());
    }
    Map<String, Object> tc = model.get("test_cfg") instanceof Map<?, ?> ? r.map(model, "test_cfg", "model") : Map.of();
    TestCfg test = new TestCfg(r.bool(tc, "instance_on", false), r.bool(tc, "panoptic_on", false),
        r.bool(tc, "semantic_on", false), r.number(tc, "object_mask_thr", 0.8), r.number(tc, "iou_thr", 0.8),
        r.integer(tc, "max_per_image", "model.test_cfg", 100), r.bool(tc, "filter_low_score", false));

    List<String> classes = new ArrayList<>();
    if (cfg.get("CLASSES") instanceof List<?> list) {
      for (Object o : list) {
        classes.add(String.valueOf(o));
      }
    }
    List<int[]> palette = new ArrayList<>();
    if (cfg.get("PALETTE") instanceof List<?> list) {
      for (Object o : list) {
        if (o instanceof List<?> rgb && rgb.size() == 3) {
          palette.add(new int[] {((Number) rgb.get(0)).intValue(), ((Number) rgb.get(1)).intValue(),
              ((Number) rgb.get(2)).intValue()});
        }
      }
    }
    return new Mask2FormerConfig(backbone, pixel, decoder, things, stuff, test, classes, palette,
        pipeline(cfg, r));
  }

  private static ResNet resNet(Map<String, Object> bb, Reader r) {
    int depth = r.integer(bb, "depth", "model.backbone", null);
    if (depth != 50 && depth != 101 && depth != 152) {
      throw r.fail("model.backbone.depth " + depth + " is not a bottleneck ResNet (50, 101, 152)");
    }
    if (r.bool(bb, "deep_stem", false) || r.bool(bb, "avg_down", false)) {
      throw r.fail("model.backbone uses deep_stem or avg_down, which this port does not implement");
    }
    if (!r.str(bb, "style", "model.backbone", "pytorch").equals("pytorch")) {
      throw r.fail("model.backbone.style must be 'pytorch'");
    }
    List<Integer> outIndices = r.ints(bb, "out_indices", "model.backbone", List.of(1, 2, 3, 4));
    if (!outIndices.equals(List.of(1, 2, 3, 4)) || r.integer(bb, "num_stages", "model.backbone", 4) != 4) {
      throw r.fail("model.backbone must output its 4 stages (out_indices (1, 2, 3, 4)), got " + outIndices);
    }
    return new ResNet(depth, r.integer(bb, "stem_channels", "model.backbone", 64),
        r.integer(bb, "original_inplanes", "model.backbone", 64),
        r.ints(bb, "strides", "model.backbone", List.of(1, 2, 2, 2)),
        r.ints(bb, "dilations", "model.backbone", List.of(1, 1, 1, 1)));
  }

  /** {@code SwinTransformer}'s arguments, with EasyCV's defaults (Swin-T). */
  private static Swin swin(Map<String, Object> bb, Reader r) {
    String where = "model.backbone";
    List<Integer> depths = r.ints(bb, "depths", where, List.of(2, 2, 6, 2));
    List<Integer> heads = r.ints(bb, "num_heads", where, List.of(3, 6, 12, 24));
    if (depths.size() != 4 || heads.size() != 4) {
      throw r.fail(where + ".depths and num_heads must have 4 stages, got " + depths + " and " + heads);
    }
    List<Integer> outIndices = r.ints(bb, "out_indices", where, List.of(0, 1, 2, 3));
    if (!outIndices.equals(List.of(0, 1, 2, 3))) {
      throw r.fail(where + " must output its 4 stages (out_indices (0, 1, 2, 3)), got " + outIndices);
    }
    if (r.bool(bb, "ape", false) || r.bool(bb, "dilation", false) || !r.bool(bb, "patch_norm", true)) {
      throw r.fail(where + " uses ape, dilation or patch_norm=False, which this port does not implement");
    }
    if (r.integer(bb, "in_chans", where, 3) != 3) {
      throw r.fail(where + ".in_chans must be 3 (RGB)");
    }
    int embed = r.integer(bb, "embed_dim", where, 96);
    for (int i = 0; i < 4; i++) {
      if ((embed << i) % heads.get(i) != 0) {
        throw r.fail(where + ": stage " + i + " has " + (embed << i) + " channels, not divisible by "
            + heads.get(i) + " heads");
      }
    }
    Optional<Double> qkScale = bb.get("qk_scale") instanceof Number n ? Optional.of(n.doubleValue())
        : Optional.empty();
    return new Swin(r.integer(bb, "patch_size", where, 4), embed, depths, heads,
        r.integer(bb, "window_size", where, 7), r.number(bb, "mlp_ratio", 4.0), r.bool(bb, "qkv_bias", true), qkScale);
  }

  private static Pipeline pipeline(Map<String, Object> cfg, Reader r) {
    int scaleLong = 1333;
    int scaleShort = 800;
    int divisor = 32;
    int[] pad = {128, 128, 128};
    float[] mean = {123.675f, 116.28f, 103.53f};
    float[] std = {58.395f, 57.12f, 57.375f};
    boolean toRgb = true;
    List<Map<?, ?>> steps = new ArrayList<>();
    if (cfg.get("test_pipeline") instanceof List<?> list) {
      flatten(list, steps);
    }
    for (Map<?, ?> step : steps) {
      Object type = step.get("type");
      if ("MMMultiScaleFlipAug".equals(type) || "MMResize".equals(type)) {
        if (step.get("img_scale") instanceof List<?> scale && scale.size() == 2) {
          int a = ((Number) scale.get(0)).intValue();
          int b = ((Number) scale.get(1)).intValue();
          scaleLong = Math.max(a, b);
          scaleShort = Math.min(a, b);
        }
      } else if ("MMPad".equals(type)) {
        if (step.get("size_divisor") instanceof Number n) {
          divisor = n.intValue();
        }
        if (step.get("pad_val") instanceof Map<?, ?> pv && pv.get("img") instanceof List<?> img && img.size() == 3) {
          pad = new int[] {((Number) img.get(0)).intValue(), ((Number) img.get(1)).intValue(),
              ((Number) img.get(2)).intValue()};
        }
      } else if ("MMNormalize".equals(type)) {
        mean = floats(step.get("mean"), mean);
        std = floats(step.get("std"), std);
        if (step.get("to_rgb") instanceof Boolean b) {
          toRgb = b;
        }
      }
    }
    return new Pipeline(scaleLong, scaleShort, divisor, pad, mean, std, toRgb);
  }

  private static void flatten(List<?> list, List<Map<?, ?>> out) {
    for (Object o : list) {
      if (o instanceof Map<?, ?> m) {
        out.add(m);
        if (m.get("transforms") instanceof List<?> inner) {
          flatten(inner, out);
        }
      }
    }
  }

  private static float[] floats(Object value, float[] fallback) {
    if (!(value instanceof List<?> list) || list.size() != fallback.length) {
      return fallback;
    }
    float[] out = new float[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ((Number) list.get(i)).floatValue();
    }
    return out;
  }

  /** Typed access with messages that name the file and the config entry. */
  private record Reader(String source) {
    IllegalArgumentException fail(String what) {
      return new IllegalArgumentException(source + ": not a Mask2Former config this port can build: " + what);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> map(Map<String, Object> m, String key, String... where) {
      Object v = m.get(key);
      if (!(v instanceof Map<?, ?>)) {
        String path = where.length == 0 ? key : where[0] + "." + key;
        throw fail("config entry '" + path + "' is " + (v == null ? "missing" : "not a dict"));
      }
      return (Map<String, Object>) v;
    }

    String str(Map<String, Object> m, String key, String where) {
      return str(m, key, where, null);
    }

    String str(Map<String, Object> m, String key, String where, String fallback) {
      Object v = m.get(key);
      if (v instanceof String s) {
        return s;
      }
      if (v == null && fallback != null) {
        return fallback;
      }
      throw fail("config entry '" + where + "." + key + "' is " + (v == null ? "missing" : "not a string: " + v));
    }

    int integer(Map<String, Object> m, String key, String where, Integer fallback) {
      Object v = m.get(key);
      if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
        return n.intValue();
      }
      if ((v == null || v instanceof Optional<?>) && fallback != null) {
        return fallback;
      }
      throw fail("config entry '" + where + "." + key + "' is " + (v == null ? "missing" : "not an integer: " + v));
    }

    double number(Map<String, Object> m, String key, double fallback) {
      return m.get(key) instanceof Number n ? n.doubleValue() : fallback;
    }

    boolean bool(Map<String, Object> m, String key, boolean fallback) {
      return m.get(key) instanceof Boolean b ? b : fallback;
    }

    List<Integer> ints(Map<String, Object> m, String key, String where, List<Integer> fallback) {
      Object v = m.get(key);
      if (v instanceof List<?> list) {
        List<Integer> out = new ArrayList<>();
        for (Object o : list) {
          if (!(o instanceof Number n)) {
            throw fail("config entry '" + where + "." + key + "' holds a non-integer: " + v);
          }
          out.add(n.intValue());
        }
        return out;
      }
      if (v == null && fallback != null) {
        return fallback;
      }
      throw fail("config entry '" + where + "." + key + "' is " + (v == null ? "missing" : "not a list: " + v));
    }
  }
}
