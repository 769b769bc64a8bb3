package org.iseg.engine.training.loss;

import ai.djl.ndarray.NDArray;

/**
 * A per-sample segmentation loss on logits, differentiable with DJL autograd.
 *
 * <pre>{@code
 * SegmentationLoss nfl = NormalizedFocalLoss.ritm();
 * try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
 *   NDArray perSample = nfl.perSample(logits, labels);   // shape (B)
 *   gc.backward(perSample.mean());
 * }
 * }</pre>
 *
 * <p>Labels use RITM's convention: 1 object, 0 background, {@code -1} ignore (no loss, no gradient).
 */
public interface SegmentationLoss {

  /**
   * The loss of every sample of the batch.
   *
   * @param logits raw network outputs, shape {@code B x 1 x H x W} (any shape whose first axis is the batch)
   * @param labels the same shape as {@code logits}: 1 object, 0 background, -1 ignore
   * @return a float array of shape {@code (B)}
   */
  NDArray perSample(NDArray logits, NDArray labels);

  /** The batch loss as RITM's trainer takes it: the mean over the samples. */
  default NDArray mean(NDArray logits, NDArray labels) {
    return perSample(logits, labels).mean();
  }

  /** Fails with a message naming both shapes when logits and labels disagree. */
  static void requireSameShape(String loss, NDArray logits, NDArray labels) {
    if (!logits.getShape().equals(labels.getShape())) {
      throw new IllegalArgumentException(
          loss + ": labels shape " + labels.getShape() + " differs from logits shape " + logits.getShape()
              + "; pass one label per logit (B x 1 x H x W)");
    }
    if (logits.getShape().dimension() < 2) {
      throw new IllegalArgumentException(
          loss + ": logits need a batch axis and at least one more axis, got shape " + logits.getShape());
    }
  }

  /** Every axis but the first (the batch axis). */
  static int[] nonBatchAxes(NDArray array) {
    int[] axes = new int[array.getShape().dimension() - 1];
    for (int i = 0; i < axes.length; i++) {
      axes[i] = i + 1;
    }
    return axes;
  }
}
