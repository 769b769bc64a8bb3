package org.iseg.metrics.segmentation;

/**
 * One entry of a COCO panoptic {@code segments_info}: the segment with id {@code id} in the image's id map.
 *
 * @param id the segment id in the map (R + 256 G + 256² B in a PNG), never 0 (void)
 * @param categoryId its category
 * @param crowd {@code iscrowd == 1} (ground truth only): a region of many objects that predictions may cover
 *     without penalty
 * @param area its pixel count: for ground truth the value of the annotation file (panopticapi uses it as is); for
 *     predictions it is recounted from the id map
 */
public record PanopticSegment(int id, int categoryId, boolean crowd, long area) {
  public PanopticSegment {
    if (id <= 0) {
      throw new IllegalArgumentException("segment id must be positive (0 is void), got " + id);
    }
    if (area < 0) {
      throw new IllegalArgumentException("segment " + id + " has the negative area " + area);
    }
  }

  /** A predicted (or non-crowd) segment whose area will be counted from the id map. */
  public static PanopticSegment of(int id, int categoryId) {
    return new PanopticSegment(id, categoryId, false, 0);
  }
}
