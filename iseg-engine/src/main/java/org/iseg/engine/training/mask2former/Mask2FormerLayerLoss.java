package org.iseg.engine.training.mask2former;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * The three raw (unweighted) loss terms of one prediction and what they were computed from.
 *
 * @param suffix EasyCV's key suffix: "" for the final prediction, "_i" for {@code aux_outputs[i]}
 * @param matchings the matching of each image
 * @param classLoss {@code loss_ce}: weighted cross-entropy over all queries (scalar)
 * @param maskLoss {@code loss_mask}: point-sampled sigmoid BCE, summed over matched masks / numMasks (scalar)
 * @param diceLoss {@code loss_dice}: point-sampled dice, summed over matched masks / numMasks (scalar)
 * @param uncertainIndex per matched mask (images in order, queries ascending): the candidates kept as the most
 *     uncertain, most uncertain first
 * @param pointLogits matched masks × numPoints predicted logits at the loss points (differentiable)
 * @param pointLabels matched masks × numPoints target values at the loss points, row-major
 */
public record Mask2FormerLayerLoss(
    String suffix,
    List<MaskMatching> matchings,
    NDArray classLoss,
    NDArray maskLoss,
    NDArray diceLoss,
    int[][] uncertainIndex,
    NDArray pointLogits,
    float[] pointLabels) {}
