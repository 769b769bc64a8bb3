package org.iseg.api.spi;

import java.util.List;
import org.iseg.api.Click;
import org.iseg.api.ClickingRobot;

/** A test plug-in registered in META-INF/services to prove ServiceLoader discovery. */
public final class CornerRobotProvider implements RobotProvider {
  @Override
  public String name() {
    return "test-corner";
  }

  @Override
  public ClickingRobot create(RobotConfig config) {
    return (prediction, target, history) -> List.of(Click.positive(0, 0, history.nextIndex()));
  }
}
