package org.iseg.metrics.segmentation;

import java.util.ArrayList;
import java.util.List;

/**
 * One image of a COCO panoptic annotation: a map of segment ids (0 = void) and the segments it holds.
 *
 * @param imageId the image this annotation belongs to (ground truth and prediction are paired by it)
 * @param height rows of the map
 * @param width columns of the map
 * @param ids segment id per pixel, row-major
 * @param segments the image's {@code segments_info}, in file order (the order decides which crowd region of a
 *     category a prediction is checked against when there are several, as in panopticapi)
 */
public record PanopticImage(long imageId, int height, int width, int[] ids, List<PanopticSegment> segments) {
  public PanopticImage {
    if (height <= 0 || width <= 0) {
      throw new IllegalArgumentException("image " + imageId + " must have a positive size, got " + height + "x"
          + width);
    }
    if (ids.length != (long) height * width) {
      throw new IllegalArgumentException("image " + imageId + ": id map has " + ids.length + " pixels, expected "
          + height + "x" + width);
    }
    ids = ids.clone();
    segments = List.copyOf(segments);
  }

  @Override
  public int[] ids() {
    return ids.clone();
  }

  /** The same image with every segment's area counted from the id map (for in-memory ground truth). */
  public PanopticImage withCountedAreas() {
    java.util.Map<Integer, Long> counts = new java.util.HashMap<>();
    for (int id : ids) {
      counts.merge(id, 1L, Long::sum);
    }
    List<PanopticSegment> counted = new ArrayList<>(segments.size());
    for (PanopticSegment s : segments) {
      counted.add(new PanopticSegment(s.id(), s.categoryId(), s.crowd(), counts.getOrDefault(s.id(), 0L)));
    }
    return new PanopticImage(imageId, height, width, ids, counted);
  }

  int[] idsUnsafe() {
    return ids;
  }
}
