package org.iseg.data.datasets;

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
public final class PascalVocDataset extends SegDataset {
  /** PASCAL's "void" index. */
  public static final int VOID = 255;

  private final Path root;
  private final String split;
  private final List<String> names;
  private final boolean withClasses;

  /** {@code classes}: also read SegmentationClass as layer 1 when the folder has it. */
  private PascalVocDataset(Path root, String split, boolean classes) {
    if (!Files.isDirectory(root)) {
      throw new DatasetException(root, "PASCAL VOC folder is missing (expected VOCdevkit/VOC2012)");
    }
    this.root = root;
    this.split = split;
    this.names = SplitList.read(root.resolve("ImageSets").resolve("Segmentation").resolve(split + ".txt"));
    this.withClasses = classes && Files.isDirectory(root.resolve("SegmentationClass"));
    for (String name : names) {
      SplitList.requireFile(imageFile(name), "PASCAL image of '" + name + "'");
      SplitList.requireFile(objectFile(name), "PASCAL SegmentationObject mask of '" + name + "'");
      if (withClasses) {
        SplitList.requireFile(classFile(name), "PASCAL SegmentationClass mask of '" + name + "'");
      }
    }
  }

  /** The samples of {@code split} ({@code "train"}, {@code "val"}, {@code "trainval"}). */
  public static PascalVocDataset open(Path root, String split) {
    return new PascalVocDataset(root, split, true);
  }

  /** One sample per instance of every {@code val} image; the instance ids are read at open. */
  public static EvaluationDataset evaluation(Path root) {
    PascalVocDataset val = new PascalVocDataset(root, "val", false);
    return new PerInstanceEvaluation("PascalVOC", val,
        i -> val.readLayer(val.objectFile(val.names.get(i))).regionIds(0));
  }

  @Override
  public String name() {
    return "PascalVOC-" + split;
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
    FullMask objects = readLayer(objectFile(name));
    requireSize(objectFile(name), objects, image);
    List<int[]> layers = new ArrayList<>(2);
    layers.add(objects.layer(0));
    if (withClasses) {
      FullMask classes = readLayer(classFile(name));
      requireSize(classFile(name), classes, image);
      layers.add(classes.layer(0));
    }
    return new SegSample(name + ".jpg", image, FullMask.of(image.height(), image.width(), layers),
        Map.of("image", imageFile(name).toString(), "objects", objectFile(name).toString(), "split", split));
  }

  private FullMask readLayer(Path png) {
    LabelMap labels = ImageFiles.readLabels(png);
    return labels.replace(VOID, FullMask.IGNORE).toFullMask();
  }

  private static void requireSize(Path file, FullMask mask, Image image) {
    if (mask.height() != image.height() || mask.width() != image.width()) {
      throw new DatasetException(file, "mask is " + mask.height() + "x" + mask.width()
          + " but the image is " + image.height() + "x" + image.width());
    }
  }

  private Path imageFile(String name) {
    return root.resolve("JPEGImages").resolve(name + ".jpg");
  }

  private Path objectFile(String name) {
    return root.resolve("SegmentationObject").resolve(name + ".png");
  }

  private Path classFile(String name) {
    return root.resolve("SegmentationClass").resolve(name + ".png");
  }
}
