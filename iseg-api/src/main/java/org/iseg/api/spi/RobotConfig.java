package org.iseg.api.spi;

/**
 * How to create a clicking robot: its random seed and how many clicks it places per interaction step.
 *
 * <pre>{@code
 * RobotConfig config = RobotConfig.ofSeed(42).withClicksPerStep(3);
 * }</pre>
 */
public record RobotConfig(long seed, int clicksPerStep) {
  public RobotConfig {
    if (clicksPerStep < 1) {
      throw new IllegalArgumentException("clicksPerStep must be at least 1, got " + clicksPerStep);
    }
  }

  /** One click per step. */
  public static RobotConfig ofSeed(long seed) {
    return new RobotConfig(seed, 1);
  }

  public RobotConfig withClicksPerStep(int n) {
    return new RobotConfig(seed, n);
  }

  public RobotConfig withSeed(long newSeed) {
    return new RobotConfig(newSeed, clicksPerStep);
  }
}
