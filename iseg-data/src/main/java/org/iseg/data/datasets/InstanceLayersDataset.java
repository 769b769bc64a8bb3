package org.iseg.data.datasets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.iseg.api.Image;
import org.iseg.data.DatasetException;
import org.iseg.data.EvaluationDataset;
import org.iseg.data.FullMask;
import org.iseg.data.SegDataset;
import org.iseg.data.SegSample;
import org.iseg.data.io.ImageFiles;
import org.iseg.data.io.LabelMap;

/**
 * A dataset whose samples a split list names, each an image with an instance label file (layer 0 of the full
 * mask) and, when the dataset has the folder, a class label file (layer 1): SBD and PASCAL VOC. Every listed file
 * is checked when it is opened; a subclass says only how a label file is read.
 */
abstract class InstanceLayersDataset extends SegDataset {
  /**
   * Where the files are: {@code root/<images>/<name>.jpg}, {@code root/<instances>/<name><labelSuffix>} and
   * {@code root/<classes>/<name><labelSuffix>}; {@code instancesInfo} is the sample-info key of the instance file,
   * {@code missingRoot} the error when {@code root} is no folder.
   */
  record Layout(String dataset, String images, String instances, String classes, String labelSuffix,
      String instancesInfo, String missingRoot) {}

  private final Path root;
  private final Layout layout;
  private final String split;
  private final List<String> names;
  private final boolean withClasses;

  /** {@code classes}: also read the class labels as layer 1 when the folder exists. */
  InstanceLayersDataset(Path root, Layout layout, String split, Path splitList, boolean classes) {
    if (!Files.isDirectory(root)) {
      throw new DatasetException(root, layout.missingRoot());
    }
    this.root = root;
    this.layout = layout;
    this.split = split;
    this.names = SplitList.read(splitList);
    this.withClasses = classes && Files.isDirectory(root.resolve(layout.classes()));
    String listed = "' (listed in " + splitList.getFileName() + ")";
    for (String name : names) {
      SplitList.requireFile(imageFile(name), layout.dataset() + " image of '" + name + listed);
      SplitList.requireFile(instanceFile(name), layout.dataset() + " instance file of '" + name + listed);
      if (withClasses) {
        SplitList.requireFile(classFile(name), layout.dataset() + " class file of '" + name + listed);
      }
    }
  }

  /** The labels of an instance ({@code classes} false) or class label file. */
  abstract LabelMap readLabels(Path file, boolean classes);

  /** RITM's per-instance evaluation of this dataset: one sample per instance, ids read now. */
  final EvaluationDataset perInstanceEvaluation(String name) {
    IntFunction<int[]> instanceIds = i -> readLabels(instanceFile(names.get(i)), false).toFullMask().regionIds(0);
    return PerInstanceEvaluation.of(name, this, instanceIds);
  }

  @Override
  public String name() {
    return layout.dataset() + "-" + split;
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
    List<int[]> layers = new ArrayList<>(2);
    layers.add(readLayer(instanceFile(name), false, image));
    if (withClasses) {
      layers.add(readLayer(classFile(name), true, image));
    }
    return new SegSample(name + ".jpg", image, FullMask.of(image.height(), image.width(), layers), Map.of(
        "image", imageFile(name).toString(), layout.instancesInfo(), instanceFile(name).toString(), "split", split));
  }

  private int[] readLayer(Path file, boolean classes, Image image) {
    LabelMap labels = readLabels(file, classes);
    if (labels.height() != image.height() || labels.width() != image.width()) {
      throw new DatasetException(file, "labels are " + labels.height() + "x" + labels.width()
          + " but the image is " + image.height() + "x" + image.width());
    }
    return labels.toArray();
  }

  private Path imageFile(String name) {
    return root.resolve(layout.images()).resolve(name + ".jpg");
  }

  private Path instanceFile(String name) {
    return root.resolve(layout.instances()).resolve(name + layout.labelSuffix());
  }

  private Path classFile(String name) {
    return root.resolve(layout.classes()).resolve(name + layout.labelSuffix());
  }
}
