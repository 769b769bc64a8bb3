package org.iseg.examples.cli;

import java.util.Optional;
import org.iseg.api.IisModel;
import org.iseg.engine.predictors.PredictorConfig;
import org.iseg.engine.predictors.PredictorNetwork;
import org.iseg.engine.predictors.RitmPredictor;
import org.iseg.models.IisNetwork;
import picocli.CommandLine.Option;

/** The {@code --checkpoint} option shared by the commands that run one model; absent = the embedded default. */
final class ModelChoice {

  @Option(names = "--checkpoint", paramLabel = "PATH|NAME",
      description = "RITM .pth file, iseg network folder or .safetensors file, or a published RITM checkpoint name"
          + " (downloaded when online). Default: the embedded default model.")
  Optional<String> checkpoint = Optional.empty();

  String label() {
    return checkpoint.orElse(DefaultModels.NAME);
  }

  /** A new network; the caller closes it (one per worker: networks are not shared across threads). */
  LoadedNetwork load() {
    if (checkpoint.isEmpty()) {
      return DefaultModels.load();
    }
    IisNetwork network = ModelSource.resolve(checkpoint.get()).loadNetwork();
    return new LoadedNetwork(PredictorNetwork.of(network), network);
  }

  /** RITM's predictor (ZoomIn, flip as {@code config} says) over a new network, owning it. */
  IisModel predictor(PredictorConfig config) {
    LoadedNetwork loaded = load();
    return RitmPredictor.owning(label(), loaded.network(), config, loaded.owner());
  }
}
