package org.iseg.data;

import java.util.Map;
import org.iseg.api.Image;

/**
 * One sample of a {@link SegDataset}: the image, its {@link FullMask} (all annotation layers) and free-form info
 * (source files, split, ...).
 *
 * @param id the sample's identifier within its dataset (usually the image file name)
 * @param image the RGB image
 * @param mask the complete annotation, same size as the image
 * @param info extra facts about the sample, e.g. {@code "image" -> "/data/GrabCut/data_GT/bush.jpg"}
 */
public record SegSample(String id, Image image, FullMask mask, Map<String, String> info) {
  public SegSample {
    if (id == null || image == null || mask == null || info == null) {
      throw new IllegalArgumentException("sample id, image, mask and info must be non-null");
    }
    if (image.height() != mask.height() || image.width() != mask.width()) {
      throw new IllegalArgumentException("sample " + id + ": image is " + image.height() + "x" + image.width()
          + " but its mask is " + mask.height() + "x" + mask.width());
    }
    info = Map.copyOf(info);
  }

  public SegSample(String id, Image image, FullMask mask) {
    this(id, image, mask, Map.of());
  }

  /** The same sample with another image and mask (what a transform produces). */
  public SegSample with(Image newImage, FullMask newMask) {
    return new SegSample(id, newImage, newMask, info);
  }
}
