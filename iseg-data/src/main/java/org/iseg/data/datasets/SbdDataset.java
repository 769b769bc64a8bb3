package org.iseg.data.datasets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.iseg.api.Image;
import org.iseg.data.DatasetException;
import org.iseg.data.EvaluationDataset;
import org.iseg.data.FullMask;
import org.iseg.data.SegDataset;
import org.iseg.data.SegSample;
import org.iseg.data.io.ImageFiles;
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
public final class SbdDataset extends SegDataset {
  private final Path root;
  private final String split;
  private final List<String> names;
  private final boolean withClasses;

  /** {@code classes}: also read {@code cls/} as layer 1 when the folder has it. */
  private SbdDataset(Path root, String split, boolean classes) {
    if (!Files.isDirectory(root)) {
      throw new DatasetException(root, "SBD folder is missing");
    }
    this.root = root;
    this.split = split;
    this.names = SplitList.read(root.resolve(split + ".txt"));
    this.withClasses = classes && Files.isDirectory(root.resolve("cls"));
    for (String name : names) {
      SplitList.requireFile(imageFile(name), "SBD image of '" + name + "' (listed in " + split + ".txt)");
      SplitList.requireFile(instFile(name), "SBD instance file of '" + name + "' (listed in " + split + ".txt)");
      if (withClasses) {
        SplitList.requireFile(clsFile(name), "SBD class file of '" + name + "' (listed in " + split + ".txt)");
      }
    }
  }

  /** The samples of {@code split} ({@code "train"} or {@code "val"}). */
  public static SbdDataset open(Path root, String split) {
    return new SbdDataset(root, split, true);
  }

  /** RITM's SBD evaluation set: one sample per instance of every {@code val.txt} image. */
  public static EvaluationDataset evaluation(Path root) {
    SbdDataset val = new SbdDataset(root, "val", false);
    return new PerInstanceEvaluation("SBD", val, i -> {
      LabelMap labels = readSegmentation(val.instFile(val.names.get(i)), "GTinst");
      return FullMask.of(labels.height(), labels.width(), labels.toArray()).regionIds(0);
    });
  }

  @Override
  public String name() {
    return "SBD-" + split;
  }

  @Override
  public int size() {
    return names.size();
  }

  @Override
  public String id(int index) {
    return names.get(checkIndex(index)) + ".jpg";
  }

  @Override
  public SegSample get(int index) {
    String name = names.get(checkIndex(index));
    Image image = ImageFiles.readImage(imageFile(name));
    LabelMap inst = readSegmentation(instFile(name), "GTinst");
    requireSize(instFile(name), inst, image);
    List<int[]> layers = new ArrayList<>(2);
    layers.add(inst.toArray());
    if (withClasses) {
      LabelMap cls = readSegmentation(clsFile(name), "GTcls");
      requireSize(clsFile(name), cls, image);
      layers.add(cls.toArray());
    }
    return new SegSample(name + ".jpg", image, FullMask.of(image.height(), image.width(), layers),
        Map.of("image", imageFile(name).toString(), "instances", instFile(name).toString(), "split", split));
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

  private static void requireSize(Path file, LabelMap labels, Image image) {
    if (labels.height() != image.height() || labels.width() != image.width()) {
      throw new DatasetException(file, "segmentation is " + labels.height() + "x" + labels.width()
          + " but the image is " + image.height() + "x" + image.width());
    }
  }

  private Path imageFile(String name) {
    return root.resolve("img").resolve(name + ".jpg");
  }

  private Path instFile(String name) {
    return root.resolve("inst").resolve(name + ".mat");
  }

  private Path clsFile(String name) {
    return root.resolve("cls").resolve(name + ".mat");
  }
}
