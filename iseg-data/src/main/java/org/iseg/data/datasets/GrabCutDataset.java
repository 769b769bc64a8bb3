package org.iseg.data.datasets;

import java.nio.file.Path;
import org.iseg.api.Image;
import org.iseg.data.EvaluationDataset;
import org.iseg.data.FullMask;

/**
 * GrabCut (50 images) and Berkeley (100 instances) in RITM's layout: {@code data_GT/*} + {@code boundary_GT/*.bmp}
 * or {@code images/*.jpg} + {@code masks/*.png}. Both use RITM's GrabCut rule on the mask's first OpenCV
 * channel: 128 = ignore (GrabCut's boundary band), above 128 = object, else background. The full mask is that
 * single layer (1 / 0 / -1).
 *
 * <pre>{@code
 * EvaluationDataset grabcut = GrabCutDataset.evaluation(root.resolve("GrabCut"));   // 50 samples
 * EvaluationDataset berkeley = GrabCutDataset.berkeleyEvaluation(root.resolve("Berkeley"));
 * }</pre>
 */
public final class GrabCutDataset extends PairedFilesDataset {
  private GrabCutDataset(String name, Path imagesDir, Path masksDir) {
    super(name, imagesDir, masksDir);
  }

  /** GrabCut: {@code root/data_GT} and {@code root/boundary_GT}. */
  public static GrabCutDataset open(Path root) {
    return new GrabCutDataset("GrabCut", root.resolve("data_GT"), root.resolve("boundary_GT"));
  }

  /** Berkeley: {@code root/images} and {@code root/masks}. */
  public static GrabCutDataset openBerkeley(Path root) {
    return new GrabCutDataset("Berkeley", root.resolve("images"), root.resolve("masks"));
  }

  /** GrabCut as RITM evaluates it. */
  public static EvaluationDataset evaluation(Path root) {
    return RitmEvaluationDataset.of("GrabCut", root.resolve("data_GT"), root.resolve("boundary_GT"),
        RitmMaskRule.CHANNEL0_128_IGNORE);
  }

  /** Berkeley as RITM evaluates it (RITM's Berkeley loader is its GrabCut loader on other folders). */
  public static EvaluationDataset berkeleyEvaluation(Path root) {
    return RitmEvaluationDataset.of("Berkeley", root.resolve("images"), root.resolve("masks"),
        RitmMaskRule.CHANNEL0_128_IGNORE);
  }

  @Override
  FullMask mask(int index, Image image) {
    return FullMask.fromMask(
        RitmMaskRule.CHANNEL0_128_IGNORE.read(files.masks().get(index), image.height(), image.width()));
  }
}
