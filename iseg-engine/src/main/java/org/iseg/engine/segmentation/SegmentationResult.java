package org.iseg.engine.segmentation;

import java.util.List;
import java.util.Optional;
import org.iseg.api.Mask;

/**
 * The outputs of {@link Mask2FormerPredictor} for one image, at the image's original size; each task's result is
 * present when that task was asked for.
 *
 * <pre>{@code
 * SegmentationResult r = predictor.predict(image);
 * for (SegmentationResult.Instance i : r.instances().orElseThrow()) { ... i.className() ... i.box() ... }
 * }</pre>
 */
public record SegmentationResult(int height, int width, Optional<List<Instance>> instances,
    Optional<Panoptic> panoptic, Optional<int[]> semantic) {

  /**
   * One instance (EasyCV's {@code detection_*} entries).
   *
   * @param query the decoder query it comes from
   * @param label class index (a thing class)
   * @param className the config's {@code CLASSES[label]} (the index as text if the config has no names)
   * @param score class probability x mean sigmoid inside the mask
   * @param box {x0, y0, x1, y1}: the mask's pixel extent, right/bottom exclusive (mmdet's {@code mask2bbox}); zeros
   *     for an empty mask
   * @param mask mask logit > 0 at the original resolution
   */
  public record Instance(int query, int label, String className, float score, float[] box, Mask mask) {}

  /**
   * EasyCV's {@code pan_results}: row-major ids (stuff pixel = class, thing pixel = class + instance * 1000 with
   * instances numbered from 1 in query order, VOID = {@code voidId}) and the segments it contains, in id order
   * descending as EasyCV's output processor lists them (things first).
   */
  public record Panoptic(int[] ids, int voidId, List<Segment> segments) {}

  /** One panoptic segment. */
  public record Segment(int id, int label, String className, boolean isThing, int area) {}
}
