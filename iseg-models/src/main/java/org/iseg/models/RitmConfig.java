package org.iseg.models;

import java.util.List;
import java.util.Map;
import org.iseg.api.Normalization;
import org.iseg.models.fusion.Fusion;

/**
 * The constructor arguments RITM stores in a checkpoint ({@code model._config}: {@code {'class': ...,
 * 'params': {name: {'type', 'value', 'specified'}}}}) for {@code isegm.model.is_hrnet_model.HRNetModel} (any width)
 * and {@code isegm.model.is_deeplab_model.DeeplabModel} (resnet34 or resnet50, deeplab_ch 128), with RITM's
 * defaults for anything absent.
 *
 * <pre>{@code
 * NetworkConfig c = RitmConfig.parse(checkpoint.config()).toNetworkConfig();
 * }</pre>
 */
public record RitmConfig(
    String backboneName,
    boolean withAuxOutput,
    boolean useLeakyRelu,
    boolean useDisks,
    float normRadius,
    boolean withPrevMask,
    Normalization normalization) {

  /** The RITM classes this reads. */
  public static final String HRNET_MODEL = "isegm.model.is_hrnet_model.HRNetModel";
  public static final String DEEPLAB_MODEL = "isegm.model.is_deeplab_model.DeeplabModel";

  /** Reads RITM's config map; fails naming the class or option it cannot represent. */
  public static RitmConfig parse(Map<String, ?> config) {
    Object cls = config.get("class");
    if (!HRNET_MODEL.equals(cls) && !DEEPLAB_MODEL.equals(cls)) {
      throw new IllegalArgumentException("RITM model class " + cls + " is not supported; expected " + HRNET_MODEL
          + " or " + DEEPLAB_MODEL);
    }
    Object p = config.get("params");
    if (!(p instanceof Map<?, ?> params)) {
      throw new IllegalArgumentException("RITM config lacks its 'params' map");
    }
    // ISModel's default is use_rgb_conv=True; RITM's checkpoints always store the value.
    if (!Boolean.FALSE.equals(value(params, "use_rgb_conv", true))) {
      throw new IllegalArgumentException("RITM option use_rgb_conv=" + value(params, "use_rgb_conv", true)
          + " is not supported: the rgb_conv input fusion is not implemented (only maps_transform, use_rgb_conv=False)");
    }
    refuse(params, "conv_extend", true, "conv_extend maps_transform is not implemented");
    refuse(params, "binary_prev_mask", true, "binary previous masks are not implemented");
    Object groups = value(params, "clicks_groups", null);
    if (groups != null) {
      throw new IllegalArgumentException("RITM option clicks_groups=" + groups + " is not supported");
    }
    Object norm = value(params, "norm_layer", null);
    if (norm != null && !String.valueOf(norm).endsWith("BatchNorm2d")) {
      throw new IllegalArgumentException("RITM norm_layer " + norm + " is not supported; only BatchNorm2d");
    }
    Normalization normalization = Normalization.IMAGENET;
    Object meanStd = value(params, "norm_mean_std", null);
    if (meanStd != null) {
      List<?> pair = asList(meanStd, "norm_mean_std");
      normalization = new Normalization(floats(pair.get(0)), floats(pair.get(1)));
    }
    String backbone;
    if (HRNET_MODEL.equals(cls)) {
      backbone = hrnetName(intValue(params, "width", 48), intValue(params, "ocr_width", 256),
          boolValue(params, "small", false));
    } else {
      Object name = value(params, "backbone", "resnet50");
      int ch = intValue(params, "deeplab_ch", 256);
      double dropout = doubleValue(params, "aspp_dropout", 0.5);
      // Our resnet34/resnet50 providers are RITM's r34_dh128/r50_dh128 setups.
      if (!("resnet34".equals(name) || "resnet50".equals(name)) || ch != 128 || Math.abs(dropout - 0.2) > 1e-9) {
        throw new IllegalArgumentException("RITM DeeplabModel(backbone=" + name + ", deeplab_ch=" + ch
            + ", aspp_dropout=" + dropout + ") is not supported; only resnet34 or resnet50 with deeplab_ch=128, "
            + "aspp_dropout=0.2");
      }
      backbone = (String) name;
    }
    return new RitmConfig(
        backbone,
        boolValue(params, "with_aux_output", false),
        boolValue(params, "use_leaky_relu", false),
        boolValue(params, "use_disks", false),
        (float) doubleValue(params, "norm_radius", 260),
        boolValue(params, "with_prev_mask", false),
        normalization);
  }

  /** Our configuration of the same network: intermediate fusion (RITM's maps_transform). */
  public NetworkConfig toNetworkConfig() {
    return NetworkConfig.builder(backboneName)
        .fusion(Fusion.INTERMEDIATE)
        .withPrevMask(withPrevMask)
        .normRadius(normRadius)
        .spatialScale(1f)
        .useDisks(useDisks)
        .useLeakyRelu(useLeakyRelu)
        .withAuxOutput(withAuxOutput)
        .normalization(normalization)
        .build();
  }

  /** {@code hrnet18s}, {@code hrnet18}, {@code hrnet32} when the sizes match those, else the explicit form. */
  static String hrnetName(int width, int ocrWidth, boolean small) {
    if (width == 18 && ocrWidth == 48 && small) {
      return "hrnet18s";
    }
    if (width == 18 && ocrWidth == 64 && !small) {
      return "hrnet18";
    }
    if (width == 32 && ocrWidth == 128 && !small) {
      return "hrnet32";
    }
    return "hrnet-w" + width + "-ocr" + ocrWidth + (small ? "-small" : "");
  }

  private static Object value(Map<?, ?> params, String name, Object fallback) {
    Object entry = params.get(name);
    if (entry == null) {
      return fallback;
    }
    Object v = entry instanceof Map<?, ?> m ? (m.containsKey("value") ? m.get("value") : fallback) : entry;
    // The checkpoint reader gives Python's None as Optional.empty().
    if (v instanceof java.util.Optional<?> o) {
      return o.isPresent() ? o.get() : null;
    }
    return v;
  }

  private static void refuse(Map<?, ?> params, String name, boolean bad, String why) {
    Object v = value(params, name, null);
    if (v instanceof Boolean b && b == bad) {
      throw new IllegalArgumentException("RITM option " + name + "=" + v + " is not supported: " + why);
    }
  }

  private static int intValue(Map<?, ?> params, String name, int fallback) {
    Object v = value(params, name, fallback);
    if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      return n.intValue();
    }
    throw new IllegalArgumentException("RITM option " + name + " must be an integer, got " + v);
  }

  private static double doubleValue(Map<?, ?> params, String name, double fallback) {
    Object v = value(params, name, fallback);
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    throw new IllegalArgumentException("RITM option " + name + " must be a number, got " + v);
  }

  private static boolean boolValue(Map<?, ?> params, String name, boolean fallback) {
    Object v = value(params, name, fallback);
    if (v instanceof Boolean b) {
      return b;
    }
    throw new IllegalArgumentException("RITM option " + name + " must be True/False, got " + v);
  }

  private static List<?> asList(Object v, String name) {
    if (v instanceof List<?> l) {
      return l;
    }
    if (v instanceof Object[] a) {
      return List.of(a);
    }
    throw new IllegalArgumentException("RITM option " + name + " must be a sequence, got " + v);
  }

  private static float[] floats(Object v) {
    List<?> l = asList(v, "norm_mean_std");
    float[] out = new float[l.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ((Number) l.get(i)).floatValue();
    }
    return out;
  }
}
