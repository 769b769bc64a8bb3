package org.iseg.examples.cli;

import ai.djl.ndarray.types.DataType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import org.iseg.engine.segmentation.Mask2FormerPredictor;
import org.iseg.engine.segmentation.SegmentationTask;
import org.iseg.models.mask2former.Mask2FormerModel;
import org.iseg.models.zoo.PretrainedRegistry;
import org.iseg.models.zoo.WeightsDownloader;

/**
 * What the Mask2Former commands ({@code segment}, {@code segment-eval}, {@code train-m2f}) read, resolved and
 * checked the same way in each: the export named by {@code --checkpoint} and a COCO-format set.
 */
final class Mask2FormerInputs {
  private Mask2FormerInputs() {}

  /** {@code --checkpoint}: an export file, or the name of one the article publishes (downloaded when online). */
  static Path export(String checkpoint) {
    return WeightsDownloader.builder().build().resolve(checkpoint, PretrainedRegistry.mask2former());
  }

  /** A predictor of {@code task} over {@code export}, computing the network in float64 or float32. */
  static Mask2FormerPredictor predictor(Path export, boolean float64, SegmentationTask task) {
    return new Mask2FormerPredictor(Mask2FormerModel.load(export, float64 ? DataType.FLOAT64 : DataType.FLOAT32),
        EnumSet.of(task));
  }

  /** {@code --annotations} is a file and {@code --images} a folder, checked before any model loads. */
  static void requireCocoSet(Path annotations, Path images) {
    if (!Files.isRegularFile(annotations)) {
      throw new IllegalArgumentException("--annotations " + annotations + " does not exist");
    }
    if (!Files.isDirectory(images)) {
      throw new IllegalArgumentException("--images " + images + " is not a folder");
    }
  }
}
