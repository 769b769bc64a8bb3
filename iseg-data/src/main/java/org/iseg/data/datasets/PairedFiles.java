package org.iseg.data.datasets;

import org.iseg.api.Image;
import org.iseg.data.io.LabelMap;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.iseg.data.DatasetException;
import org.iseg.data.io.ImageFiles;

/**
 * Images of one folder paired with masks of another, as RITM's GrabCut/Berkeley/DAVIS loaders pair them:
 * images sorted by file name (code point order), the mask found by the image name before its first '.'.
 * Built once when a dataset is opened; a missing mask is an error, never a skipped sample.
 */
record PairedFiles(List<Path> images, List<Path> masks) {
  static PairedFiles index(Path imagesDir, Path masksDir) {
    List<Path> images = ImageFiles.listImages(imagesDir);
    if (images.isEmpty()) {
      throw new DatasetException(imagesDir, "folder holds no image files");
    }
    Map<String, Path> masksByStem = new HashMap<>();
    for (Path mask : ImageFiles.listImages(masksDir)) {
      String stem = pythonStem(mask.getFileName().toString());
      Path previous = masksByStem.put(stem, mask);
      if (previous != null) {
        throw new DatasetException(mask, "and " + previous.getFileName() + " are both masks for '" + stem
            + "'; remove one");
      }
    }
    List<Path> masks = new ArrayList<>(images.size());
    for (Path image : images) {
      Path mask = masksByStem.get(ImageFiles.stem(image));
      if (mask == null) {
        throw new DatasetException(image, "has no mask named " + ImageFiles.stem(image) + ".* in " + masksDir);
      }
      masks.add(mask);
    }
    return new PairedFiles(images, List.copyOf(masks));
  }

  int size() {
    return images.size();
  }

  String id(int index) {
    return images.get(index).getFileName().toString();
  }

  /** Sample info naming both files, as every paired loader reports it. */
  Map<String, String> info(int index) {
    return Map.of("image", images.get(index).toString(), "mask", masks.get(index).toString());
  }

  /** The mask's labels, which must have {@code image}'s size (the error names the mask file). */
  LabelMap readLabels(int index, Image image) {
    Path maskFile = masks.get(index);
    LabelMap labels = ImageFiles.readLabels(maskFile);
    if (labels.height() != image.height() || labels.width() != image.width()) {
      throw new DatasetException(maskFile, "mask is " + labels.height() + "x" + labels.width()
          + " but its image is " + image.height() + "x" + image.width());
    }
    return labels;
  }

  /** Python's {@code Path.stem}: the name without its last suffix. */
  private static String pythonStem(String name) {
    int dot = name.lastIndexOf('.');
    return dot <= 0 ? name : name.substring(0, dot);
  }
}
