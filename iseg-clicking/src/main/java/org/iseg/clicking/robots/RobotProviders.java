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
}
