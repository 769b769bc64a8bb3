package org.iseg.engine.training.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Activation;
import org.iseg.models.nn.Ops;

/**
 * RITM's {@code SigmoidBinaryCrossEntropyLoss} on logits, in its numerically stable form
 * {@code relu(x) - x * label + softplus(-|x|)}; ignored pixels contribute 0.
 *
 * <p>As in RITM, a sample's loss is the mean over ALL its pixels (ignored ones count in the denominator with
 * loss 0), not over the labelled ones.
 *
 * <pre>{@code
 * NDArray perSample = new SigmoidBinaryCrossEntropyLoss().perSample(auxLogits, labels);
 * }</pre>
 *
 * @param ignoreLabel the label that marks pixels without loss
 * @param weight a constant factor on the loss
 */
public record SigmoidBinaryCrossEntropyLoss(float ignoreLabel, double weight) implements SegmentationLoss {

  /** Ignore label -1, weight 1: RITM's defaults. */
  public SigmoidBinaryCrossEntropyLoss() {
    this(-1f, 1);
  }

  @Override
  public NDArray perSample(NDArray logits, NDArray labels) {
    SegmentationLoss.requireSameShape("SigmoidBinaryCrossEntropyLoss", logits, labels);
    NDArray label = labels.toType(DataType.FLOAT32, false);
    NDArray labelled = label.neq(ignoreLabel);
    NDArray target = NDArrays.where(labelled, label, label.zerosLike());
    NDArray pixelLoss =
        Activation.relu(logits).sub(logits.mul(target)).add(Activation.softPlus(logits.abs().neg()));
    pixelLoss = Ops.mul(pixelLoss.mul(labelled.toType(DataType.FLOAT32, false)), (float) weight);
    // PyTorch's engine means over one axis only: flatten the non-batch axes first.
    return pixelLoss.reshape(pixelLoss.getShape().get(0), -1).mean(new int[] {1});
  }
}
