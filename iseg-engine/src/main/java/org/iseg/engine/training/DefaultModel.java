package org.iseg.engine.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The model that ships with iseg: a {@link CompactIisNet} ITER-M network trained with {@link Trainer} on BSDS500
 * regions (train + val without the images shared with GrabCut/Berkeley, plus most of the test split), weights in
 * the resource {@code org/iseg/engine/default-model/}. It is small and CPU-friendly, not a replacement for
 * RITM's published models (see {@code model.properties} there for how it was trained and what it scores).
 *
 * <pre>{@code
 * try (IisModel model = DefaultModel.load()) {
 *   InteractionTrace t = Interactions.fullInference(model, new RitmRobot(1), image, target, 20);
 * }
 * }</pre>
 */
public final class DefaultModel {
  /** Resource folder of the default weights. */
  public static final String RESOURCE_DIR = "/org/iseg/engine/default-model/";

  private DefaultModel() {}

  /** The default model, without flip averaging. */
  public static CompactIisModel load() {
    return load(false);
  }

  /** The default model; {@code flip} averages each prediction with the mirrored one (twice the time). */
  public static CompactIisModel load(boolean flip) {
    Properties p = properties();
    try (InputStream weights = DefaultModel.class.getResourceAsStream(RESOURCE_DIR + p.getProperty("weights"))) {
      if (weights == null) {
        throw new IllegalStateException("the default model's weights " + RESOURCE_DIR + p.getProperty("weights")
            + " are missing from the class path; rebuild iseg-engine");
      }
      return load(weights, p, flip, "iseg-default");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the default model's weights", e);
    }
  }

  /** A model from a weights file written by {@link TrainingCheckpoint#writeWeights} or a training checkpoint. */
  public static CompactIisModel fromFile(Path file, CompactIisNet.Width width, int workingSize, boolean flip) {
    Properties p = new Properties();
    p.setProperty("width", width.c1() + "," + width.c2() + "," + width.c3() + "," + width.c4());
    p.setProperty("workingSize", Integer.toString(workingSize));
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      if (file.toString().endsWith(".ckpt")) {
        NDManager manager = NDManager.newBaseManager(Engine.getEngine("PyTorch").getEngineName());
        CompactIisNet net = new CompactIisNet(width);
        net.initialize(manager, DataType.FLOAT32, net.inputShapes(1, 32, 32));
        TrainingCheckpoint.read(file, net, java.util.Optional.empty(), manager);
        return new CompactIisModel(file.getFileName().toString(), net, manager, true, workingSize, flip);
      }
      return load(in, p, flip, file.getFileName().toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read model weights " + file, e);
    }
  }

  /** The facts recorded with the default weights (architecture, working size, training run, scores). */
  public static Properties properties() {
    Properties p = new Properties();
    try (InputStream in = DefaultModel.class.getResourceAsStream(RESOURCE_DIR + "model.properties")) {
      if (in == null) {
        throw new IllegalStateException("the default model's description " + RESOURCE_DIR + "model.properties is "
            + "missing from the class path; rebuild iseg-engine");
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE_DIR + "model.properties", e);
    }
    return p;
  }

  private static CompactIisModel load(InputStream weights, Properties p, boolean flip, String name)
      throws IOException {
    CompactIisNet.Width width = CompactIisNet.Width.parse(p.getProperty("width", "default"));
    int workingSize = Integer.parseInt(p.getProperty("workingSize", "320"));
    NDManager manager = NDManager.newBaseManager(Engine.getEngine("PyTorch").getEngineName());
    try {
      CompactIisNet net = new CompactIisNet(width);
      net.initialize(manager, DataType.FLOAT32, net.inputShapes(1, 32, 32));
      TrainingCheckpoint.loadParameters(net, new BufferedInputStream(weights), manager, name);
      return new CompactIisModel(name, net, manager, true, workingSize, flip);
    } catch (RuntimeException e) {
      manager.close();
      throw new IllegalStateException("weights of model " + name + " do not fit CompactIisNet" + width + ": "
          + e.getMessage(), e);
    }
  }
}
