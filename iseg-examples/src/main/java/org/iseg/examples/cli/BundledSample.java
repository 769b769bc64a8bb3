package org.iseg.examples.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.iseg.data.EvaluationDataset;
import org.iseg.data.datasets.FolderDataset;

/**
 * The demo sample inside the jar: six synthetic scenes with exact masks (made by the iseg authors, MIT), in the
 * generic folder layout. Copied to a temporary folder so the ordinary folder loader reads it.
 */
final class BundledSample {
  static final String NAME = "sample";
  private static final List<String> SCENES = List.of("blob", "ellipse", "pair", "ring", "star", "thin");
  private static final String BASE = "/org/iseg/examples/sample/";

  private BundledSample() {}

  static EvaluationDataset open() {
    try {
      Path root = Files.createTempDirectory("iseg-sample-").resolve(NAME);
      for (String folder : List.of("images", "masks")) {
        Files.createDirectories(root.resolve(folder));
        for (String scene : SCENES) {
          String resource = BASE + folder + "/" + scene + ".png";
          try (InputStream in = BundledSample.class.getResourceAsStream(resource)) {
            if (in == null) {
              throw new IllegalStateException("bundled sample file " + resource + " is missing; rebuild the jar");
            }
            Files.copy(in, root.resolve(folder).resolve(scene + ".png"), StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
      return FolderDataset.open(root).evaluation();
    } catch (IOException e) {
      throw new UncheckedIOException("could not unpack the bundled sample: " + e.getMessage(), e);
    }
  }
}
