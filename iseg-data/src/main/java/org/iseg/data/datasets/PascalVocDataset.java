package org.iseg.data.datasets;

import java.nio.file.Path;
import org.iseg.data.EvaluationDataset;
import org.iseg.data.FullMask;
import org.iseg.data.io.ImageFiles;
import org.iseg.data.io.LabelMap;

/**
 * PASCAL VOC 2012 segmentation ({@code VOC2012/}): {@code JPEGImages/<name>.jpg},
 * {@code SegmentationObject/<name>.png} (palette PNG: index = instance, 255 = void boundary) and, when present,
 * {@code SegmentationClass/<name>.png} (index = class), with {@code ImageSets/Segmentation/<split>.txt}. The
 * palette indices are read as indices (javax.imageio exposes them), not as colours. Void (255) becomes
 * {@link FullMask#IGNORE}. Layer 0 = instances, layer 1 = classes.
 *
 * <p>{@link #evaluation}: every instance of every {@code val} image (list order, ids ascending) is a sample; its
 * target is the instance and the void band is ignored.
 *
 * <pre>{@code
 * EvaluationDataset pascal = PascalVocDataset.evaluation(Path.of("VOCdevkit/VOC2012"));
 * }</pre>
 */
public final class PascalVocDataset extends InstanceLayersDataset {
  /** PASCAL's "void" index. */
  public static final int VOID = 255;

  private static final Layout LAYOUT = new Layout("PascalVOC", "JPEGImages", "SegmentationObject",
      "SegmentationClass", ".png", "objects", "PASCAL VOC folder is missing (expected VOCdevkit/VOC2012)");

  /** {@code classes}: also read SegmentationClass as layer 1 when the folder has it. */
  private PascalVocDataset(Path root, String split, boolean classes) {
    super(root, LAYOUT, split, root.resolve("ImageSets").resolve("Segmentation").resolve(split + ".txt"), classes);
  }

  /** The samples of {@code split} ({@code "train"}, {@code "val"}, {@code "trainval"}). */
  public static PascalVocDataset open(Path root, String split) {
    return new PascalVocDataset(root, split, true);
  }

  /** One sample per instance of every {@code val} image; the instance ids are read at open. */
  public static EvaluationDataset evaluation(Path root) {
    return new PascalVocDataset(root, "val", false).perInstanceEvaluation("PascalVOC");
  }

  /** Object and class PNGs alike: palette indices, void as {@link FullMask#IGNORE}. */
  @Override
  LabelMap readLabels(Path png, boolean classes) {
    return ImageFiles.readLabels(png).replace(VOID, FullMask.IGNORE);
  }
}
