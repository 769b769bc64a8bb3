package org.iseg.examples.annotator;

import java.util.Optional;
import org.iseg.engine.predictors.PredictorNetwork;
import org.iseg.engine.predictors.Presets;
import org.iseg.models.IisNetwork;

/** Predictor factories over a network as {@code iseg annotate} builds them: RITM's NoBRS with flip, no ZoomIn. */
final class NoBrsFactories {
  private NoBrsFactories() {}

  static RitmPredictorFactory over(String name, IisNetwork network) {
    return RitmPredictorFactory.over(name, PredictorNetwork.of(network), Presets.noBrs(Optional.empty(), true));
  }
}
