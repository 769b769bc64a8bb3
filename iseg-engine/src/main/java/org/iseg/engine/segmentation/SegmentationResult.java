package org.iseg.engine.segmentation;

import java.util.List;
import java.util.Optional;
import org.iseg.api.Mask;
import org.iseg.api.coco.CocoMasks;

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
  public record Instance(int query, int label, String className, float score, float[] box, Mask mask) {
    /**
     * The mask as EasyCV's {@code forward_test(encode=True)} gives it in {@code detection_masks}: mmdet's
     * {@code encode_mask_results}, i.e. {@code pycocotools.mask.encode} of the binary mask.
     */
    public Rle rle() {
      return Rle.encode(mask);
    }
  }

  /**
   * A mask in COCO's compressed run-length form, {@code {'size': [height, width], 'counts': counts}} as
   * {@code pycocotools.mask.encode} writes it (column-major runs, first run background, LEB128-like text).
   *
   * <pre>{@code
   * Rle rle = SegmentationResult.Rle.encode(mask);   // rle.counts(): e.g. "0X1::"
   * Mask back = rle.decode();
   * }</pre>
   */
  public record Rle(int height, int width, String counts) {
    public static Rle encode(Mask mask) {
      return new Rle(mask.height(), mask.width(),
          CocoMasks.encodeString(CocoMasks.fromMask(mask.toObjectArray(), mask.height(), mask.width())));
    }

    public Mask decode() {
      return Mask.of(height, width, CocoMasks.toMask(CocoMasks.decodeString(counts), height, width));
    }
  }

  /**
   * EasyCV's {@code pan_results}: row-major ids (stuff pixel = class, thing pixel = class + instance * 1000 with
   * instances numbered from 1 in query order, VOID = {@code voidId}) and the segments it contains, in id order
   * descending as EasyCV's output processor lists them (things first).
   */
  public record Panoptic(int[] ids, int voidId, List<Segment> segments) {}

  /** One panoptic segment. */
  public record Segment(int id, int label, String className, boolean isThing, int area) {}
}
