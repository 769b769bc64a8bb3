package org.iseg.data;

import org.iseg.api.Image;
import org.iseg.api.Mask;

/**
 * One evaluation sample: the image and its fixed binary target (ignore pixels are never scored).
 *
 * @param id the image file name as the loader sorts it, e.g. {@code "106024.jpg"}
 * @param image the RGB image
 * @param target the target mask, same size as the image
 */
public record EvaluationSample(String id, Image image, Mask target) {
  public EvaluationSample {
    if (id == null || image == null || target == null) {
      throw new IllegalArgumentException("evaluation sample id, image and target must be non-null");
    }
    target.requireSameSize("target of evaluation sample " + id, image);
  }
}
