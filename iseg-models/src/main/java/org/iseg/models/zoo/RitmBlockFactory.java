package org.iseg.models.zoo;

import ai.djl.Model;
import ai.djl.nn.Block;
import ai.djl.nn.BlockFactory;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.iseg.models.IisNetwork;
import org.iseg.models.IisNetworks;
import org.iseg.models.checkpoint.CheckpointException;

/**
 * Lets DJL's own loader ({@code Criteria.optModelPath}) read a RITM {@code .pth}: DJL hands the model folder to this
 * factory (argument {@code blockFactory}), which builds the network from the checkpoint's config and weights and
 * returns a {@link RitmBlock}. The block declares RITM's inputs, so {@link org.iseg.models.external.IisTranslatorFactory}
 * needs no {@code inputs} argument. DJL then looks for DJL parameter files unless told {@code hasParameter=false}.
 *
 * <p>Which file: the {@value RitmModelZoo#CHECKPOINT_ARGUMENT} argument when given, else {@code <model name>.pth} in
 * the folder (DJL names the model after the file of {@code optModelPath}), else the folder's only {@code .pth}.
 *
 * <p>A folder can say most of it in DJL's {@code serving.properties}, next to the checkpoint:
 * <pre>{@code
 * engine=PyTorch
 * blockFactory=org.iseg.models.zoo.RitmBlockFactory
 * option.hasParameter=false
 * }</pre>
 * and then {@code Criteria.builder().setTypes(IisInput.class, ProbabilityMap.class).optModelPath(folder)
 * .optTranslatorFactory(new IisTranslatorFactory()).build()} loads it (DJL 0.35 chooses the translator factory
 * before it reads {@code serving.properties}, so that one comes from the caller).
 * {@link RitmModelZoo#checkpointCriteria(Path)} sets all of it for a bare checkpoint.
 */
public final class RitmBlockFactory implements BlockFactory {
  private static final long serialVersionUID = 1L;

  @Override
  public Block newBlock(Model model, Path modelPath, Map<String, ?> arguments) throws IOException {
    Path pth = checkpoint(model.getName(), modelPath, arguments);
    IisNetwork network;
    try {
      network = IisNetworks.fromRitmCheckpoint(pth);
    } catch (CheckpointException | IllegalArgumentException e) {
      throw new IOException(pth + " is not a RITM checkpoint that iseg can load: " + e.getMessage(), e);
    }
    // The network's parameters live in its own manager; closing the model closes it too.
    model.getNDManager().attachInternal(UUID.randomUUID().toString(), network);
    return new RitmBlock(network);
  }

  static Path checkpoint(String modelName, Path modelPath, Map<String, ?> arguments) throws IOException {
    Object named = arguments.get(RitmModelZoo.CHECKPOINT_ARGUMENT);
    if (named != null) {
      Path pth = named instanceof Path p ? p : Path.of(named.toString());
      if (!Files.isRegularFile(pth)) {
        throw new FileNotFoundException("RITM checkpoint " + pth.toAbsolutePath() + " (argument '"
            + RitmModelZoo.CHECKPOINT_ARGUMENT + "') does not exist or is not a file");
      }
      return pth;
    }
    if (Files.isRegularFile(modelPath)) {
      return modelPath;
    }
    Path byName = modelPath.resolve(modelName + ".pth");
    if (Files.isRegularFile(byName)) {
      return byName;
    }
    List<Path> candidates;
    try (Stream<Path> files = Files.list(modelPath)) {
      candidates = files.filter(f -> f.getFileName().toString().endsWith(".pth")).sorted().toList();
    }
    if (candidates.size() == 1) {
      return candidates.get(0);
    }
    throw new FileNotFoundException("no RITM checkpoint for model '" + modelName + "' in " + modelPath.toAbsolutePath()
        + ": expected " + byName.getFileName() + " or a single .pth, found " + (candidates.isEmpty() ? "none"
        : candidates.stream().map(p -> p.getFileName().toString()).toList())
        + "; name the file with optArgument(\"" + RitmModelZoo.CHECKPOINT_ARGUMENT + "\", path)");
  }
}
