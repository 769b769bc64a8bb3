package org.iseg.examples.cli;

import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The {@code --no-zoom-in} option of the commands that run a model on a person's clicks ({@code predict},
 * {@code serve}), and the predictor options it stands for.
 */
final class ZoomInChoice {

  @Option(names = "--no-zoom-in", description = "Disable ZoomIn.")
  boolean noZoomIn;

  /** RITM's predictor with its CVPR ZoomIn, or without ZoomIn (see {@link ModelChoice#predictor}). */
  Map<String, String> predictorOptions() {
    return Map.of("mode", noZoomIn ? "none" : "cvpr");
  }
}
