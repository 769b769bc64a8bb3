package org.iseg.examples.worked;

import org.iseg.api.ClickingRobot;
import org.iseg.api.spi.RobotConfig;
import org.iseg.api.spi.RobotProvider;

/**
 * Registers {@link FirstErrorRobot} under the name {@code first-error}. A provider needs a public no-argument
 * constructor and one line in {@code META-INF/services/org.iseg.api.spi.RobotProvider} of its jar:
 *
 * <pre>
 * org.iseg.examples.worked.FirstErrorRobotProvider
 * </pre>
 *
 * after which {@code RobotProvider.registry().get("first-error")} finds it, and so does every command that takes
 * a robot name ({@code iseg evaluate --robot first-error}).
 */
public final class FirstErrorRobotProvider implements RobotProvider {

  @Override
  public String name() {
    return "first-error";
  }

  @Override
  public String description() {
    return "worked example: clicks the first wrong pixel in reading order";
  }

  @Override
  public ClickingRobot create(RobotConfig config) {
    if (config.clicksPerStep() != 1) {
      throw new IllegalArgumentException("robot 'first-error' places one click per step, not "
          + config.clicksPerStep());
    }
    return new FirstErrorRobot();
  }
}
