package org.iseg.data.datasets;

import java.io.IOException;
import java.nio.file.Path;
import org.iseg.data.DatasetException;
import org.iseg.data.EvaluationDataset;
import org.iseg.data.io.LabelMap;
import org.iseg.data.io.MatFiles;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.Struct;

/**
 * SBD (Semantic Boundaries Dataset, {@code benchmark_RELEASE/dataset}): {@code img/<name>.jpg},
 * {@code inst/<name>.mat} (struct {@code GTinst}, field {@code Segmentation}: instance ids), optionally
 * {@code cls/<name>.mat} (struct {@code GTcls}, field {@code Segmentation}: class ids), and the split lists
 * {@code train.txt} / {@code val.txt}. The full mask's layer 0 holds the instances, layer 1 (when {@code cls/}
 * exists) the classes.
 *
 * <p>{@link #evaluation} follows RITM's SBD evaluation: for every image of {@code val.txt}, in list order, one
 * sample per instance id (ascending), the target being that instance. The instance ids are read at open.
 *
 * <pre>{@code
 * SegDataset train = SbdDataset.open(root, "train");
 * EvaluationDataset val = SbdDataset.evaluation(root);     // ids like "2008_000009.jpg#1"
 * }</pre>
 */
public final class SbdDataset extends InstanceLayersDataset {
  private static final Layout LAYOUT =
      new Layout("SBD", "img", "inst", "cls", ".mat", "instances", "SBD folder is missing");

  /** {@code classes}: also read {@code cls/} as layer 1 when the folder has it. */
  private SbdDataset(Path root, String split, boolean classes) {
    super(root, LAYOUT, split, root.resolve(split + ".txt"), classes);
  }

  /** The samples of {@code split} ({@code "train"} or {@code "val"}). */
  public static SbdDataset open(Path root, String split) {
    return new SbdDataset(root, split, true);
  }

  /** RITM's SBD evaluation set: one sample per instance of every {@code val.txt} image. */
  public static EvaluationDataset evaluation(Path root) {
    return new SbdDataset(root, "val", false).perInstanceEvaluation("SBD");
  }

  @Override
  LabelMap readLabels(Path file, boolean classes) {
    return readSegmentation(file, classes ? "GTcls" : "GTinst");
  }

  /** {@code <struct>.Segmentation} of an SBD {@code .mat} file. */
  static LabelMap readSegmentation(Path file, String structName) {
    try (MatFile mat = MatFiles.read(file)) {
      Struct struct = MatFiles.struct(mat, structName, file);
      return MatFiles.labels(MatFiles.matrixField(struct, "Segmentation", file), file);
    } catch (IOException e) {
      throw new DatasetException(file, "cannot close", e);
    }
  }
}
