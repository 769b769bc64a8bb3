package org.iseg.models.zoo;

import ai.djl.Application;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.repository.MRL;
import ai.djl.repository.Repository;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelLoader;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorFactory;
import ai.djl.util.Progress;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.iseg.models.IisNetwork;
import org.iseg.models.IisNetworks;
import org.iseg.models.checkpoint.CheckpointException;
import org.iseg.models.external.IisTranslatorFactory;

/**
 * {@link RitmModelZoo}'s loader: the checkpoint named by the {@value RitmModelZoo#CHECKPOINT_ARGUMENT} argument
 * becomes an {@link IisNetwork} ({@link IisNetworks#fromRitmCheckpoint(Path)}) run by a {@link RitmBlock}, with
 * {@link IisTranslatorFactory}'s translator over RITM's inputs (image [+ previous mask], points).
 *
 * <p>Without the argument it reports {@link ModelNotFoundException}, so DJL goes on to other zoos; a named file
 * that is missing fails with {@link FileNotFoundException}, one that is not a readable RITM checkpoint with
 * {@link MalformedModelException}, both naming the file.
 *
 * <pre>{@code
 * ZooModel<IisInput, Mask> m = new RitmModelZoo().getModelLoader("ritm").loadModel(criteria);
 * }</pre>
 */
final class RitmModelLoader implements ModelLoader {
  static final String ENGINE = "PyTorch";

  @Override
  public String getGroupId() {
    return RitmModelZoo.GROUP_ID;
  }

  @Override
  public String getArtifactId() {
    return RitmModelZoo.ARTIFACT_ID;
  }

  @Override
  public Application getApplication() {
    return Application.UNDEFINED;
  }

  @Override
  public MRL getMrl() {
    // Checkpoints are local files named per Criteria; the MRL only identifies the loader.
    return MRL.undefined(Repository.newInstance(RitmModelZoo.GROUP_ID, Path.of("").toAbsolutePath()),
        RitmModelZoo.GROUP_ID, RitmModelZoo.ARTIFACT_ID);
  }

  @Override
  public <I, O> ZooModel<I, O> loadModel(Criteria<I, O> criteria)
      throws IOException, ModelNotFoundException, MalformedModelException {
    Path pth = existing(criteria);
    if (criteria.getEngine() != null && !ENGINE.equals(criteria.getEngine())) {
      throw new ModelNotFoundException("RITM checkpoints run on the " + ENGINE + " engine, not "
          + criteria.getEngine());
    }
    TranslatorFactory factory = criteria.getTranslatorFactory();
    if (factory == null || !factory.isSupported(criteria.getInputClass(), criteria.getOutputClass())) {
      factory = new IisTranslatorFactory();
      if (!factory.isSupported(criteria.getInputClass(), criteria.getOutputClass())) {
        throw new ModelNotFoundException("RITM models translate IisInput to ProbabilityMap or Mask, not "
            + criteria.getInputClass().getSimpleName() + " to " + criteria.getOutputClass().getSimpleName());
      }
    }
    IisNetwork network;
    try {
      network = IisNetworks.fromRitmCheckpoint(pth);
    } catch (CheckpointException | IllegalArgumentException e) {
      throw new MalformedModelException(pth + " is not a RITM checkpoint that iseg can load: " + e.getMessage(), e);
    }
    String name = criteria.getModelName() != null ? criteria.getModelName() : modelName(pth);
    Model model = Model.newInstance(name, network.manager().getDevice(), ENGINE);
    try {
      // The network's parameters live in its own manager; closing the model closes it too.
      model.getNDManager().attachInternal(UUID.randomUUID().toString(), network);
      // RitmBlock declares its interface, so the translator factory ignores any layout arguments.
      model.setBlock(new RitmBlock(network));
      Map<String, Object> arguments = criteria.getArguments() == null ? Map.of() : criteria.getArguments();
      Translator<I, O> translator =
          factory.newInstance(criteria.getInputClass(), criteria.getOutputClass(), model, arguments);
      return new ZooModel<>(model, translator);
    } catch (TranslateException | RuntimeException e) {
      model.close();
      if (e instanceof TranslateException t) {
        throw new ModelNotFoundException("no translator for RITM model " + pth + ": " + t.getMessage(), t);
      }
      throw (RuntimeException) e;
    }
  }

  @Override
  public <I, O> boolean isDownloaded(Criteria<I, O> criteria) throws ModelNotFoundException {
    return Files.isRegularFile(checkpoint(criteria));
  }

  @Override
  public <I, O> void downloadModel(Criteria<I, O> criteria, Progress progress)
      throws IOException, ModelNotFoundException {
    // Local files only; fetch published weights with WeightsDownloader first.
    existing(criteria);
  }

  @Override
  public String toString() {
    return RitmModelZoo.GROUP_ID + ":" + RitmModelZoo.ARTIFACT_ID + " (RITM .pth checkpoints)";
  }

  /** The checkpoint argument; ModelNotFoundException when absent so DJL tries other zoos. */
  private static Path checkpoint(Criteria<?, ?> criteria) throws ModelNotFoundException {
    Object value = criteria.getArguments() == null ? null : criteria.getArguments().get(
        RitmModelZoo.CHECKPOINT_ARGUMENT);
    if (value == null) {
      throw new ModelNotFoundException(RitmModelZoo.GROUP_ID + ":" + RitmModelZoo.ARTIFACT_ID + " loads a RITM "
          + "checkpoint named by optArgument(\"" + RitmModelZoo.CHECKPOINT_ARGUMENT + "\", path/to/model.pth)");
    }
    return value instanceof Path p ? p : Path.of(value.toString());
  }

  private static <I, O> Path existing(Criteria<I, O> criteria) throws ModelNotFoundException, FileNotFoundException {
    Path pth = checkpoint(criteria);
    if (!Files.isRegularFile(pth)) {
      throw missing(pth);
    }
    return pth;
  }

  private static FileNotFoundException missing(Path pth) {
    return new FileNotFoundException("RITM checkpoint " + pth.toAbsolutePath() + " does not exist or is not a file; "
        + "pass optArgument(\"" + RitmModelZoo.CHECKPOINT_ARGUMENT + "\", ...) the path of a RITM .pth (download "
        + "published ones with WeightsDownloader)");
  }

  private static String modelName(Path pth) {
    String file = pth.getFileName().toString();
    return file.endsWith(".pth") ? file.substring(0, file.length() - 4) : file;
  }
}
