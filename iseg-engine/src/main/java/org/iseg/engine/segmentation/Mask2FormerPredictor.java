package org.iseg.engine.segmentation;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.iseg.api.Image;
import org.iseg.models.mask2former.Mask2FormerConfig;
import org.iseg.models.mask2former.Mask2FormerModel;
import org.iseg.models.mask2former.Mask2FormerNetwork;

/**
 * EasyCV's {@code Mask2formerPredictor(model_path, task_mode)}: an EasyCV Mask2Former export, its own test pipeline
 * ({@link MmcvTestPipeline}), the network, and {@code forward_test}'s post-processing ({@link Mask2FormerPostprocess})
 * for instance, panoptic or semantic segmentation.
 *
 * <pre>{@code
 * try (Mask2FormerPredictor p = Mask2FormerPredictor.load(Path.of("mask2former_panoptic_export.pth"),
 *     SegmentationTask.PANOPTIC)) {
 *   SegmentationResult r = p.predict(image);
 *   r.panoptic().orElseThrow().segments();
 * }
 * }</pre>
 */
public final class Mask2FormerPredictor implements AutoCloseable {
  private final Mask2FormerModel model;
  private final Set<SegmentationTask> tasks;

  /** Takes ownership of {@code model}. */
  public Mask2FormerPredictor(Mask2FormerModel model, Set<SegmentationTask> tasks) {
    this.model = Objects.requireNonNull(model, "model");
    if (tasks.isEmpty()) {
      throw new IllegalArgumentException("ask for at least one of instance, panoptic, semantic");
    }
    this.tasks = EnumSet.copyOf(tasks);
  }

  /**
   * Loads an EasyCV export for one task.
   *
   * @throws org.iseg.models.checkpoint.CheckpointException naming the file if it is not a Mask2Former export
   */
  public static Mask2FormerPredictor load(Path checkpoint, SegmentationTask task) {
    return new Mask2FormerPredictor(Mask2FormerModel.load(checkpoint), EnumSet.of(task));
  }

  public Mask2FormerConfig config() {
    return model.config();
  }

  /** The type the network computes in (see {@link Mask2FormerModel#load(Path, DataType)}). */
  public DataType precision() {
    return model.precision();
  }

  public Set<SegmentationTask> tasks() {
    return EnumSet.copyOf(tasks);
  }

  /** Segments one RGB image; results are at the image's size. */
  public SegmentationResult predict(Image image) {
    MmcvTestPipeline.Result meta = MmcvTestPipeline.apply(image, config().pipeline());
    try (NDManager scope = Engine.getEngine("PyTorch").newBaseManager()) {
      NDArray input = scope.create(meta.chw(), new Shape(1, 3, meta.padHeight(), meta.padWidth()));
      Mask2FormerNetwork.Output out = model.predict(input);
      Shape ms = out.masks().getShape();
      // post-processing in float32, as EasyCV's (a float64 network's outputs are rounded once)
      float[] logits = out.logits().toType(DataType.FLOAT32, false).toFloatArray();
      float[] masks = out.masks().toType(DataType.FLOAT32, false).toFloatArray();
      return Mask2FormerPostprocess.run(config(), tasks, logits, masks,
          (int) ms.get(1), (int) ms.get(2), (int) ms.get(3), meta);
    }
  }

  @Override
  public void close() {
    model.close();
  }
}
