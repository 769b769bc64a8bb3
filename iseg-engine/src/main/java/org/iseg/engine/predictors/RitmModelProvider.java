package org.iseg.engine.predictors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.iseg.api.IisModel;
import org.iseg.api.spi.IisModelProvider;
import org.iseg.models.IisNetwork;
import org.iseg.models.compact.DefaultNetwork;
import org.iseg.models.zoo.ModelFiles;

/**
 * The {@code ritm} model: RITM's NoBRS predictor over a network — a RITM checkpoint, any network file, or the
 * embedded default network.
 *
 * <pre>{@code
 * IisModel model = IisModelProvider.registry().get("ritm").create(Map.of(
 *     "checkpoint", "coco_lvis_h18s_itermask.pth", "mode", "cvpr", "dataset", "DAVIS"));
 * IisModel bundled = IisModelProvider.registry().get("ritm").create(Map.of("mode", "none"));
 * }</pre>
 *
 * <p>Options: {@code checkpoint} (a RITM {@code .pth}, an iseg network folder or {@code .safetensors} file, or the
 * name of a published RITM checkpoint, see {@link ModelFiles}; absent = the embedded {@link DefaultNetwork});
 * {@code name} (the model's name in reports; default the file name or {@value DefaultNetwork#NAME});
 * {@code mode} = {@code cvpr} (default),
 * {@code fixed<N>} or {@code none} (no ZoomIn); {@code dataset} (with cvpr: DAVIS gets ZoomIn 600);
 * {@code flip} = true (default) / false; {@code clicks-limit} = N; {@code max-size} = N (LimitLongestSide);
 * {@code brs} = NoBRS (default), RGB-BRS, DistMap-BRS, f-BRS-A, f-BRS-B, f-BRS-C (RITM's {@code --mode});
 * {@code brs-min-iou-diff} (default 0.01, RITM's demo 1e-3); {@code brs-maxfun} (L-BFGS-B evaluations, default 20).
 */
public final class RitmModelProvider implements IisModelProvider {
  private static final Set<String> KNOWN =
      Set.of("checkpoint", "name", "mode", "dataset", "flip", "clicks-limit", "max-size", "brs", "brs-min-iou-diff",
          "brs-maxfun");

  @Override
  public String name() {
    return "ritm";
  }

  @Override
  public String description() {
    return "RITM's NoBRS predictor (ZoomIn, flip) over a network (RITM .pth, iseg folder or .safetensors, published"
        + " name; default the embedded network); options checkpoint=, name=, mode=cvpr|fixed<N>|none, dataset=,"
        + " flip=, clicks-limit=, max-size=, brs=NoBRS|RGB-BRS|DistMap-BRS|f-BRS-A|f-BRS-B|f-BRS-C, brs-min-iou-diff=,"
        + " brs-maxfun=";
  }

  @Override
  public IisModel create(Map<String, String> options) {
    IisModelProvider.requireKnownOptions(name(), options, KNOWN);
    PredictorConfig config = config(options);
    String checkpoint = options.getOrDefault("checkpoint", "");
    String name = options.getOrDefault("name",
        checkpoint.isBlank() ? DefaultNetwork.NAME : Path.of(checkpoint).getFileName().toString());
    return RitmPredictor.owning(name, network(options), config);
  }

  /** A new network as option {@code checkpoint} names it (absent: the embedded default); the caller closes it. */
  public static IisNetwork network(Map<String, String> options) {
    String checkpoint = options.getOrDefault("checkpoint", "");
    if (checkpoint.isBlank()) {
      return DefaultNetwork.load();
    }
    Path path = ModelFiles.resolve(checkpoint);
    try {
      return ModelFiles.load(path);
    } catch (IOException e) {
      throw new UncheckedIOException("model 'ritm': cannot read checkpoint " + path + ": " + e.getMessage(), e);
    }
  }

  /** The predictor settings the options describe (without loading anything). */
  public static PredictorConfig config(Map<String, String> options) {
    String mode = options.getOrDefault("mode", "cvpr");
    OptionalInt limit = optionalInt(options, "clicks-limit");
    PredictorConfig base =
        mode.equalsIgnoreCase("none")
            ? new PredictorConfig(Optional.empty(), OptionalInt.empty(), true, limit)
            : Presets.evalMode(mode, options.getOrDefault("dataset", ""), limit);
    String flip = options.getOrDefault("flip", "true");
    if (!flip.equalsIgnoreCase("true") && !flip.equalsIgnoreCase("false")) {
      throw new IllegalArgumentException("model 'ritm': option flip must be true or false, got '" + flip + "'");
    }
    PredictorConfig config = new PredictorConfig(
        base.zoomIn(), optionalInt(options, "max-size"), Boolean.parseBoolean(flip), base.netClicksLimit());
    BrsConfig brs = BrsConfig.of(BrsMode.parse(options.getOrDefault("brs", "NoBRS")));
    if (options.containsKey("brs-min-iou-diff")) {
      try {
        brs = brs.withMinIouDiff(Double.parseDouble(options.get("brs-min-iou-diff").trim()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("model 'ritm': option brs-min-iou-diff must be a number, got '"
            + options.get("brs-min-iou-diff") + "'", e);
      }
    }
    OptionalInt maxfun = optionalInt(options, "brs-maxfun");
    if (maxfun.isPresent()) {
      brs = brs.withMaxFun(maxfun.getAsInt());
    }
    return config.withBrs(brs);
  }

  private static OptionalInt optionalInt(Map<String, String> options, String key) {
    String value = options.get(key);
    if (value == null) {
      return OptionalInt.empty();
    }
    try {
      return OptionalInt.of(Integer.parseInt(value.trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("model 'ritm': option " + key + " must be an integer, got '" + value + "'", e);
    }
  }
}
