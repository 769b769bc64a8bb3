package org.iseg.engine.training.loss;

import ai.djl.ndarray.NDArray;
import java.util.Objects;
import java.util.Optional;
import org.iseg.models.nn.Ops;

/**
 * The loss RITM's trainer minimises for an ITER-M model: {@code instanceWeight * mean(instance loss)
 * + auxWeight * mean(auxiliary loss)}, each a {@link SegmentationLoss} averaged over the batch.
 *
 * <pre>{@code
 * RitmLoss loss = RitmLoss.hrnetDefaults();          // NFL(alpha 0.5, gamma 2) + 0.4 x sigmoid BCE
 * NDArray value = loss.total(out.instances(), out.instancesAux(), labels);
 * }</pre>
 *
 * @param instanceLoss the loss on the main output
 * @param instanceWeight its weight (RITM: 1.0)
 * @param auxLoss the loss on the auxiliary output, absent to ignore that output
 * @param auxWeight its weight (RITM: 0.4)
 */
public record RitmLoss(
    SegmentationLoss instanceLoss, double instanceWeight, Optional<SegmentationLoss> auxLoss, double auxWeight) {

  public RitmLoss {
    Objects.requireNonNull(instanceLoss, "instanceLoss");
    Objects.requireNonNull(auxLoss, "auxLoss (use Optional.empty())");
  }

  /** RITM's HRNet ITER-M setting: normalized focal loss (alpha 0.5, gamma 2) + 0.4 x sigmoid BCE on the aux output. */
  public static RitmLoss hrnetDefaults() {
    return new RitmLoss(NormalizedFocalLoss.ritm(), 1.0, Optional.of(new SigmoidBinaryCrossEntropyLoss()), 0.4);
  }

  /**
   * The scalar training loss.
   *
   * @param instances main logits {@code B x 1 x H x W}
   * @param instancesAux auxiliary logits at the same size, if the network has them
   * @param labels 1 / 0 / -1 ignore, the same shape
   */
  public NDArray total(NDArray instances, Optional<NDArray> instancesAux, NDArray labels) {
    NDArray total = Ops.mul(instanceLoss.mean(instances, labels), (float) instanceWeight);
    if (auxLoss.isPresent() && instancesAux.isPresent()) {
      total = total.add(Ops.mul(auxLoss.get().mean(instancesAux.get(), labels), (float) auxWeight));
    }
    return total;
  }
}
