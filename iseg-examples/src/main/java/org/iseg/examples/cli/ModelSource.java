package org.iseg.examples.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.iseg.models.IisNetwork;
import org.iseg.models.IisNetworks;
import org.iseg.models.zoo.PretrainedRegistry;
import org.iseg.models.zoo.WeightsDownloader;

/**
 * Where the CLI's network comes from, as {@code --checkpoint} names it: a RITM {@code .pth} file, an iseg network
 * folder ({@code network.json} + {@code weights.npz}) or {@code .safetensors} file, or the name of a published RITM
 * checkpoint (downloaded into the cache when online).
 */
record ModelSource(String label, Path path) {

  static ModelSource resolve(String checkpoint) {
    Path path = Path.of(checkpoint);
    if (Files.isDirectory(path)) {
      return new ModelSource(path.getFileName().toString(), path);
    }
    Path file = WeightsDownloader.builder().build().resolve(checkpoint, PretrainedRegistry.ritm());
    return new ModelSource(file.getFileName().toString(), file);
  }

  /** A new network (one per worker: networks are not shared across threads). */
  IisNetwork loadNetwork() {
    try {
      if (Files.isDirectory(path) || path.toString().endsWith(IisNetworks.SINGLE_FILE_SUFFIX)) {
        return IisNetworks.load(path);
      }
      return IisNetworks.fromRitmCheckpoint(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read checkpoint " + path + ": " + e.getMessage(), e);
    }
  }
}
