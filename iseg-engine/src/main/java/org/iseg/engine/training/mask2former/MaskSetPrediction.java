package org.iseg.engine.training.mask2former;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;

/**
 * One prediction of a Mask2Former decoder (the final one or an auxiliary one after an intermediate layer):
 * class logits and mask logits of every query, as the model returns them (with gradients attached for training).
 *
 * @param classLogits B × Q × (numClasses + 1), the last class is no-object
 * @param maskLogits B × Q × H × W
 */
public record MaskSetPrediction(NDArray classLogits, NDArray maskLogits) {
  public MaskSetPrediction {
    checkArgument(classLogits.getShape().dimension() == 3, "class logits %s must be B x Q x K", classLogits.getShape());
    checkArgument(maskLogits.getShape().dimension() == 4, "mask logits %s must be B x Q x H x W", maskLogits.getShape());
    checkArgument(
        classLogits.getShape().get(0) == maskLogits.getShape().get(0)
            && classLogits.getShape().get(1) == maskLogits.getShape().get(1),
        "class logits %s and mask logits %s disagree on batch or queries",
        classLogits.getShape(),
        maskLogits.getShape());
  }
}
