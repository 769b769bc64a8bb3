package org.iseg.examples.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.iseg.api.IisModel;
import org.iseg.engine.predictors.PredictorConfig;
import org.iseg.engine.predictors.RitmPredictor;
import org.iseg.models.IisNetwork;
import org.iseg.models.IisNetworks;
import org.iseg.models.checkpoint.TensorData;
import org.iseg.models.checkpoint.TorchCheckpoint;
import org.iseg.models.zoo.PretrainedRegistry;
import org.iseg.models.zoo.PretrainedWeights;
import org.iseg.models.zoo.WeightsDownloader;

/**
 * Where the CLI's network comes from, as {@code --checkpoint} names it: a RITM {@code .pth} file, an iseg network
 * folder ({@code network.json} + {@code weights.npz}), or the name of a published RITM checkpoint (downloaded
 * into the cache when online).
 */
record ModelSource(String label, Path path) {

  static ModelSource resolve(String checkpoint) {
    Path path = Path.of(checkpoint);
    if (Files.exists(path)) {
      return new ModelSource(path.getFileName().toString(), path);
    }
    var registry = PretrainedRegistry.ritm();
    if (registry.contains(checkpoint)) {
      PretrainedWeights weights = registry.get(checkpoint);
      Path file = WeightsDownloader.builder().build().fetch(weights);
      return new ModelSource(weights.name(), file);
    }
    throw new IllegalArgumentException("--checkpoint '" + checkpoint + "' is neither an existing file or folder nor"
        + " a published checkpoint name (" + String.join(", ", registry.names()) + ")");
  }

  /** A new network (one per worker: networks are not shared across threads). */
  IisNetwork loadNetwork() {
    try {
      if (Files.isDirectory(path)) {
        return IisNetworks.load(path);
      }
      TorchCheckpoint checkpoint = TorchCheckpoint.read(path);
      IisNetwork network = IisNetworks.fromRitmConfig(checkpoint.config());
      IisNetworks.loadStateDict(network, checkpoint.stateDict(), TensorData::shape, TensorData::values,
          path.toString());
      return network;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read checkpoint " + path + ": " + e.getMessage(), e);
    }
  }

  /** RITM's predictor with {@code config} over a freshly loaded network; closing it frees the network. */
  IisModel predictor(PredictorConfig config) {
    return RitmPredictor.owning(label, loadNetwork(), config);
  }
}
