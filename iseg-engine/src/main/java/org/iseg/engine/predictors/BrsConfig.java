package org.iseg.engine.predictors;

import java.util.Objects;

/**
 * How a BRS predictor optimises, RITM's {@code get_predictor} BRS arguments and its optimiser functor's defaults.
 *
 * <pre>{@code
 * BrsConfig evaluation = BrsConfig.of(BrsMode.F_BRS_B);                 // min_iou_diff 0.01 (evaluate_model.py)
 * BrsConfig demo = BrsConfig.of(BrsMode.F_BRS_B).withMinIouDiff(1e-3);  // interactive_demo
 * }</pre>
 *
 * @param mode which BRS
 * @param lbfgs the optimiser's settings (RITM: m 20, factr 0, pgtol 1e-8, maxfun 20, maxiter 40)
 * @param minIouDiff stop (zero gradient) when the mask's IoU with the last evaluation's exceeds {@code 1 - this}
 * @param probThresh the mask threshold of the functor ({@code prob_thresh}, 0.49)
 * @param regWeight weight of the squared-norm regulariser (1e-3)
 * @param regBiasWeight f-BRS: extra weight of the bias part (10)
 * @param optimizeAfterNClicks the first this many clicks are not optimised (1)
 */
public record BrsConfig(
    BrsMode mode,
    Lbfgsb.Settings lbfgs,
    double minIouDiff,
    double probThresh,
    double regWeight,
    double regBiasWeight,
    int optimizeAfterNClicks) {

  public BrsConfig {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(lbfgs, "lbfgs");
    if (minIouDiff < 0 || optimizeAfterNClicks < 0) {
      throw new IllegalArgumentException("minIouDiff and optimizeAfterNClicks must be >= 0, got " + minIouDiff
          + ", " + optimizeAfterNClicks);
    }
  }

  /** RITM's evaluation settings for {@code mode}. */
  public static BrsConfig of(BrsMode mode) {
    return new BrsConfig(mode, Lbfgsb.Settings.ritm(), 0.01, 0.49, 1e-3, 10, 1);
  }

  public BrsConfig withMinIouDiff(double value) {
    return new BrsConfig(mode, lbfgs, value, probThresh, regWeight, regBiasWeight, optimizeAfterNClicks);
  }

  /** RITM's demo "L-BFGS-B max iterations": maxfun (and maxiter twice it). */
  public BrsConfig withMaxFun(int maxfun) {
    return new BrsConfig(mode, Lbfgsb.Settings.ritm(maxfun), minIouDiff, probThresh, regWeight, regBiasWeight,
        optimizeAfterNClicks);
  }
}
