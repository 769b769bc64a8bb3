package org.iseg.api.spi;

import org.iseg.api.ClickingRobot;

/** Creates clicking robots of one kind; registered in {@code META-INF/services/org.iseg.api.spi.RobotProvider}. */
public interface RobotProvider extends NamedProvider {
  ClickingRobot create(RobotConfig config);

  /** All robot providers on the class path. */
  static Registry<RobotProvider> registry() {
    return Registry.load(RobotProvider.class, "robot");
  }
}
