/**
 * Mask2Former's training criterion (EasyCV's {@code SetCriterion} with {@code MaskHungarianMatcher}): Hungarian
 * matching of queries to segments ({@link org.iseg.engine.training.mask2former.LinearSumAssignment}),
 * class cross-entropy with the no-object weight, point-sampled mask BCE and dice with importance sampling, deep
 * supervision over the decoder layers. Random points come from an injectable
 * {@link org.iseg.engine.training.mask2former.PointDraws}.
 *
 * <pre>{@code
 * Mask2FormerLosses losses = Mask2FormerCriterion.easyCv(12)
 *     .compute(List.of(last, aux0, aux1, aux2), List.of(target), PointDraws.seeded(0));
 * gradientCollector.backward(losses.total());
 * }</pre>
 */
package org.iseg.engine.training.mask2former;
