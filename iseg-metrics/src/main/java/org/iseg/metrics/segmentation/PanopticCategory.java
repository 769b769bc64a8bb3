package org.iseg.metrics.segmentation;

/**
 * A category of a COCO panoptic data set ({@code categories} entry).
 *
 * @param id the {@code category_id} segments refer to
 * @param name its name (for tables)
 * @param thing {@code isthing == 1}: countable objects; otherwise stuff
 */
public record PanopticCategory(int id, String name, boolean thing) {
  public PanopticCategory {
    if (name == null) {
      throw new NullPointerException("category name must not be null (use \"\")");
    }
  }
}
