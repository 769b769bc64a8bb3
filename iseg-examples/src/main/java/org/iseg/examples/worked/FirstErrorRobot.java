package org.iseg.examples.worked;

import java.util.List;
import org.iseg.api.Click;
import org.iseg.api.ClickHistory;
import org.iseg.api.ClickingRobot;
import org.iseg.api.Mask;

/**
 * Worked example 2: a clicking robot of your own. This one is deliberately simple: it clicks the first wrong
 * pixel in reading order (row by row) that has not been clicked yet, positive when the pixel belongs to the
 * target (a missed object pixel), negative otherwise. Ignored target pixels are never clicked. When the
 * prediction is perfect it clicks the first unclicked background pixel negatively (a robot must always click).
 *
 * <pre>{@code
 * ClickingRobot robot = RobotProvider.registry().get("first-error").create(RobotConfig.ofSeed(0));
 * List<Click> next = robot.next(prediction, target, history);
 * }</pre>
 *
 * It draws nothing at random, so it ignores the seed; see {@link FirstErrorRobotProvider} for the registration.
 */
public final class FirstErrorRobot implements ClickingRobot {

  @Override
  public List<Click> next(Mask prediction, Mask target, ClickHistory history) {
    target.requireSameSize("prediction", prediction);
    int w = target.width();
    int n = target.height() * w;
    int fallback = -1;
    for (int i = 0; i < n; i++) {
      byte truth = target.labelAt(i);
      if (truth == Mask.IGNORE || history.contains(i / w, i % w)) {
        continue;
      }
      boolean object = truth == Mask.OBJECT;
      if (object != (prediction.labelAt(i) == Mask.OBJECT)) {
        return List.of(new Click(i / w, i % w, object, history.nextIndex()));
      }
      if (fallback < 0 && !object) {
        fallback = i;
      }
    }
    if (fallback < 0) {
      throw new IllegalStateException("no pixel left to click: every non-ignored pixel is object and clicked");
    }
    return List.of(Click.negative(fallback / w, fallback % w, history.nextIndex()));
  }
}
