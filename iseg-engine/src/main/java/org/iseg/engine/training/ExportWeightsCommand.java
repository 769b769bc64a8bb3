package org.iseg.engine.training;

import java.nio.file.Path;

/**
 * Writes the network weights of a training checkpoint as a plain parameter file (what {@link DefaultModel}
 * ships): {@code ExportWeightsCommand <checkpoint> <width: default|tiny|c1,c2,c3,c4> <out.params>}.
 */
public final class ExportWeightsCommand {
  private ExportWeightsCommand() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      throw new IllegalArgumentException("usage: ExportWeightsCommand <checkpoint> <width> <out.params>");
    }
    try (CompactIisModel m = DefaultModel.fromFile(Path.of(args[0]), TrainCommand.width(args[1]), 256, false)) {
      TrainingCheckpoint.writeWeights(Path.of(args[2]), m.network());
      System.out.println("wrote " + args[2] + " from " + args[0] + " ("
          + TrainingCheckpoint.readHeader(Path.of(args[0])) + ")");
    }
  }
}
