package org.iseg.clicking.robots;

import org.iseg.clicking.masks.Components;
import org.iseg.clicking.masks.MaskOps;

/**
 * {@code random-largest-false}: a pixel drawn uniformly inside the largest 4-connected component of the error
 * {@code prediction xor target} (ignore excluded; already clicked pixels are left out of the component before it
 * is measured); the whole image when there is no error.
 *
 * <pre>{@code
 * ClickingRobot robot = new RandomLargestFalseRobot(42, 1);
 * }</pre>
 */
public final class RandomLargestFalseRobot extends SamplingRobot {
  public RandomLargestFalseRobot(long seed, int clicksPerStep) {
    super(seed, clicksPerStep);
  }

  @Override
  int pick(StepContext step) {
    byte[] errors = step.clickableErrors();
    Components parts = MaskOps.components(errors, step.height, step.width, 4);
    if (parts.count() == 0) {
      return step.uniformAnywhere();
    }
    int largest = parts.largest();
    byte[] region = new byte[errors.length];
    for (int i = 0; i < region.length; i++) {
      region[i] = parts.labelAt(i) == largest ? (byte) 1 : 0;
    }
    return step.uniform(region);
  }
}
