package org.iseg.clicking.robots;

import java.util.List;
import org.iseg.api.Click;
import org.iseg.api.ClickHistory;
import org.iseg.api.ClickingRobot;
import org.iseg.api.Mask;

/**
 * Base of the robots that place {@code clicksPerStep} clicks one after another, each chosen by {@link #pick}.
 * A click is positive iff the target is object there; ignore pixels and clicked pixels are never chosen.
 * The robots are stateless, so thread-safe: randomness comes from the seed mixed with the call's inputs.
 * Subclasses live in this package (the constructor is package-private).
 */
public abstract class SamplingRobot implements ClickingRobot {
  private final long seed;
  private final int clicksPerStep;

  SamplingRobot(long seed, int clicksPerStep) {
    if (clicksPerStep < 1) {
      throw new IllegalArgumentException("clicksPerStep must be at least 1, got " + clicksPerStep);
    }
    this.seed = seed;
    this.clicksPerStep = clicksPerStep;
  }

  public long seed() {
    return seed;
  }

  public int clicksPerStep() {
    return clicksPerStep;
  }

  @Override
  public final List<Click> next(Mask prediction, Mask target, ClickHistory history) {
    StepContext step = new StepContext(seed ^ getClass().getName().hashCode(), prediction, target, history);
    for (int k = 0; k < clicksPerStep; k++) {
      step.click(pick(step));
    }
    return step.clicks();
  }

  /** The flat index of the next click; must be {@link StepContext#clickable}. */
  abstract int pick(StepContext step);

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[seed=" + seed + ", clicksPerStep=" + clicksPerStep + "]";
  }
}
