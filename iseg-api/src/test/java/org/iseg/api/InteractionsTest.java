package org.iseg.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class InteractionsTest {

  /** Paints every pixel with the sign of its nearest click (earlier click wins ties). */
  static final class NearestClickModel implements IisModel {
    @Override
    public String name() {
      return "nearest-click";
    }

    @Override
    public Prediction predict(Image x, State z, List<Click> pcs, List<Click> ncs) {
      float[] values = new float[x.height() * x.width()];
      for (int r = 0; r < x.height(); r++) {
        for (int c = 0; c < x.width(); c++) {
          long best = Long.MAX_VALUE;
          int bestIndex = Integer.MAX_VALUE;
          boolean positive = false;
          for (List<Click> list : List.of(pcs, ncs)) {
            for (Click k : list) {
              long d = (long) (r - k.row()) * (r - k.row()) + (long) (c - k.col()) * (c - k.col());
              if (d < best || (d == best && k.index() < bestIndex)) {
                best = d;
                bestIndex = k.index();
                positive = k.positive();
              }
            }
          }
          values[r * x.width() + c] = positive ? 1f : 0f;
        }
      }
      return new Prediction(ProbabilityMap.of(x.height(), x.width(), values), z);
    }
  }

  /** Clicks the first wrong pixel in row-major order: positive on a miss, negative on a false alarm. */
  static final class FirstErrorRobot implements ClickingRobot {
    @Override
    public List<Click> next(Mask prediction, Mask target, ClickHistory history) {
      for (int r = 0; r < target.height(); r++) {
        for (int c = 0; c < target.width(); c++) {
          if (!target.isIgnored(r, c) && prediction.isObject(r, c) != target.isObject(r, c)
              && !history.contains(r, c)) {
            return List.of(new Click(r, c, target.isObject(r, c), history.nextIndex()));
          }
        }
      }
      return List.of(Click.negative(0, 0, history.nextIndex()));
    }
  }

  @Test
  void loopAlternatesOracleAndModelAndRecordsTrace() {
    Image image = Image.filled(4, 6, 0, 0, 0);
    Mask target = Mask.fromPredicate(4, 6, i -> i % 6 >= 2);
    InteractionTrace trace =
        Interactions.fullInference(new NearestClickModel(), new FirstErrorRobot(), image, target, 3);
    assertEquals(3, trace.steps().size());
    assertEquals(Click.positive(0, 2, 0), trace.clicks().all().get(0));
    // after one positive click everything is object; the robot then clicks the first false positive
    assertEquals(Click.negative(0, 0, 1), trace.clicks().all().get(1));
    // column 1 is equally far from both clicks: the earlier (positive) click wins the tie
    assertEquals(Mask.fromPredicate(4, 6, i -> i % 6 >= 1), trace.steps().get(1).mask());
    assertEquals(Click.negative(0, 1, 2), trace.clicks().all().get(2));
    assertEquals(target, trace.steps().get(2).mask());
    assertEquals(trace.steps().get(2).probabilities(), trace.finalPrediction());
  }

  @Test
  void stopRuleEndsEarly() {
    Image image = Image.filled(4, 6, 0, 0, 0);
    Mask target = Mask.fromPredicate(4, 6, i -> i % 6 >= 2);
    InteractionOptions options = InteractionOptions.builder()
        .stopRule((clicks, prediction, t) -> prediction.equals(t)).build();
    InteractionTrace trace = Interactions.fullInference(
        new NearestClickModel(), new FirstErrorRobot(), image, target, 20, options);
    assertEquals(3, trace.steps().size());
  }

  @Test
  void badInputFailsClearly() {
    Image image = Image.filled(4, 6, 0, 0, 0);
    IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
        () -> Interactions.fullInference(new NearestClickModel(), new FirstErrorRobot(), image,
            Mask.empty(5, 6), 3));
    assertTrue(size.getMessage().contains("target mask"), size.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> Interactions.fullInference(new NearestClickModel(), new FirstErrorRobot(), image,
            Mask.empty(4, 6), 0));
    ClickingRobot outside = (p, t, h) -> List.of(Click.positive(9, 9, h.nextIndex()));
    IllegalArgumentException click = assertThrows(IllegalArgumentException.class,
        () -> Interactions.fullInference(new NearestClickModel(), outside, image, Mask.empty(4, 6), 1));
    assertTrue(click.getMessage().contains("outside"), click.getMessage());
    IllegalStateException startMask = assertThrows(IllegalStateException.class,
        () -> Interactions.fullInference(new NearestClickModel(), new FirstErrorRobot(), image,
            Mask.empty(4, 6), 1, InteractionOptions.builder().startMask(Mask.empty(4, 6)).build()));
    assertTrue(startMask.getMessage().contains("nearest-click"), startMask.getMessage());
  }
}
