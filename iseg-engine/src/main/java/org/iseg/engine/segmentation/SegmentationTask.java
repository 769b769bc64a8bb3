package org.iseg.engine.segmentation;

import java.util.Locale;

/** What {@link Mask2FormerPredictor} returns, as EasyCV's {@code Mask2formerPredictor(task_mode=...)}. */
public enum SegmentationTask {
  /** Things only: up to {@code max_per_image} (class, mask, box, score). */
  INSTANCE,
  /** One id per pixel: stuff = class, thing = class + instance * 1000, VOID = number of classes. */
  PANOPTIC,
  /** One class per pixel. */
  SEMANTIC;

  /** {@code instance}, {@code panoptic} or {@code semantic} (any case). */
  public static SegmentationTask parse(String name) {
    for (SegmentationTask t : values()) {
      if (t.name().equalsIgnoreCase(name.trim())) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown segmentation task '" + name + "'; expected instance, panoptic or "
        + "semantic");
  }

  /** The lower-case name EasyCV uses. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
