package org.iseg.engine.predictors;

import java.util.Objects;
import java.util.Optional;
import org.iseg.api.ProbabilityMap;

/**
 * What a BRS predictor keeps between clicks (RITM's {@code opt_data} and, for f-BRS beyond
 * {@code net_clicks_limit}, what its cached head input was computed from).
 *
 * @param mode the mode that optimised {@code x}: a predictor of another mode (the annotator's BRS menu switched
 *     mid-object, or an undo back past such a switch) starts its own optimisation afresh, as RITM's demo does
 *     with the new predictor it builds
 * @param x the last optimised vector: f-BRS {@code [scale - 1 | bias]}, input BRS a {@code C x height x width}
 *     correction (row-major)
 * @param height input BRS: the network-input height the correction belongs to (0 for f-BRS)
 * @param width input BRS: its width (0 for f-BRS)
 * @param headPrevious f-BRS: the previous mask the head input was last computed with (RITM recomputes it only up
 *     to {@code net_clicks_limit} clicks or when ZoomIn changes the crop)
 */
public record BrsState(BrsMode mode, double[] x, int height, int width, Optional<ProbabilityMap> headPrevious) {
  public BrsState {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(x, "x");
    Objects.requireNonNull(headPrevious, "headPrevious (use Optional.empty())");
  }
}
