package org.iseg.clicking.robots;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.iseg.api.Click;
import org.iseg.api.ClickHistory;
import org.iseg.api.ClickingRobot;
import org.iseg.api.Mask;
import org.iseg.api.spi.RobotConfig;
import org.iseg.api.spi.RobotProvider;
import org.iseg.clicking.RealMasks;
import org.junit.jupiter.api.Test;

/** Evaluation runs samples in parallel: one robot instance shared by threads must give the sequential clicks. */
class ParallelRobotsTest {

  @Test
  void sharedRobotsGiveTheSameClicksOnManyThreads() {
    List<Path> files = RealMasks.files("GrabCut").subList(0, 12);
    List<Mask> targets = files.stream().map(f -> RealMasks.read(f, RealMasks.Convention.GRABCUT)).toList();
    for (String name : List.of("ritm", "random-largest-false", "distance-weighted", "mix")) {
      ClickingRobot robot = RobotProvider.registry().get(name).create(RobotConfig.ofSeed(5).withClicksPerStep(2));
      List<List<Click>> sequential = targets.stream().map(t -> run(robot, t)).toList();
      List<List<Click>> parallel = IntStream.range(0, targets.size()).parallel()
          .mapToObj(i -> run(robot, targets.get(i))).toList();
      assertEquals(sequential, parallel, name);
    }
  }

  /** Three steps against a prediction that is the target's lower half. */
  private static List<Click> run(ClickingRobot robot, Mask target) {
    Mask prediction = Mask.fromPredicate(target.height(), target.width(),
        i -> i / target.width() > target.height() / 2 && target.labelAt(i) == Mask.OBJECT);
    ClickHistory history = ClickHistory.empty();
    for (int step = 0; step < 3; step++) {
      history = history.plus(robot.next(prediction, target, history));
    }
    return history.all();
  }
}
