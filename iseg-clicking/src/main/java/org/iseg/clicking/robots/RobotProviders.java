package org.iseg.clicking.robots;

import org.iseg.api.ClickingRobot;
import org.iseg.api.spi.RobotConfig;
import org.iseg.api.spi.RobotProvider;

/**
 * The robots of this module as {@link RobotProvider}s, listed in
 * {@code META-INF/services/org.iseg.api.spi.RobotProvider}:
 *
 * <pre>{@code
 * ClickingRobot robot = RobotProvider.registry().get("ritm").create(RobotConfig.ofSeed(0));
 * }</pre>
 */
public final class RobotProviders {
  private RobotProviders() {}

  /** {@code ritm}: RITM's evaluation clicker. */
  public static final class Ritm implements RobotProvider {
    @Override
    public String name() {
      return "ritm";
    }

    @Override
    public String description() {
      return "RITM's evaluation clicker: deepest point of the larger error (exact L2 distance), deterministic";
    }

    @Override
    public ClickingRobot create(RobotConfig config) {
      return new RitmRobot(config.clicksPerStep());
    }
  }

  /** {@code random}: uniform over the image, never ignore or clicked pixels */
  public static final class Random implements RobotProvider {
    @Override
    public String name() {
      return "random";
    }

    @Override
    public String description() {
      return "uniform over the image, never ignore or clicked pixels";
    }

    @Override
    public ClickingRobot create(RobotConfig config) {
      return new RandomRobot(config.seed(), config.clicksPerStep());
    }
  }

  /** {@code random-false}: uniform over the error region (prediction xor target) */
  public static final class RandomFalse implements RobotProvider {
    @Override
    public String name() {
      return "random-false";
    }

    @Override
    public String description() {
      return "uniform over the error region (prediction xor target)";
    }

    @Override
    public ClickingRobot create(RobotConfig config) {
      return new RandomFalseRobot(config.seed(), config.clicksPerStep());
    }
  }

  /** {@code random-largest-false}: uniform inside the largest 4-connected error region */
  public static final class RandomLargestFalse implements RobotProvider {
    @Override
    public String name() {
      return "random-largest-false";
    }

    @Override
    public String description() {
      return "uniform inside the largest 4-connected error region";
    }

    @Override
    public ClickingRobot create(RobotConfig config) {
      return new RandomLargestFalseRobot(config.seed(), config.clicksPerStep());
    }
  }

  /** {@code distance-weighted}: probability proportional to the distance transform of the error */
  public static final class DistanceWeighted implements RobotProvider {
    @Override
    public String name() {
      return "distance-weighted";
    }

    @Override
    public String description() {
      return "probability proportional to the distance transform of the error";
    }

    @Override
    public ClickingRobot create(RobotConfig config) {
      return new DistanceWeightedRobot(config.seed(), config.clicksPerStep());
    }
  }

  /** {@code distance-weighted-sequential}: distance-weighted, each drawn point removed before the next */
  public static final class DistanceWeightedSequential implements RobotProvider {
    @Override
    public String name() {
      return "distance-weighted-sequential";
    }

    @Override
    public String description() {
      return "distance-weighted, each drawn point removed before the next";
    }

    @Override
    public ClickingRobot create(RobotConfig config) {
      return new DistanceWeightedSequentialRobot(config.seed(), config.clicksPerStep());
    }
  }

  /** {@code center-largest-false}: deepest point of the larger of the largest false-negative and false-positive regions */
  public static final class CenterLargestFalse implements RobotProvider {
    @Override
    public String name() {
      return "center-largest-false";
    }

    @Override
    public String description() {
      return "deepest point of the larger of the largest false-negative and false-positive regions";
    }

    @Override
    public ClickingRobot create(RobotConfig config) {
      return new CenterLargestFalseRobot(config.clicksPerStep());
    }
  }

  /**
   * {@code mix}: the default mixture, ritm 1/2, random-largest-false 1/4, distance-weighted 1/4 (a training-style
   * oracle mostly like RITM's clicker with some exploration); build others with {@link MixRobot#builder()}.
   */
  public static final class Mix implements RobotProvider {
    @Override
    public String name() {
      return "mix";
    }

    @Override
    public String description() {
      return "per step: ritm (1/2), random-largest-false (1/4) or distance-weighted (1/4)";
    }

    @Override
    public ClickingRobot create(RobotConfig config) {
      return MixRobot.builder()
          .add(new RitmRobot(config.clicksPerStep()), 0.5)
          .add(new RandomLargestFalseRobot(config.seed() + 1, config.clicksPerStep()), 0.25)
          .add(new DistanceWeightedRobot(config.seed() + 2, config.clicksPerStep()), 0.25)
          .seed(config.seed())
          .build();
    }
  }
}
