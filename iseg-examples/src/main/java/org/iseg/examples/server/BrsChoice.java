package org.iseg.examples.server;

import java.util.Arrays;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import org.iseg.api.IisModel;
import org.iseg.engine.predictors.BrsConfig;
import org.iseg.engine.predictors.BrsMode;
import org.iseg.engine.predictors.PredictorConfig;
import org.iseg.engine.predictors.RitmPredictor;

/**
 * A session's backpropagating refinement, as RITM's demo offers it: the BRS type, the network clicks limit and
 * the L-BFGS-B evaluations per click. The pool's models stay NoBRS; a BRS session borrows one and runs a
 * predictor over its network with these settings ({@link #open}).
 *
 * @param mode RITM's BRS type
 * @param netClicksLimit RITM's {@code net_clicks_limit} (the first N clicks reach the network); empty = the
 *     mode's default (8 for f-BRS, 5 for input BRS)
 * @param maxIterations L-BFGS-B {@code maxfun} per click (RITM's demo "L-BFGS-B max iterations")
 */
record BrsChoice(BrsMode mode, OptionalInt netClicksLimit, int maxIterations) {
  /** RITM's default maxfun, and the server's default cap on it. */
  static final int DEFAULT_MAX_ITERATIONS = 20;
  static final BrsChoice NONE = new BrsChoice(BrsMode.NO_BRS, OptionalInt.empty(), DEFAULT_MAX_ITERATIONS);
  /** RITM's six names, for error messages. */
  static final String MODES =
      Arrays.stream(BrsMode.values()).map(BrsMode::ritmName).collect(Collectors.joining(", "));

  /**
   * Bytes a click adds per image pixel beyond NoBRS's: input BRS keeps its optimised correction (doubles, 3
   * channels for RGB-BRS, 2 for DistMap-BRS) over the network input for undo, which ZoomIn may enlarge up to
   * 600 x 600 (DAVIS's crop); f-BRS keeps two numbers per feature channel, nothing per pixel.
   */
  long extraClickBytes(long pixels) {
    if (!mode.isInputBrs()) {
      return 0;
    }
    long inputPixels = Math.max(pixels, 600L * 600);
    return inputPixels * Double.BYTES * (mode == BrsMode.RGB_BRS ? 3 : 2);
  }

  /**
   * The model a request of this session runs: {@code pooled} itself for NoBRS, else a new predictor over its
   * network (RITM's demo settings: {@code min_iou_diff} 1e-3) that the caller closes; {@code pooled} stays open.
   *
   * @throws HttpError 400 when the model cannot run the mode (not RITM's predictor over an iseg network, or
   *     f-BRS without HRNet)
   */
  IisModel open(IisModel pooled) {
    if (mode == BrsMode.NO_BRS) {
      return pooled;
    }
    if (!(pooled instanceof RitmPredictor ritm)) {
      throw HttpError.badRequest("'brs_mode' " + mode + " needs RITM's predictor over an iseg network, and this "
          + "server runs model '" + pooled.name() + "' (an exported or plug-in model); use NoBRS");
    }
    PredictorConfig base = ritm.config();
    PredictorConfig config = new PredictorConfig(base.zoomIn(), base.maxSize(), base.withFlip(), netClicksLimit)
        .withBrs(BrsConfig.of(mode).withMinIouDiff(1e-3).withMaxFun(maxIterations));
    try {
      return ritm.reconfigured(config);
    } catch (IllegalArgumentException e) {
      throw HttpError.badRequest(e.getMessage());
    }
  }
}
