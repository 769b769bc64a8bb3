package org.iseg.clicking.robots;

import org.iseg.clicking.masks.MaskOps;

/**
 * {@code distance-weighted-sequential}: like {@link DistanceWeightedRobot}, but the points of a step are drawn
 * one after another and each drawn point is removed from the error before the distance transform is recomputed,
 * so later points of a step keep away from earlier ones (and from every clicked pixel of the history).
 *
 * <pre>{@code
 * ClickingRobot robot = new DistanceWeightedSequentialRobot(42, 5);
 * }</pre>
 */
public final class DistanceWeightedSequentialRobot extends SamplingRobot {
  public DistanceWeightedSequentialRobot(long seed, int clicksPerStep) {
    super(seed, clicksPerStep);
  }

  @Override
  int pick(StepContext step) {
    byte[] errors = step.clickableErrors();
    float[] weights = MaskOps.distanceField(errors, step.height, step.width, true).toArray();
    int at = step.weighted(weights);
    return at >= 0 ? at : step.uniformAnywhere();
  }
}
