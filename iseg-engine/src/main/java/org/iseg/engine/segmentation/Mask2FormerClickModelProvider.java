package org.iseg.engine.segmentation;

import ai.djl.ndarray.types.DataType;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.iseg.api.IisModel;
import org.iseg.api.spi.IisModelProvider;
import org.iseg.models.mask2former.Mask2FormerModel;
import org.iseg.models.zoo.PretrainedRegistry;
import org.iseg.models.zoo.WeightsDownloader;

/**
 * The {@code mask2former} model: click-to-mask on an EasyCV Mask2Former export ({@link Mask2FormerClickModel}).
 *
 * <pre>{@code
 * IisModel model = IisModelProvider.registry().get("mask2former").create(Map.of(
 *     "checkpoint", "mask2former_pan_export.pth"));
 * }</pre>
 *
 * <p>Command line: {@code ./iseg evaluate --checkpoint mask2former --model-option checkpoint=EXPORT.pth}. Options:
 * {@code checkpoint} (required: an export file or the name of a published export, as {@code iseg segment} takes);
 * {@code name} (in reports; default the file name); {@code float64} = false (default) / true (the network in
 * float64, as {@code segment --float64}); {@code min-objectness} in [0, 1] (default 0: every query may be selected).
 */
public final class Mask2FormerClickModelProvider implements IisModelProvider {
  private static final Set<String> KNOWN = Set.of("checkpoint", "name", "float64", "min-objectness");

  @Override
  public String name() {
    return "mask2former";
  }

  @Override
  public String description() {
    return "click-to-mask on an EasyCV Mask2Former export (clicks select its query masks); options checkpoint="
        + " (export file or published name, required), name=, float64=true|false, min-objectness=0..1";
  }

  @Override
  public IisModel create(Map<String, String> options) {
    IisModelProvider.requireKnownOptions(name(), options, KNOWN);
    String checkpoint = options.getOrDefault("checkpoint", "").trim();
    if (checkpoint.isEmpty()) {
      throw new IllegalArgumentException("model 'mask2former' needs option checkpoint=EXPORT.pth (an EasyCV"
          + " Mask2Former export or one of: " + String.join(", ", PretrainedRegistry.mask2former().names()) + ")");
    }
    String float64 = options.getOrDefault("float64", "false").trim();
    if (!float64.equalsIgnoreCase("true") && !float64.equalsIgnoreCase("false")) {
      throw new IllegalArgumentException(
          "model 'mask2former': option float64 must be true or false, got '" + float64 + "'");
    }
    double minObjectness = minObjectness(options.getOrDefault("min-objectness", "0"));
    Path export = WeightsDownloader.builder().build().resolve(checkpoint, PretrainedRegistry.mask2former());
    Mask2FormerModel model =
        Mask2FormerModel.load(export, Boolean.parseBoolean(float64) ? DataType.FLOAT64 : DataType.FLOAT32);
    return new Mask2FormerClickModel(options.getOrDefault("name", export.getFileName().toString()), model,
        minObjectness);
  }

  private static double minObjectness(String value) {
    double v;
    try {
      v = Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "model 'mask2former': option min-objectness must be a number in [0, 1], got '" + value + "'", e);
    }
    if (!(v >= 0 && v <= 1)) {
      throw new IllegalArgumentException(
          "model 'mask2former': option min-objectness must lie in [0, 1], got " + value);
    }
    return v;
  }
}
