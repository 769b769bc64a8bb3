package org.iseg.clicking.robots;

/**
 * {@code random-false}: a pixel drawn uniformly over the error region {@code prediction xor target} (ignore
 * excluded). Without any error left to click it falls back to {@link RandomRobot}'s uniform choice.
 *
 * <pre>{@code
 * ClickingRobot robot = new RandomFalseRobot(42, 1);
 * }</pre>
 */
public final class RandomFalseRobot extends SamplingRobot {
  public RandomFalseRobot(long seed, int clicksPerStep) {
    super(seed, clicksPerStep);
  }

  @Override
  int pick(StepContext step) {
    int at = step.uniform(step.errors(true, true));
    return at >= 0 ? at : step.uniformAnywhere();
  }
}
