package org.iseg.clicking.robots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.iseg.api.Click;
import org.iseg.api.ClickHistory;
import org.iseg.api.ClickingRobot;
import org.iseg.api.Mask;
import org.iseg.api.spi.RobotConfig;
import org.iseg.api.spi.RobotProvider;
import org.junit.jupiter.api.Test;

class SamplingRobotsTest {

  static Mask rect(int h, int w, int r0, int r1, int c0, int c1) {
    return RitmRobotTest.rect(h, w, r0, r1, c0, c1);
  }

  @Test
  void everyRobotIsRegisteredByName() {
    Set<String> names = Set.copyOf(RobotProvider.registry().names());
    for (String name : List.of("ritm", "random", "random-false", "random-largest-false", "distance-weighted",
        "distance-weighted-sequential", "center-largest-false", "mix")) {
      assertTrue(names.contains(name), name + " missing from " + names);
      ClickingRobot robot = RobotProvider.registry().get(name).create(RobotConfig.ofSeed(1));
      Mask target = rect(20, 20, 5, 14, 5, 14);
      List<Click> clicks = robot.next(Mask.empty(20, 20), target, ClickHistory.empty());
      assertEquals(1, clicks.size(), name);
      Click c = clicks.get(0);
      assertEquals(target.isObject(c.row(), c.col()), c.positive(), name);
      assertTrue(name.equals("random") || c.positive(), name + " should click the false negatives: " + c);
    }
  }

  @Test
  void centerLargestFalseClicksTheCentreOfTheLargerError() {
    Mask target = rect(30, 40, 2, 12, 2, 12); // 11x11 object, not predicted: FN area 121
    Mask prediction = rect(30, 40, 20, 26, 25, 31); // 7x7 false positive, area 49
    ClickingRobot robot = new CenterLargestFalseRobot(1);
    assertEquals(List.of(Click.positive(7, 7, 0)), robot.next(prediction, target, ClickHistory.empty()));
    Mask bigFp = rect(30, 40, 15, 29, 20, 39); // 15x20 false positive: larger
    Click c = robot.next(prediction.or(bigFp), target, ClickHistory.empty()).get(0);
    assertEquals(false, c.positive());
    assertEquals(22, c.row()); // centre rows of 15..29 is 22 (distance 8)
    assertTrue(c.col() >= 27 && c.col() <= 32, "deepest column band: " + c); // first max in row-major order
    assertEquals(27, c.col());
  }

  @Test
  void distanceWeightedFavoursDeepPixelsProportionally() {
    // a padded 5x5 error: outer ring distance 1 (16 px), inner ring 2 (8 px), centre 3; total weight 35
    Mask target = rect(5, 5, 0, 4, 0, 4);
    int[] counts = new int[4];
    int draws = 4000;
    for (int seed = 0; seed < draws; seed++) {
      Click c = new DistanceWeightedRobot(seed, 1).next(Mask.empty(5, 5), target, ClickHistory.empty()).get(0);
      int ring = Math.min(Math.min(c.row(), 4 - c.row()), Math.min(c.col(), 4 - c.col()));
      counts[ring + 1]++;
    }
    double[] expected = {0, 16 / 35.0, 16 / 35.0, 3 / 35.0};
    for (int d = 1; d <= 3; d++) {
      double sd = Math.sqrt(expected[d] * (1 - expected[d]) / draws);
      assertEquals(expected[d], counts[d] / (double) draws, 5 * sd, "pixels at distance " + d);
    }
  }

  @Test
  void sequentialDrawsTreatClickedPixelsAsHoles() {
    // 5x5 error with its centre clicked. distance-weighted keeps the old depths (inner ring 8 x 2 of 32 -> 1/2);
    // the sequential robot recomputes them around the hole: inner ring 4 x 1 + 4 x sqrt(2) of 20 + 4 sqrt(2).
    Mask target = rect(5, 5, 0, 4, 0, 4);
    ClickHistory centre = ClickHistory.empty().plus(Click.positive(2, 2, 0));
    int draws = 3000;
    int plain = 0;
    int sequential = 0;
    for (int seed = 0; seed < draws; seed++) {
      Click a = new DistanceWeightedRobot(seed, 1).next(Mask.empty(5, 5), target, centre).get(0);
      Click b = new DistanceWeightedSequentialRobot(seed, 1).next(Mask.empty(5, 5), target, centre).get(0);
      plain += inner(a) ? 1 : 0;
      sequential += inner(b) ? 1 : 0;
    }
    double expected = (4 + 4 * Math.sqrt(2)) / (20 + 4 * Math.sqrt(2));
    assertEquals(0.5, plain / (double) draws, 5 * Math.sqrt(0.25 / draws));
    assertEquals(expected, sequential / (double) draws, 5 * Math.sqrt(0.25 / draws));
    for (int seed = 0; seed < 50; seed++) {
      List<Click> clicks = new DistanceWeightedSequentialRobot(seed, 4).next(Mask.empty(5, 5), target, centre);
      assertEquals(4, clicks.stream().map(c -> c.row() * 5 + c.col()).distinct().count(), clicks.toString());
    }
  }

  private static boolean inner(Click c) {
    return c.row() >= 1 && c.row() <= 3 && c.col() >= 1 && c.col() <= 3;
  }

  @Test
  void randomLargestFalseUsesTheWholeImageWithoutErrors() {
    Mask target = rect(10, 10, 2, 4, 2, 4);
    int positives = 0;
    for (int seed = 0; seed < 200; seed++) {
      positives += new RandomLargestFalseRobot(seed, 1).next(target, target, ClickHistory.empty()).get(0).positive()
          ? 1 : 0;
    }
    assertTrue(positives > 5 && positives < 60, "9 of 100 pixels are object, got " + positives + "/200");
  }

  @Test
  void mixDelegatesByWeight() {
    Mask target = rect(30, 30, 5, 20, 5, 20);
    ClickingRobot onlyRitm = MixRobot.builder().add(new RitmRobot(1), 1).seed(3).build();
    assertEquals(new RitmRobot(1).next(Mask.empty(30, 30), target, ClickHistory.empty()),
        onlyRitm.next(Mask.empty(30, 30), target, ClickHistory.empty()));
    ClickingRobot half = MixRobot.builder().add(new RitmRobot(1), 1).add(new RandomRobot(9, 1), 1).seed(0).build();
    int ritmLike = 0;
    Click ritmClick = new RitmRobot(1).next(Mask.empty(30, 30), target, ClickHistory.empty()).get(0);
    for (int k = 0; k < 200; k++) {
      ClickHistory history = ClickHistory.empty().plus(Click.negative(k / 30, k % 30, 0));
      Click c = half.next(Mask.empty(30, 30), target, history).get(0);
      ritmLike += c.row() == ritmClick.row() && c.col() == ritmClick.col() ? 1 : 0;
    }
    assertTrue(ritmLike > 60 && ritmLike < 140, "about half the steps should be ritm's, got " + ritmLike);
    assertThrows(IllegalStateException.class, () -> MixRobot.builder().build());
    assertThrows(IllegalArgumentException.class, () -> MixRobot.builder().add(new RitmRobot(1), 0));
  }

  @Test
  void badInputIsRejectedByEveryRobot() {
    for (String name : RobotProperties.SAMPLING) {
      ClickingRobot robot = RobotProvider.registry().get(name).create(RobotConfig.ofSeed(0));
      assertThrows(IllegalArgumentException.class,
          () -> robot.next(Mask.empty(5, 6), rect(5, 5, 1, 2, 1, 2), ClickHistory.empty()), name);
      assertThrows(IllegalArgumentException.class,
          () -> robot.next(Mask.empty(5, 5), Mask.empty(5, 5), ClickHistory.empty()), name);
    }
    byte[] allIgnore = new byte[4];
    java.util.Arrays.fill(allIgnore, Mask.IGNORE);
    allIgnore[0] = Mask.OBJECT;
    Mask target = Mask.fromLabels(2, 2, allIgnore);
    ClickHistory clicked = ClickHistory.empty().plus(Click.positive(0, 0, 0));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> new RandomRobot(0, 1).next(Mask.empty(2, 2), target, clicked));
    assertTrue(e.getMessage().contains("nothing to click"), e.getMessage());
  }
}
