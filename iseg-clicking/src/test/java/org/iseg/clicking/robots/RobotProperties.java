package org.iseg.clicking.robots;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Assume;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.iseg.api.Click;
import org.iseg.api.ClickHistory;
import org.iseg.api.ClickingRobot;
import org.iseg.api.Mask;
import org.iseg.api.spi.RobotConfig;
import org.iseg.api.spi.RobotProvider;
import org.iseg.clicking.BruteForce;
import org.iseg.clicking.Scenes;
import org.iseg.clicking.Scenes.Scene;

/** Invariants of every robot on random scenes with ignore regions and earlier clicks. */
class RobotProperties {
  static final List<String> SAMPLING = List.of("random", "random-false", "random-largest-false",
      "distance-weighted", "distance-weighted-sequential", "center-largest-false", "mix");
  static final List<String> ERROR_SEEKING = List.of("random-false", "random-largest-false",
      "distance-weighted", "distance-weighted-sequential", "center-largest-false");

  @Provide
  Arbitrary<String> robotNames() {
    return Arbitraries.of(SAMPLING);
  }

  @Provide
  Arbitrary<String> errorSeekers() {
    return Arbitraries.of(ERROR_SEEKING);
  }

  static ClickingRobot robot(String name, long seed, int n) {
    return RobotProvider.registry().get(name).create(new RobotConfig(seed, n));
  }

  /** Unclicked error pixels: false negatives when {@code fn}, else false positives. */
  static boolean hasErrors(Scene s, boolean fn) {
    boolean[] clicked = s.clickedPixels();
    for (int i = 0; i < clicked.length; i++) {
      byte t = s.target().labelAt(i);
      boolean p = s.prediction().labelAt(i) == Mask.OBJECT;
      if (!clicked[i] && t != Mask.IGNORE && (fn ? t == Mask.OBJECT && !p : t == Mask.BACKGROUND && p)) {
        return true;
      }
    }
    return false;
  }

  /** Pixels a robot may still click: not ignore, not clicked. */
  static int clickable(Scene s) {
    boolean[] clicked = s.clickedPixels();
    int n = 0;
    for (int i = 0; i < clicked.length; i++) {
      n += !clicked[i] && s.target().labelAt(i) != Mask.IGNORE ? 1 : 0;
    }
    return n;
  }

  @Property(tries = 300)
  void ritmMatchesABruteForceRitmClicker(@ForAll @IntRange(min = 1, max = 14) int h,
      @ForAll @IntRange(min = 1, max = 14) int w, @ForAll long seed) {
    Scene s = Scenes.scene(h, w, seed);
    Click click = new RitmRobot(1).next(s.prediction(), s.target(), s.history()).get(0);
    int[] expected = BruteForce.ritmClick(s.targetLabels(), s.predictedBytes(), s.clickedPixels(), h, w);
    assertArrayEquals(expected, new int[] {click.row(), click.col(), click.positive() ? 1 : 0});
    assertEquals(s.history().nextIndex(), click.index());
  }

  @Property(tries = 200)
  void ritmClicksTheRightErrorAndNeverRepeatsOrTouchesIgnore(@ForAll @IntRange(min = 1, max = 30) int h,
      @ForAll @IntRange(min = 1, max = 30) int w, @ForAll long seed, @ForAll @IntRange(min = 1, max = 3) int n) {
    Scene s = Scenes.scene(h, w, seed);
    boolean anyErrors = hasErrors(s, true) || hasErrors(s, false);
    List<Click> clicks = new RitmRobot(n).next(s.prediction(), s.target(), s.history());
    assertEquals(n, clicks.size());
    ClickHistory history = s.history();
    for (Click c : clicks) {
      if (hasErrors(new Scene(s.target(), s.prediction(), history), true)
          || hasErrors(new Scene(s.target(), s.prediction(), history), false)) {
        assertFalse(history.contains(c.row(), c.col()), "clicked twice: " + c);
        assertFalse(s.target().isIgnored(c.row(), c.col()), "clicked ignore: " + c);
        assertEquals(c.positive(), s.target().isObject(c.row(), c.col()));
        assertEquals(c.positive(), !s.prediction().isObject(c.row(), c.col()), "a click corrects an error");
      } else {
        assertEquals(new Click(0, 0, false, c.index()), c, "no error left: RITM clicks negative at (0, 0)");
      }
      history = history.plus(c);
    }
    assertTrue(anyErrors || clicks.get(0).equals(new Click(0, 0, false, s.history().nextIndex())));
  }

  @Property(tries = 200)
  void samplingRobotsNeverClickIgnoreOrTwiceAndLabelByTheTarget(@ForAll("robotNames") String name,
      @ForAll @IntRange(min = 2, max = 24) int h, @ForAll @IntRange(min = 2, max = 24) int w, @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 3) int n) {
    Scene s = Scenes.scene(h, w, seed);
    Assume.that(clickable(s) >= n);
    List<Click> clicks = robot(name, seed, n).next(s.prediction(), s.target(), s.history());
    assertEquals(n, clicks.size());
    ClickHistory history = s.history();
    for (Click c : clicks) {
      if (name.equals("mix") && !hasErrors(new Scene(s.target(), s.prediction(), history), true)
          && !hasErrors(new Scene(s.target(), s.prediction(), history), false)) {
        return; // the mixture may have picked ritm, whose no-error click is RITM's (0, 0)
      }
      assertFalse(s.target().isIgnored(c.row(), c.col()), name + " clicked ignore: " + c);
      assertFalse(history.contains(c.row(), c.col()), name + " clicked twice: " + c);
      assertEquals(s.target().isObject(c.row(), c.col()), c.positive(), name + " label: " + c);
      history = history.plus(c);
    }
  }

  @Property(tries = 200)
  void errorSeekingRobotsClickAnError(@ForAll("errorSeekers") String name,
      @ForAll @IntRange(min = 2, max = 24) int h, @ForAll @IntRange(min = 2, max = 24) int w,
      @ForAll long seed) {
    Scene s = Scenes.scene(h, w, seed);
    Assume.that(clickable(s) >= 1);
    Click c = robot(name, seed, 1).next(s.prediction(), s.target(), s.history()).get(0);
    if (hasErrors(s, true) || hasErrors(s, false)) {
      boolean predicted = s.prediction().isObject(c.row(), c.col());
      assertEquals(c.positive(), !predicted, name + " must click an error: " + c);
    }
  }

  @Property(tries = 150)
  void randomLargestFalseClicksInsideTheLargestErrorComponent(@ForAll @IntRange(min = 2, max = 24) int h,
      @ForAll @IntRange(min = 2, max = 24) int w, @ForAll long seed) {
    Scene s = Scenes.scene(h, w, seed);
    Assume.that(clickable(s) >= 1);
    Click c = robot("random-largest-false", seed, 1).next(s.prediction(), s.target(), s.history()).get(0);
    boolean[] clicked = s.clickedPixels();
    boolean[] error = new boolean[h * w];
    for (int i = 0; i < error.length; i++) {
      byte t = s.target().labelAt(i);
      error[i] = !clicked[i] && t != Mask.IGNORE && (t == Mask.OBJECT) != (s.prediction().labelAt(i) == Mask.OBJECT);
    }
    // flood fill (4-connected) to find the largest area, then check the click's component has it
    int[] comp = new int[h * w];
    int label = 0;
    int bestArea = 0;
    int[] areas = new int[h * w + 1];
    for (int i = 0; i < error.length; i++) {
      if (error[i] && comp[i] == 0) {
        label++;
        ArrayDeque<Integer> queue = new ArrayDeque<>(List.of(i));
        comp[i] = label;
        while (!queue.isEmpty()) {
          int p = queue.poll();
          areas[label]++;
          int r = p / w;
          int col = p % w;
          int[][] nb = {{r - 1, col}, {r + 1, col}, {r, col - 1}, {r, col + 1}};
          for (int[] q : nb) {
            if (q[0] >= 0 && q[0] < h && q[1] >= 0 && q[1] < w && error[q[0] * w + q[1]]
                && comp[q[0] * w + q[1]] == 0) {
              comp[q[0] * w + q[1]] = label;
              queue.add(q[0] * w + q[1]);
            }
          }
        }
        bestArea = Math.max(bestArea, areas[label]);
      }
    }
    if (label > 0) {
      int at = c.row() * w + c.col();
      assertTrue(comp[at] > 0 && areas[comp[at]] == bestArea, "click " + c + " not in a largest error component");
    }
  }

  @Property(tries = 100)
  void seedsReproduceAndRobotsAreOrderIndependent(@ForAll("robotNames") String name,
      @ForAll @IntRange(min = 2, max = 24) int h, @ForAll @IntRange(min = 2, max = 24) int w, @ForAll long seed) {
    Scene s = Scenes.scene(h, w, seed);
    Scene other = Scenes.scene(w, h, seed + 1);
    Assume.that(clickable(s) >= 2 && clickable(other) >= 2);
    ClickingRobot a = robot(name, seed, 2);
    List<Click> first = a.next(s.prediction(), s.target(), s.history());
    a.next(other.prediction(), other.target(), other.history()); // an unrelated call in between
    assertEquals(first, a.next(s.prediction(), s.target(), s.history()));
    assertEquals(first, robot(name, seed, 2).next(s.prediction(), s.target(), s.history()));
  }

  @Property(tries = 30)
  void differentSeedsExploreDifferentPixels(@ForAll @IntRange(min = 0, max = 1000) int base) {
    Scene s = Scenes.scene(40, 40, base);
    Mask empty = Mask.empty(40, 40);
    Set<Click> seen = new HashSet<>();
    for (int seed = 0; seed < 20; seed++) {
      seen.addAll(robot("random", seed, 1).next(empty, s.target(), ClickHistory.empty()));
    }
    assertNotEquals(1, seen.size(), "twenty seeds gave one click: the seed is not used");
  }
}
