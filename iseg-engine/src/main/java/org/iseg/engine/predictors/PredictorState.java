package org.iseg.engine.predictors;

import java.util.Objects;
import java.util.Optional;
import org.iseg.api.ProbabilityMap;
import org.iseg.api.State;

/**
 * What a {@link RitmPredictor} carries from one click to the next: the previous prediction (fed back to ITER-M
 * networks and used by ZoomIn to find the object) and the crop ZoomIn keeps.
 *
 * @param previous the last prediction at image size (or an external start mask)
 * @param zoomRoi ZoomIn's current crop, empty before ZoomIn first crops (or without ZoomIn)
 * @param previousIsPrediction false for an external start mask: RITM gives it to the network only, ZoomIn
 *     looks for the object in predictions it has made
 * @param brs what a BRS predictor carries (its optimised vector), empty before its first optimisation
 */
public record PredictorState(
    ProbabilityMap previous, Optional<Roi> zoomRoi, boolean previousIsPrediction, Optional<BrsState> brs)
    implements State {
  public PredictorState {
    Objects.requireNonNull(previous, "previous");
    Objects.requireNonNull(zoomRoi, "zoomRoi (use Optional.empty())");
    Objects.requireNonNull(brs, "brs (use Optional.empty())");
  }

  /** Without BRS state. */
  public PredictorState(ProbabilityMap previous, Optional<Roi> zoomRoi, boolean previousIsPrediction) {
    this(previous, zoomRoi, previousIsPrediction, Optional.empty());
  }

  /** The state after a prediction. */
  public PredictorState(ProbabilityMap previous, Optional<Roi> zoomRoi) {
    this(previous, zoomRoi, true);
  }
}
