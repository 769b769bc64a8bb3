package org.iseg.engine.predictors;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import org.iseg.api.IisModel;
import org.iseg.api.spi.IisModelProvider;

/**
 * The {@code ritm} model: RITM's NoBRS predictor over a RITM checkpoint.
 *
 * <pre>{@code
 * IisModel model = IisModelProvider.registry().get("ritm").create(Map.of(
 *     "checkpoint", "coco_lvis_h18s_itermask.pth", "mode", "cvpr", "dataset", "DAVIS"));
 * }</pre>
 *
 * <p>Options: {@code checkpoint} (required, a RITM {@code .pth}); {@code mode} = {@code cvpr} (default),
 * {@code fixed<N>} or {@code none} (no ZoomIn); {@code dataset} (with cvpr: DAVIS gets ZoomIn 600);
 * {@code flip} = true (default) / false; {@code clicks-limit} = N; {@code max-size} = N (LimitLongestSide).
 */
public final class RitmModelProvider implements IisModelProvider {
  private static final Set<String> KNOWN =
      Set.of("checkpoint", "mode", "dataset", "flip", "clicks-limit", "max-size");

  @Override
  public String name() {
    return "ritm";
  }

  @Override
  public String description() {
    return "RITM's NoBRS predictor (ZoomIn, flip) over a RITM .pth checkpoint; options checkpoint=, mode=cvpr|fixed<N>|none, dataset=, flip=, clicks-limit=, max-size=";
  }

  @Override
  public IisModel create(Map<String, String> options) {
    Set<String> unknown = new TreeSet<>(options.keySet());
    unknown.removeAll(KNOWN);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "model 'ritm' does not know option(s) " + unknown + "; known: " + new TreeSet<>(KNOWN));
    }
    String checkpoint = options.get("checkpoint");
    if (checkpoint == null || checkpoint.isBlank()) {
      throw new IllegalArgumentException("model 'ritm' needs option checkpoint=<path to a RITM .pth file>");
    }
    Path path = Path.of(checkpoint);
    if (!Files.isRegularFile(path)) {
      throw new IllegalArgumentException("model 'ritm': checkpoint " + path.toAbsolutePath() + " does not exist");
    }
    return RitmPredictor.fromRitmCheckpoint(path, config(options));
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
    return new PredictorConfig(
        base.zoomIn(), optionalInt(options, "max-size"), Boolean.parseBoolean(flip), base.netClicksLimit());
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
