package org.iseg.examples.annotator;

import java.util.Objects;
import java.util.OptionalInt;
import org.iseg.engine.predictors.BrsMode;

/**
 * The predictor options of the annotator, as RITM's demo offers them: ZoomIn, the BRS type, the network clicks
 * limit and the L-BFGS-B evaluations per click.
 *
 * <pre>{@code
 * PredictorSettings settings = PredictorSettings.defaults()
 *     .withZoomIn(ZoomIn.defaults().withTargetSize(600))
 *     .withBrsMode(BrsMode.F_BRS_B)
 *     .withNetClicksLimit(OptionalInt.of(8))
 *     .withLbfgsMaxIterations(20);
 * }</pre>
 *
 * @param zoomIn the ZoomIn crop settings, handed to the {@link PredictorFactory}
 * @param netClicksLimit how many clicks the network sees; empty means all. With a BRS type this is RITM's
 *     {@code net_clicks_limit}: the first {@code n} clicks reach the network, every click reaches the optimiser.
 *     With NoBRS (where RITM's demo greys it out) the annotator passes the most recent {@code n} clicks instead,
 *     since there a click the network never sees would have no effect at all
 * @param brsMode RITM's "BRS type" ({@link BrsMode#NO_BRS} by default)
 * @param lbfgsMaxIterations RITM's "L-BFGS-B max iterations": the optimiser's {@code maxfun} per click, 1..1000
 *     (RITM's demo: 20); unused with NoBRS
 */
public record PredictorSettings(ZoomIn zoomIn, OptionalInt netClicksLimit, BrsMode brsMode, int lbfgsMaxIterations) {
  /** RITM demo's bounds on "L-BFGS-B max iterations". */
  public static final int MAX_LBFGS_ITERATIONS = 1000;

  public PredictorSettings {
    if (zoomIn == null || netClicksLimit == null) {
      throw new IllegalArgumentException("zoomIn and netClicksLimit must be non-null (use OptionalInt.empty())");
    }
    Objects.requireNonNull(brsMode, "brsMode (use BrsMode.NO_BRS)");
    if (netClicksLimit.isPresent() && netClicksLimit.getAsInt() < 1) {
      throw new IllegalArgumentException(
          "network clicks limit must be at least 1 (or empty for no limit), got " + netClicksLimit.getAsInt());
    }
    if (lbfgsMaxIterations < 1 || lbfgsMaxIterations > MAX_LBFGS_ITERATIONS) {
      throw new IllegalArgumentException("L-BFGS-B max iterations must lie in 1.." + MAX_LBFGS_ITERATIONS + ", got "
          + lbfgsMaxIterations);
    }
  }

  /** NoBRS with 20 L-BFGS-B iterations kept for when a BRS type is chosen. */
  public PredictorSettings(ZoomIn zoomIn, OptionalInt netClicksLimit) {
    this(zoomIn, netClicksLimit, BrsMode.NO_BRS, 20);
  }

  /** RITM demo defaults: ZoomIn on with a fixed 400 px crop, no clicks limit, NoBRS. */
  public static PredictorSettings defaults() {
    return new PredictorSettings(ZoomIn.defaults(), OptionalInt.empty());
  }

  public PredictorSettings withZoomIn(ZoomIn newZoomIn) {
    return new PredictorSettings(newZoomIn, netClicksLimit, brsMode, lbfgsMaxIterations);
  }

  public PredictorSettings withNetClicksLimit(OptionalInt limit) {
    return new PredictorSettings(zoomIn, limit, brsMode, lbfgsMaxIterations);
  }

  public PredictorSettings withBrsMode(BrsMode mode) {
    return new PredictorSettings(zoomIn, netClicksLimit, mode, lbfgsMaxIterations);
  }

  public PredictorSettings withLbfgsMaxIterations(int maxfun) {
    return new PredictorSettings(zoomIn, netClicksLimit, brsMode, maxfun);
  }

  /**
   * RITM's ZoomIn: after {@code skipClicks} clicks, predict on a crop around the object, resized so its longer
   * side is {@code targetSize} (or to a square {@code targetSize x targetSize} crop when {@code fixedCrop}),
   * with the object's box expanded by {@code expansionRatio}.
   *
   * @param enabled whether to zoom in at all
   * @param skipClicks clicks predicted on the whole image before zooming in; -1 zooms in from the first click
   *     (RITM's demo default)
   * @param targetSize the crop's size after resizing, 100..4096
   * @param expansionRatio how much the object's box is enlarged, 1.0..2.0
   * @param fixedCrop resize every crop to a square of {@code targetSize}
   */
  public record ZoomIn(boolean enabled, int skipClicks, int targetSize, double expansionRatio, boolean fixedCrop) {
    public ZoomIn {
      if (skipClicks < -1) {
        throw new IllegalArgumentException("ZoomIn skip clicks must be -1 or more, got " + skipClicks);
      }
      if (targetSize < 100 || targetSize > 4096) {
        throw new IllegalArgumentException("ZoomIn target size must lie in 100..4096, got " + targetSize);
      }
      if (!(expansionRatio >= 1.0 && expansionRatio <= 2.0)) {
        throw new IllegalArgumentException("ZoomIn expansion ratio must lie in [1.0, 2.0], got " + expansionRatio);
      }
    }

    /** RITM demo defaults: on, skip -1, target 400, expansion 1.4, fixed crop. */
    public static ZoomIn defaults() {
      return new ZoomIn(true, -1, 400, 1.4, true);
    }

    public ZoomIn withEnabled(boolean on) {
      return new ZoomIn(on, skipClicks, targetSize, expansionRatio, fixedCrop);
    }

    public ZoomIn withSkipClicks(int n) {
      return new ZoomIn(enabled, n, targetSize, expansionRatio, fixedCrop);
    }

    public ZoomIn withTargetSize(int size) {
      return new ZoomIn(enabled, skipClicks, size, expansionRatio, fixedCrop);
    }

    public ZoomIn withExpansionRatio(double ratio) {
      return new ZoomIn(enabled, skipClicks, targetSize, ratio, fixedCrop);
    }

    public ZoomIn withFixedCrop(boolean fixed) {
      return new ZoomIn(enabled, skipClicks, targetSize, expansionRatio, fixed);
    }
  }
}
