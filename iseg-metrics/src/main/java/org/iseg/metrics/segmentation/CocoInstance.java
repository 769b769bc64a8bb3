package org.iseg.metrics.segmentation;

import java.util.Optional;

/**
 * One ground-truth annotation of a COCO instances file.
 *
 * @param id the annotation id ({@code id}); detections record the id they matched, so ids should be positive
 *     (COCOeval treats a match to id 0 as no match)
 * @param imageId its image
 * @param categoryId its category
 * @param mask its segmentation as RLE (polygons are rasterised as {@code pycocotools} does); empty for box-only
 *     annotations, which only a {@link CocoEval.IouType#BBOX} evaluation can use
 * @param bbox {x, y, w, h}
 * @param area the annotation's {@code area}: decides its area range (small / medium / large)
 * @param crowd {@code iscrowd == 1}: detections on it are neither true nor false positives
 */
public record CocoInstance(long id, long imageId, int categoryId, Optional<RleMask> mask, double[] bbox,
    double area, boolean crowd) {
  public CocoInstance {
    if (bbox.length != 4) {
      throw new IllegalArgumentException("annotation " + id + ": bbox needs 4 numbers {x, y, w, h}, got "
          + bbox.length);
    }
    bbox = bbox.clone();
  }

  /** An annotation whose area and box are those of its mask ({@code area}, {@code toBbox}). */
  public static CocoInstance of(long id, long imageId, int categoryId, RleMask mask, boolean crowd) {
    return new CocoInstance(id, imageId, categoryId, Optional.of(mask), mask.bbox(), mask.area(), crowd);
  }

  @Override
  public double[] bbox() {
    return bbox.clone();
  }

  double[] bboxUnsafe() {
    return bbox;
  }
}
