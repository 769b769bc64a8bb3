package org.iseg.clicking.robots;

/**
 * {@code random}: a pixel drawn uniformly over the image, never an ignore or already clicked pixel; positive
 * iff the target is object there.
 *
 * <pre>{@code
 * ClickingRobot robot = new RandomRobot(42, 1);
 * }</pre>
 */
public final class RandomRobot extends SamplingRobot {
  public RandomRobot(long seed, int clicksPerStep) {
    super(seed, clicksPerStep);
  }

  @Override
  int pick(StepContext step) {
    return step.uniformAnywhere();
  }
}
