package org.iseg.engine.training.mask2former;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.iseg.models.nn.Ops;

/**
 * The output of {@link Mask2FormerCriterion}: raw terms per prediction, their weighted values under EasyCV's
 * names ({@code loss_ce}, {@code loss_mask}, {@code loss_dice}, then {@code _0}, {@code _1}, … for the auxiliary
 * predictions) and the total that training back-propagates.
 *
 * @param layers raw terms, final prediction first, then the auxiliary ones in order
 * @param numMasks the normaliser of the mask losses
 * @param weightClass weight of {@code loss_ce}
 * @param weightMask weight of {@code loss_mask}
 * @param weightDice weight of {@code loss_dice}
 */
public record Mask2FormerLosses(
    List<Mask2FormerLayerLoss> layers, float numMasks, double weightClass, double weightMask, double weightDice) {

  /** The weighted terms in EasyCV's dict order. */
  public Map<String, NDArray> weighted() {
    Map<String, NDArray> out = new LinkedHashMap<>();
    for (Mask2FormerLayerLoss layer : layers) {
      out.put("loss_ce" + layer.suffix(), Ops.mul(layer.classLoss(), (float) weightClass));
      out.put("loss_mask" + layer.suffix(), Ops.mul(layer.maskLoss(), (float) weightMask));
      out.put("loss_dice" + layer.suffix(), Ops.mul(layer.diceLoss(), (float) weightDice));
    }
    return out;
  }

  /** The sum of the weighted terms, left to right in EasyCV's order (a scalar to back-propagate). */
  public NDArray total() {
    NDArray sum = null;
    for (NDArray term : weighted().values()) {
      sum = sum == null ? term : sum.add(term);
    }
    if (sum == null) {
      throw new IllegalStateException("no loss terms");
    }
    return sum;
  }
}
