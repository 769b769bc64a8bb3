package org.iseg.clicking.robots;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.iseg.api.Click;
import org.iseg.api.ClickHistory;
import org.iseg.api.ClickingRobot;
import org.iseg.api.Mask;

/**
 * A weighted mixture of robots: each step, one robot is drawn with probability proportional to its weight and
 * places that step's clicks. The draw depends on the seed and the call's inputs only, so a mixture is
 * reproducible and thread-safe when its members are.
 *
 * <pre>{@code
 * ClickingRobot robot = MixRobot.builder()
 *     .add(new RitmRobot(1), 0.5)
 *     .add(new RandomLargestFalseRobot(7, 1), 0.5)
 *     .seed(42)
 *     .build();
 * }</pre>
 */
public final class MixRobot implements ClickingRobot {
  private final List<ClickingRobot> robots;
  private final double[] cumulative;
  private final long seed;

  private MixRobot(List<ClickingRobot> robots, double[] cumulative, long seed) {
    this.robots = robots;
    this.cumulative = cumulative;
    this.seed = seed;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public List<Click> next(Mask prediction, Mask target, ClickHistory history) {
    Robots.checkInputs(prediction, target, history);
    SplittableRandom random = new SplittableRandom(StepContext.mix(seed ^ 0x6D69784CL, prediction, target, history));
    double u = random.nextDouble() * cumulative[cumulative.length - 1];
    int k = 0;
    while (k < cumulative.length - 1 && u >= cumulative[k]) {
      k++;
    }
    return robots.get(k).next(prediction, target, history);
  }

  @Override
  public String toString() {
    return "MixRobot" + robots;
  }

  /** Collects (robot, weight) pairs; weights must be positive and finite. */
  public static final class Builder {
    private final List<ClickingRobot> robots = new ArrayList<>();
    private final List<Double> weights = new ArrayList<>();
    private long seed;

    private Builder() {}

    public Builder add(ClickingRobot robot, double weight) {
      if (robot == null) {
        throw new NullPointerException("robot");
      }
      if (!(weight > 0) || Double.isInfinite(weight)) {
        throw new IllegalArgumentException("weight of " + robot + " must be positive and finite, got " + weight);
      }
      robots.add(robot);
      weights.add(weight);
      return this;
    }

    public Builder seed(long newSeed) {
      this.seed = newSeed;
      return this;
    }

    public MixRobot build() {
      if (robots.isEmpty()) {
        throw new IllegalStateException("a mixture needs at least one robot: call add(robot, weight)");
      }
      double[] cumulative = new double[weights.size()];
      double sum = 0;
      for (int i = 0; i < cumulative.length; i++) {
        sum += weights.get(i);
        cumulative[i] = sum;
      }
      return new MixRobot(List.copyOf(robots), cumulative, seed);
    }
  }
}
