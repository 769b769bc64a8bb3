/**
 * RITM's inference predictor as an {@link org.iseg.api.IisModel}: ITER-M feedback of the previous prediction,
 * clicks encoded as RITM's points tensor, and the test-time transforms in RITM's order (ZoomIn,
 * LimitLongestSide, sigmoid, horizontal-flip averaging), each undone in reverse.
 *
 * <pre>{@code
 * try (RitmPredictor model = RitmPredictor.of("hrnet18s", network, Presets.evalMode("cvpr", "GrabCut"))) {
 *   InteractionTrace trace = Interactions.fullInference(model, robot, image, target, 20);
 * }
 * }</pre>
 */
package org.iseg.engine.predictors;
