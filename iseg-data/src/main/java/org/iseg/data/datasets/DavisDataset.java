package org.iseg.data.datasets;

import java.nio.file.Path;
import org.iseg.api.Image;
import org.iseg.data.EvaluationDataset;
import org.iseg.data.FullMask;

/**
 * DAVIS (345 frames) and COCO_MVal in RITM's layout: {@code img/*.jpg} + {@code gt/*.png}. The full mask is the
 * mask's label map (the palette indices of DAVIS's indexed PNGs: one value per object). The evaluation target
 * is RITM's rule, applied to the mask exactly as {@code cv2.imread} decodes it: any colour channel above 0 is
 * object — for DAVIS the union of all indices above 0.
 *
 * <pre>{@code
 * EvaluationDataset davis = DavisDataset.evaluation(root.resolve("DAVIS"));   // 345 samples
 * }</pre>
 */
public final class DavisDataset extends PairedFilesDataset {
  private DavisDataset(String name, Path root) {
    super(name, root.resolve("img"), root.resolve("gt"));
  }

  public static DavisDataset open(Path root) {
    return new DavisDataset("DAVIS", root);
  }

  /** COCO_MVal as RITM ships it (same layout and rule as DAVIS). */
  public static DavisDataset openCocoMval(Path root) {
    return new DavisDataset("COCO_MVal", root);
  }

  public static EvaluationDataset evaluation(Path root) {
    return ritmEvaluation("DAVIS", root);
  }

  public static EvaluationDataset cocoMvalEvaluation(Path root) {
    return ritmEvaluation("COCO_MVal", root);
  }

  private static EvaluationDataset ritmEvaluation(String name, Path root) {
    return RitmEvaluationDataset.of(name, root.resolve("img"), root.resolve("gt"), RitmMaskRule.ANY_CHANNEL_NONZERO);
  }

  @Override
  FullMask mask(int index, Image image) {
    return files.readLabels(index, image).toFullMask();
  }
}
