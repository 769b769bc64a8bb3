package org.iseg.clicking.robots;

import java.util.function.Function;
import org.iseg.api.ClickingRobot;
import org.iseg.api.spi.AbstractNamedProvider;
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

  /** A provider given by its name, description and factory (ServiceLoader needs one no-arg class each). */
  private abstract static class Simple extends AbstractNamedProvider implements RobotProvider {
    private final Function<RobotConfig, ClickingRobot> factory;

    Simple(String name, String description, Function<RobotConfig, ClickingRobot> factory) {
      super(name, description);
      this.factory = factory;
    }

    @Override
    public ClickingRobot create(RobotConfig config) {
      return factory.apply(config);
    }
  }

  /** {@code ritm}: RITM's evaluation clicker. */
  public static final class Ritm extends Simple {
    public Ritm() {
      super("ritm", "RITM's evaluation clicker: deepest point of the larger error (exact L2 distance), deterministic",
          config -> new RitmRobot(config.clicksPerStep()));
    }
  }

  /** {@code random}: uniform over the image, never ignore or clicked pixels */
  public static final class Random extends Simple {
    public Random() {
      super("random", "uniform over the image, never ignore or clicked pixels",
          config -> new RandomRobot(config.seed(), config.clicksPerStep()));
    }
  }

  /** {@code random-false}: uniform over the error region (prediction xor target) */
  public static final class RandomFalse extends Simple {
    public RandomFalse() {
      super("random-false", "uniform over the error region (prediction xor target)",
          config -> new RandomFalseRobot(config.seed(), config.clicksPerStep()));
    }
  }

  /** {@code random-largest-false}: uniform inside the largest 4-connected error region */
  public static final class RandomLargestFalse extends Simple {
    public RandomLargestFalse() {
      super("random-largest-false", "uniform inside the largest 4-connected error region",
          config -> new RandomLargestFalseRobot(config.seed(), config.clicksPerStep()));
    }
  }

  /** {@code distance-weighted}: probability proportional to the distance transform of the error */
  public static final class DistanceWeighted extends Simple {
    public DistanceWeighted() {
      super("distance-weighted", "probability proportional to the distance transform of the error",
          config -> new DistanceWeightedRobot(config.seed(), config.clicksPerStep()));
    }
  }

  /** {@code distance-weighted-sequential}: distance-weighted, each drawn point removed before the next */
  public static final class DistanceWeightedSequential extends Simple {
    public DistanceWeightedSequential() {
      super("distance-weighted-sequential", "distance-weighted, each drawn point removed before the next",
          config -> new DistanceWeightedSequentialRobot(config.seed(), config.clicksPerStep()));
    }
  }

  /** {@code center-largest-false}: deepest point of the larger of the largest false-negative and false-positive regions */
  public static final class CenterLargestFalse extends Simple {
    public CenterLargestFalse() {
      super("center-largest-false",
          "deepest point of the larger of the largest false-negative and false-positive regions",
          config -> new CenterLargestFalseRobot(config.clicksPerStep()));
    }
  }

  /**
   * {@code mix}: the default mixture, ritm 1/2, random-largest-false 1/4, distance-weighted 1/4 (a training-style
   * oracle mostly like RITM's clicker with some exploration); build others with {@link MixRobot#builder()}.
   */
  public static final class Mix extends AbstractNamedProvider implements RobotProvider {
    public Mix() {
      super("mix", "per step: ritm (1/2), random-largest-false (1/4) or distance-weighted (1/4)");
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
