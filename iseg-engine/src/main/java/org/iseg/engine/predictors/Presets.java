package org.iseg.engine.predictors;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Predictor settings as RITM builds them: {@code get_predictor(net, 'NoBRS', device, with_flip=..,
 * zoom_in_params=..)} and the {@code --eval-mode} of {@code scripts/evaluate_model.py}.
 *
 * <pre>{@code
 * PredictorConfig grabCut = Presets.evalMode("cvpr", "GrabCut");     // ZoomIn 400, flip
 * PredictorConfig davis = Presets.evalMode("cvpr", "DAVIS");         // ZoomIn 600, flip
 * PredictorConfig fixed = Presets.evalMode("fixed400", "SBD");       // every step a 400x400 crop
 * }</pre>
 */
public final class Presets {
  private Presets() {}

  /** RITM's {@code get_predictor(net, 'NoBRS', ..., with_flip, zoom_in_params)}; empty zoomIn = no ZoomIn. */
  public static PredictorConfig noBrs(Optional<ZoomIn> zoomIn, boolean withFlip) {
    return new PredictorConfig(zoomIn, OptionalInt.empty(), withFlip, OptionalInt.empty());
  }

  /** {@link #evalMode(String, String, OptionalInt)} without a clicks limit. */
  public static PredictorConfig evalMode(String mode, String datasetName) {
    return evalMode(mode, datasetName, OptionalInt.empty());
  }

  /**
   * The predictor of RITM's evaluation script: NoBRS with horizontal flip and
   * <ul>
   *   <li>{@code cvpr}: ZoomIn with target size 600 on DAVIS (name compared ignoring case), 400 elsewhere, other
   *       ZoomIn settings default;
   *   <li>{@code fixed<N>} (e.g. {@code fixed400}, {@code fixed600}): ZoomIn from the first click
   *       ({@code skip_clicks=-1}) with every crop resized to N x N.
   * </ul>
   *
   * @param clicksLimit RITM's {@code --clicks-limit}: only the first clicks reach the network
   * @throws IllegalArgumentException for another mode, naming the accepted ones
   */
  public static PredictorConfig evalMode(String mode, String datasetName, OptionalInt clicksLimit) {
    String m = mode.trim().toLowerCase(Locale.ROOT);
    ZoomIn zoomIn;
    if (m.equals("cvpr")) {
      zoomIn = ZoomIn.builder().targetSize("DAVIS".equalsIgnoreCase(datasetName.trim()) ? 600 : 400).build();
    } else if (m.startsWith("fixed")) {
      int size;
      try {
        size = Integer.parseInt(m.substring(5));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "eval mode '" + mode + "' needs a crop size after 'fixed', e.g. fixed400 or fixed600", e);
      }
      zoomIn = ZoomIn.builder().skipClicks(-1).cropSize(new ZoomIn.Fixed(size, size)).build();
    } else {
      throw new IllegalArgumentException(
          "unknown eval mode '" + mode + "'; use cvpr, fixed400, fixed600 or fixed<N>");
    }
    return new PredictorConfig(Optional.of(zoomIn), OptionalInt.empty(), true, clicksLimit);
  }
}
