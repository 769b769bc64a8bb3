package org.iseg.examples.worked;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import org.iseg.data.DatasetException;
import org.iseg.data.FullMask;
import org.iseg.data.ImageFileDataset;
import org.iseg.data.SegDataset;
import org.iseg.data.SegSample;
import org.iseg.data.io.ImageFiles;
import org.iseg.data.io.LabelMap;

/**
 * Worked example 1: a dataset of your own, by subclassing {@link SegDataset} through {@link ImageFileDataset}
 * (one image file per sample: it gives the name, size and ids, so only {@link #get} is written). Images lie in one
 * folder, masks in another, paired by file name stem ({@code images/cat.jpg} with {@code masks/cat.png}). A mask
 * pixel's value is its object id (0 = background); one value may be declared "ignore", like GrabCut's 128
 * boundary band.
 *
 * <pre>{@code
 * SegDataset grabCut = new ImageMaskFolderDataset("GrabCut", root.resolve("data_GT"),
 *     root.resolve("boundary_GT"), OptionalInt.of(128));
 * SegSample first = grabCut.get(0);
 * Mask target = first.mask().union(0);     // every object as one target, ignore band kept
 * }</pre>
 *
 * Opening only lists the folders; {@link #get} decodes one sample. A missing mask fails when the dataset is
 * opened, naming the image, rather than half-way through a run.
 */
public final class ImageMaskFolderDataset extends ImageFileDataset {
  private final Map<String, Path> masksByStem = new HashMap<>();
  private final OptionalInt ignoreValue;

  /**
   * @param name a short name for reports
   * @param imageDir the folder of images (any format OpenCV reads)
   * @param maskDir the folder of masks, one per image with the same stem
   * @param ignoreValue a mask value to treat as "ignore", if any
   */
  public ImageMaskFolderDataset(String name, Path imageDir, Path maskDir, OptionalInt ignoreValue) {
    super(name, ImageFiles.listImages(imageDir));
    this.ignoreValue = ignoreValue;
    for (Path mask : ImageFiles.listImages(maskDir)) {
      masksByStem.put(ImageFiles.stem(mask), mask);
    }
    for (int i = 0; i < size(); i++) {
      Path image = imageFile(i);
      if (!masksByStem.containsKey(ImageFiles.stem(image))) {
        throw new DatasetException(image, "has no mask named " + ImageFiles.stem(image) + ".* in " + maskDir);
      }
    }
  }

  @Override
  public SegSample get(int index) {
    Path image = imageFile(index);
    Path maskFile = masksByStem.get(ImageFiles.stem(image));
    LabelMap labels = ImageFiles.readLabels(maskFile);
    if (ignoreValue.isPresent()) {
      labels = labels.replace(ignoreValue.getAsInt(), FullMask.IGNORE);
    }
    return new SegSample(id(index), ImageFiles.readImage(image), labels.toFullMask(),
        Map.of("image", image.toString(), "mask", maskFile.toString()));
  }
}
