package org.iseg.engine.segmentation;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 *   List<SegmentationResult> batch = p.predict(List.of(image, otherImage));
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
    return predict(List.of(image)).get(0);
  }

  /**
   * Segments several RGB images, in batches: images whose test pipeline gives the same padded size go through the
   * network as one {@code B x 3 x H x W} tensor (what mmcv's {@code collate} stacks when no further padding is
   * needed); images of other padded sizes form their own batches. Each result equals that of
   * {@link #predict(Image)} on the image alone up to float rounding. Unlike mmcv's {@code collate}, images are not
   * padded further to the batch's largest size: Mask2Former has no padding mask, so that padding would change every
   * image's features, and EasyCV's {@code forward_test} then resizes the masks as if the batch's padded size were
   * the image's own {@code pad_shape}.
   *
   * @return one result per image, in the order given
   */
  public List<SegmentationResult> predict(List<Image> images) {
    List<MmcvTestPipeline.Result> metas = new ArrayList<>();
    Map<List<Integer>, List<Integer>> batches = new LinkedHashMap<>();
    for (int i = 0; i < images.size(); i++) {
      MmcvTestPipeline.Result meta = MmcvTestPipeline.apply(images.get(i), config().pipeline());
      metas.add(meta);
      batches.computeIfAbsent(List.of(meta.padHeight(), meta.padWidth()), k -> new ArrayList<>()).add(i);
    }
    SegmentationResult[] results = new SegmentationResult[images.size()];
    for (List<Integer> batch : batches.values()) {
      MmcvTestPipeline.Result first = metas.get(batch.get(0));
      int plane = 3 * first.padHeight() * first.padWidth();
      float[] chw = new float[batch.size() * plane];
      for (int j = 0; j < batch.size(); j++) {
        System.arraycopy(metas.get(batch.get(j)).chw(), 0, chw, j * plane, plane);
      }
      Outputs out = forward(model, chw, batch.size(), first.padHeight(), first.padWidth());
      int logitsPer = out.logits().length / batch.size();
      int masksPer = out.masks().length / batch.size();
      for (int j = 0; j < batch.size(); j++) {
        results[batch.get(j)] = Mask2FormerPostprocess.run(config(), tasks,
            Arrays.copyOfRange(out.logits(), j * logitsPer, (j + 1) * logitsPer),
            Arrays.copyOfRange(out.masks(), j * masksPer, (j + 1) * masksPer), out.queries(), out.maskHeight(),
            out.maskWidth(), metas.get(batch.get(j)));
      }
    }
    return List.of(results);
  }

  /**
   * Every query of one image as {@link QueryMasks}: the network once, then each query's mask probabilities at the
   * image's size (as {@link Mask2FormerPostprocess} resizes them: pad shape, crop, original shape) and its
   * objectness {@code 1 - p(no-object)}. What {@link Mask2FormerClickModel} selects from.
   */
  static QueryMasks queryMasks(Mask2FormerModel model, Image image) {
    MmcvTestPipeline.Result meta = MmcvTestPipeline.apply(image, model.config().pipeline());
    Outputs out = forward(model, meta.chw(), 1, meta.padHeight(), meta.padWidth());
    int queries = out.queries();
    int k1 = out.logits().length / queries;
    float[][] prob = Mask2FormerPostprocess.softmax(out.logits(), queries, k1);
    float[] objectness = new float[queries];
    byte[][] planes = new byte[queries][];
    for (int q = 0; q < queries; q++) {
      objectness[q] = 1f - prob[q][k1 - 1];
      // one query at a time: a megapixel image's float planes for 100 queries would need 400 MB at once
      planes[q] = QueryMasks.quantiseLogits(Mask2FormerPostprocess.originalSizeMask(out.masks(), q,
          out.maskHeight(), out.maskWidth(), meta));
    }
    return QueryMasks.ofQuantised(meta.originalHeight(), meta.originalWidth(), planes, objectness);
  }

  /** The network's outputs for a batch, in float32 (a float64 network's outputs are rounded once, as EasyCV's). */
  private record Outputs(float[] logits, float[] masks, int queries, int maskHeight, int maskWidth) {}

  private static Outputs forward(Mask2FormerModel model, float[] chw, int batch, int padHeight, int padWidth) {
    try (NDManager scope = Engine.getEngine("PyTorch").newBaseManager()) {
      NDArray input = scope.create(chw, new Shape(batch, 3, padHeight, padWidth));
      Mask2FormerNetwork.Output out = model.predict(input);
      Shape ms = out.masks().getShape();
      return new Outputs(out.logits().toType(DataType.FLOAT32, false).toFloatArray(),
          out.masks().toType(DataType.FLOAT32, false).toFloatArray(), (int) ms.get(1), (int) ms.get(2),
          (int) ms.get(3));
    }
  }

  @Override
  public void close() {
    model.close();
  }
}
