package org.iseg.clicking.robots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.iseg.api.Click;
import org.iseg.api.ClickHistory;
import org.iseg.api.ClickingRobot;
import org.iseg.api.Mask;
import org.iseg.api.spi.RobotConfig;
import org.iseg.api.spi.RobotProvider;
import org.junit.jupiter.api.Test;

class RitmRobotTest {
  private final RitmRobot robot = new RitmRobot(1);

  /** A filled rectangle [r0, r1] x [c0, c1] in an h x w mask. */
  static Mask rect(int h, int w, int r0, int r1, int c0, int c1) {
    return Mask.fromPredicate(h, w, i -> i / w >= r0 && i / w <= r1 && i % w >= c0 && i % w <= c1);
  }

  @Test
  void firstClickIsTheCentreOfAnOddSquare() {
    Mask target = rect(20, 30, 5, 9, 10, 14); // 5x5 square, centre (7, 12) at distance 3
    assertEquals(List.of(Click.positive(7, 12, 0)), robot.next(Mask.empty(20, 30), target, ClickHistory.empty()));
  }

  @Test
  void evenSquareTakesTheFirstOfTheTiedCentres() {
    Mask target = rect(10, 10, 2, 5, 3, 6); // 4x4: the four central pixels tie at distance 2
    assertEquals(Click.positive(3, 4, 0), robot.next(Mask.empty(10, 10), target, ClickHistory.empty()).get(0));
  }

  @Test
  void imageBorderCountsAsBackgroundBecauseOfThePadding() {
    // The whole first row is object: with RITM's 1-px padding every pixel there is at distance 1.
    Mask target = rect(5, 6, 0, 0, 0, 5);
    assertEquals(Click.positive(0, 0, 0), robot.next(Mask.empty(5, 6), target, ClickHistory.empty()).get(0));
  }

  @Test
  void perfectPredictionGivesANegativeClickAtTheOrigin() {
    Mask target = rect(12, 12, 4, 8, 4, 8);
    List<Click> clicks = robot.next(target, target, ClickHistory.empty());
    assertEquals(List.of(Click.negative(0, 0, 0)), clicks);
  }

  @Test
  void equalDepthsGiveANegativeClick() {
    // One false-negative pixel and one false-positive pixel, both at distance 1: a tie, RITM clicks negative.
    Mask target = Mask.fromPredicate(6, 6, i -> i == 8 || i == 20 || i == 21);
    Mask prediction = Mask.fromPredicate(6, 6, i -> i == 20 || i == 21 || i == 30);
    assertEquals(Click.negative(5, 0, 0), robot.next(prediction, target, ClickHistory.empty()).get(0));
  }

  @Test
  void clickedPixelsCountAsZeroAndAreNotClickedAgain() {
    Mask target = rect(9, 9, 2, 6, 2, 6);
    ClickHistory history = ClickHistory.empty().plus(Click.positive(4, 4, 0));
    Click next = robot.next(Mask.empty(9, 9), target, history).get(0);
    // (4, 4) had distance 3; every other pixel of the inner 3x3 ring has distance 2, first in row-major (3, 3).
    assertEquals(Click.positive(3, 3, 1), next);
  }

  @Test
  void ignorePixelsAreNeitherErrorsNorClicked() {
    byte[] labels = new byte[8 * 8];
    for (int i = 0; i < labels.length; i++) {
      int r = i / 8;
      labels[i] = r < 4 ? Mask.IGNORE : r < 7 ? Mask.OBJECT : Mask.BACKGROUND;
    }
    Mask target = Mask.fromLabels(8, 8, labels);
    Click click = robot.next(Mask.empty(8, 8), target, ClickHistory.empty()).get(0);
    assertEquals(Click.positive(5, 1, 0), click); // rows 4..6 are the object: ignore is not background for fn
  }

  @Test
  void severalClicksPerStepNeverRepeatAPixel() {
    Mask target = rect(30, 30, 5, 20, 5, 20);
    ClickingRobot three = RobotProvider.registry().get("ritm").create(RobotConfig.ofSeed(0).withClicksPerStep(3));
    ClickHistory history = ClickHistory.empty().plus(Click.positive(12, 12, 0));
    List<Click> clicks = three.next(Mask.empty(30, 30), target, history);
    assertEquals(3, clicks.size());
    for (int k = 0; k < 3; k++) {
      Click c = clicks.get(k);
      assertEquals(1 + k, c.index());
      assertTrue(c.positive() && target.isObject(c.row(), c.col()));
      assertTrue(!history.contains(c.row(), c.col()));
      history = history.plus(c);
    }
    // the same clicks as three single-click steps
    ClickHistory single = ClickHistory.empty().plus(Click.positive(12, 12, 0));
    for (int k = 0; k < 3; k++) {
      single = single.plus(robot.next(Mask.empty(30, 30), target, single));
    }
    assertEquals(single, history);
  }

  @Test
  void rejectsMismatchedSizesAndEmptyTargets() {
    IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
        () -> robot.next(Mask.empty(10, 11), rect(10, 10, 1, 2, 1, 2), ClickHistory.empty()));
    assertTrue(size.getMessage().contains("10x11") && size.getMessage().contains("10x10"), size.getMessage());
    IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
        () -> robot.next(Mask.empty(10, 10), Mask.empty(10, 10), ClickHistory.empty()));
    assertTrue(empty.getMessage().contains("no object pixel"), empty.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> robot.next(Mask.empty(4, 4), rect(4, 4, 1, 2, 1, 2), ClickHistory.of(List.of(Click.positive(9, 0, 0)))));
  }
}
