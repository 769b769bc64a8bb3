package org.iseg.engine.training.mask2former;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * The ground truth of one image for {@link Mask2FormerCriterion}: one class label and one binary mask per
 * segment (things, then stuff, as EasyCV's {@code preprocess_panoptic_gt} lists them).
 *
 * <p>Masks are at the padded input resolution (EasyCV's {@code pad_shape}); the predictions are at any
 * resolution, the two meet through normalised point coordinates only. Every image of a batch must share the
 * same mask size (EasyCV pads targets to the largest one; with equal pad shapes that is a no-op).
 *
 * <pre>{@code
 * MaskSetTarget target = new MaskSetTarget(new int[] {0, 11}, masks, 224, 384); // masks: 2 × 224 × 384
 * }</pre>
 *
 * @param labels class of each segment, in [0, numClasses)
 * @param masks segment masks, row-major, segment-major ({@code labels.length · height · width} values, 0/1)
 * @param height mask height
 * @param width mask width
 */
public record MaskSetTarget(int[] labels, float[] masks, int height, int width) {
  public MaskSetTarget {
    checkArgument(height > 0 && width > 0, "mask size %sx%s must be positive", height, width);
    checkArgument(
        masks.length == (long) labels.length * height * width,
        "%s mask values for %s segments of %sx%s",
        masks.length,
        labels.length,
        height,
        width);
  }

  /** Number of segments. */
  public int size() {
    return labels.length;
  }
}
