package org.iseg.metrics.segmentation;

import java.util.Optional;

/**
 * One entry of a COCO results file: a scored detection of one category in one image.
 *
 * @param imageId its image
 * @param categoryId its category
 * @param score its confidence; detections are ranked by it (ties keep their order, as COCOeval's stable sort)
 * @param mask its segmentation (required for {@link CocoEval.IouType#SEGM})
 * @param bbox {x, y, w, h}
 * @param area decides its area range when it matches nothing
 */
public record CocoDetection(long imageId, int categoryId, double score, Optional<RleMask> mask, double[] bbox,
    double area) {
  public CocoDetection {
    if (bbox.length != 4) {
      throw new IllegalArgumentException("detection in image " + imageId + ": bbox needs {x, y, w, h}");
    }
    bbox = bbox.clone();
  }

  /** A mask result: area and box from the mask, as {@code loadRes} sets them for results without a box. */
  public static CocoDetection ofMask(long imageId, int categoryId, double score, RleMask mask) {
    return new CocoDetection(imageId, categoryId, score, Optional.of(mask), mask.bbox(), mask.area());
  }

  /** A box result: area w x h, as {@code loadRes} sets it. */
  public static CocoDetection ofBox(long imageId, int categoryId, double score, double[] bbox) {
    return new CocoDetection(imageId, categoryId, score, Optional.empty(), bbox, bbox[2] * bbox[3]);
  }

  @Override
  public double[] bbox() {
    return bbox.clone();
  }

  double[] bboxUnsafe() {
    return bbox;
  }
}
