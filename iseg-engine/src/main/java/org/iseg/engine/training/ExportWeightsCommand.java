package org.iseg.engine.training;

import java.nio.file.Path;
import java.util.Optional;
import org.iseg.models.IisNetwork;
import org.iseg.models.IisNetworks;
import org.iseg.models.compact.CompactNetworkProvider;
import org.iseg.models.zoo.ModelFiles;

/**
 * Writes the network of a compact training checkpoint as an ordinary network file (what the default network
 * ships as): {@code ExportWeightsCommand <checkpoint> <width: default|tiny|c1,c2,c3,c4> <out.safetensors|folder>}.
 */
public final class ExportWeightsCommand {
  private ExportWeightsCommand() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      throw new IllegalArgumentException("usage: ExportWeightsCommand <checkpoint> <width> <out.safetensors>");
    }
    try (IisNetwork network = IisNetworks.create(CompactNetworkProvider.config(TrainCommand.width(args[1]), 256))) {
      TrainingCheckpoint.read(Path.of(args[0]), network.block(), Optional.empty(), network.manager());
      ModelFiles.save(network, Path.of(args[2]));
      System.out.println("wrote " + args[2] + " from " + args[0] + " ("
          + TrainingCheckpoint.readHeader(Path.of(args[0])) + ")");
    }
  }
}
