package org.iseg.clicking.robots;

import org.iseg.clicking.masks.MaskOps;

/**
 * {@code distance-weighted}: a pixel drawn with probability proportional to the exact L2 distance transform of
 * the error {@code prediction xor target} (1-pixel zero padding, as RITM), so deep error pixels are favoured;
 * positive iff the target is object there. All clicks of a step come from the same distribution (a pixel is
 * never drawn twice); {@link DistanceWeightedSequentialRobot} recomputes it after each click instead. Falls back
 * to a uniform pixel when no error is left.
 *
 * <pre>{@code
 * ClickingRobot robot = new DistanceWeightedRobot(42, 3);
 * }</pre>
 */
public final class DistanceWeightedRobot extends SamplingRobot {
  public DistanceWeightedRobot(long seed, int clicksPerStep) {
    super(seed, clicksPerStep);
  }

  @Override
  int pick(StepContext step) {
    float[] weights = MaskOps.distanceField(step.errors(true, true), step.height, step.width, true).toArray();
    int at = step.weighted(weights);
    return at >= 0 ? at : step.uniformAnywhere();
  }
}
