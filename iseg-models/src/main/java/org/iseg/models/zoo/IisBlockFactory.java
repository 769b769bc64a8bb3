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
import org.iseg.models.checkpoint.CheckpointException;

/**
 * Lets DJL's own loader ({@code Criteria.optModelPath}) open iseg networks: DJL hands the model folder to this factory
 * (argument {@code blockFactory}), which loads the network and returns a {@link RitmBlock}. The block declares its
 * inputs, so {@link org.iseg.models.external.IisTranslatorFactory} needs no {@code inputs} argument. DJL then looks
 * for DJL parameter files unless told {@code hasParameter=false}.
 *
 * <p>What it loads (any format of {@link ModelFiles}): the file or folder named by the {@value
 * RitmModelZoo#CHECKPOINT_ARGUMENT} argument when given, else the model path itself when it is a network file or
 * folder, else the file the model is named after (DJL names it after the file of {@code optModelPath}),
 * {@code <model name>.pth}, or the folder's only {@code .pth}.
 *
 * <p>A folder says most of it in DJL's {@code serving.properties} ({@link ModelFiles#save} writes one):
 * <pre>{@code
 * engine=PyTorch
 * blockFactory=org.iseg.models.zoo.IisBlockFactory
 * option.hasParameter=false
 * }</pre>
 * and then {@code Criteria.builder().setTypes(IisInput.class, ProbabilityMap.class).optModelPath(folder)
 * .optTranslatorFactory(new IisTranslatorFactory()).build()} loads it (DJL 0.35 chooses the translator factory
 * before it reads {@code serving.properties}, so that one comes from the caller).
 * {@link RitmModelZoo#checkpointCriteria(Path)} sets all of it for a bare checkpoint.
 */
public final class IisBlockFactory implements BlockFactory {
  private static final long serialVersionUID = 1L;

  @Override
  public Block newBlock(Model model, Path modelPath, Map<String, ?> arguments) throws IOException {
    Path source = source(model.getName(), modelPath, arguments);
    IisNetwork network;
    try {
      network = ModelFiles.load(source);
    } catch (CheckpointException | IllegalArgumentException e) {
      throw new IOException(source + " is not a RITM checkpoint or iseg network that iseg can load: "
          + e.getMessage(), e);
    }
    // The network's parameters live in its own manager; closing the model closes it too.
    model.getNDManager().attachInternal(UUID.randomUUID().toString(), network);
    return new RitmBlock(network);
  }

  /** The checkpoint file or network folder to load for model {@code modelName} in {@code modelPath}. */
  static Path source(String modelName, Path modelPath, Map<String, ?> arguments) throws IOException {
    Object named = arguments.get(RitmModelZoo.CHECKPOINT_ARGUMENT);
    if (named != null) {
      Path path = named instanceof Path p ? p : Path.of(named.toString());
      if (ModelFiles.formatOf(path).isEmpty()) {
        throw new FileNotFoundException(path.toAbsolutePath() + " (argument '" + RitmModelZoo.CHECKPOINT_ARGUMENT
            + "') is not " + ModelFiles.describeFormats());
      }
      return path;
    }
    if (ModelFiles.formatOf(modelPath).isPresent()) {
      return modelPath;
    }
    // optModelPath(dir/x.pth) names the model "x.pth"; a model folder names it after the folder or criteria.
    Path asNamed = modelPath.resolve(modelName);
    if (Files.isRegularFile(asNamed)) {
      return asNamed;
    }
    Path byName = modelPath.resolve(modelName + ModelFiles.RITM_SUFFIX);
    if (Files.isRegularFile(byName)) {
      return byName;
    }
    List<Path> candidates;
    try (Stream<Path> files = Files.list(modelPath)) {
      candidates = files.filter(f -> f.getFileName().toString().endsWith(ModelFiles.RITM_SUFFIX)).sorted().toList();
    }
    if (candidates.size() == 1) {
      return candidates.get(0);
    }
    throw new FileNotFoundException("no network for model '" + modelName + "' in " + modelPath.toAbsolutePath()
        + ": expected an iseg network folder (" + ModelFiles.CONFIG_FILE + "), " + byName.getFileName()
        + " or a single .pth, found " + (candidates.isEmpty() ? "no .pth"
        : candidates.stream().map(p -> p.getFileName().toString()).toList())
        + "; name one with optArgument(\"" + RitmModelZoo.CHECKPOINT_ARGUMENT + "\", path)");
  }
}
