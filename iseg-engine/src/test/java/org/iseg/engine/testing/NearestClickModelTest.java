package org.iseg.engine.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.iseg.api.Click;
import org.iseg.api.ClickHistory;
import org.iseg.api.Image;
import org.iseg.api.Mask;
import org.iseg.api.Prediction;
import org.iseg.api.ProbabilityMap;
import org.iseg.api.State;
import org.junit.jupiter.api.Test;

class NearestClickModelTest {
  private static final int H = 9;
  private static final int W = 13;

  @Test
  void tieGoesToTheEarlierClick() {
    NearestClickModel model = NearestClickModel.unbounded();
    Image image = Image.filled(1, 3, 0, 0, 0);
    // Pixel (0, 1) is at distance 1 from both clicks: the earlier (positive) one wins.
    ClickHistory h = ClickHistory.empty().plus(Click.positive(0, 0, 0)).plus(Click.negative(0, 2, 1));
    ProbabilityMap y = model.predict(image, model.initialZ(image), h.positives(), h.negatives()).y();
    assertEquals(List.of(1f, 1f, 0f), List.of(y.get(0, 0), y.get(0, 1), y.get(0, 2)));
    ClickHistory swapped = ClickHistory.empty().plus(Click.negative(0, 2, 0)).plus(Click.positive(0, 0, 1));
    y = model.predict(image, model.initialZ(image), swapped.positives(), swapped.negatives()).y();
    assertEquals(List.of(1f, 0f, 0f), List.of(y.get(0, 0), y.get(0, 1), y.get(0, 2)));
  }

  @Property(tries = 200)
  void incrementalEqualsBruteForceEvenAfterUndo(@ForAll("clicks") List<Click> clicks) {
    NearestClickModel model = NearestClickModel.unbounded();
    Image image = Image.filled(H, W, 1, 2, 3);
    State z = model.initialZ(image);
    List<State> states = new ArrayList<>();
    ClickHistory history = ClickHistory.empty();
    for (Click c : clicks) {
      states.add(z);
      history = history.plus(c);
      Prediction p = model.predict(image, z, history.positives(), history.negatives());
      assertEquals(bruteForce(history.all()), p.y(), "after " + history.size() + " clicks");
      z = p.z();
    }
    // Undo to half the clicks and predict from a state that was already used once.
    int keep = Math.max(1, clicks.size() / 2);
    ClickHistory undone = history.first(keep);
    State earlier = states.get(keep - 1);
    assertEquals(bruteForce(undone.all()),
        model.predict(image, earlier, undone.positives(), undone.negatives()).y());
    assertEquals(bruteForce(undone.all()),
        model.predict(image, earlier, undone.positives(), undone.negatives()).y());
  }

  @Property(tries = 100)
  void aRadiusKeepsTheStartMaskBeyondEveryClicksReach(@ForAll("clicks") List<Click> clicks) {
    NearestClickModel model = NearestClickModel.withRadius(3);
    Image image = Image.filled(H, W, 1, 2, 3);
    Mask start = Mask.fromPredicate(H, W, i -> i % 3 == 0);
    State z = model.initialZ(image, start);
    ClickHistory history = ClickHistory.empty();
    for (Click c : clicks) {
      history = history.plus(c);
      Prediction p = model.predict(image, z, history.positives(), history.negatives());
      ProbabilityMap all = bruteForce(history.all());
      float[] expected = new float[H * W];
      for (int i = 0; i < expected.length; i++) {
        int row = i / W;
        int col = i % W;
        boolean reached = history.all().stream()
            .anyMatch(k -> (k.row() - row) * (k.row() - row) + (k.col() - col) * (k.col() - col) <= 9);
        expected[i] = reached ? all.get(row, col) : (start.isObject(row, col) ? 1f : 0f);
      }
      assertEquals(ProbabilityMap.of(H, W, expected), p.y(), "after " + history.size() + " clicks");
      z = p.z();
    }
    assertEquals(clicks.size(), model.predictions());
  }

  /** Every pixel against every click: the definition in golden/README.md. */
  private static ProbabilityMap bruteForce(List<Click> clicks) {
    float[] v = new float[H * W];
    for (int i = 0; i < v.length; i++) {
      long best = Long.MAX_VALUE;
      for (Click c : clicks) {
        long dr = i / W - c.row();
        long dc = i % W - c.col();
        long d = dr * dr + dc * dc;
        if (d < best) {
          best = d;
          v[i] = c.positive() ? 1f : 0f;
        }
      }
    }
    return ProbabilityMap.of(H, W, v);
  }

  @Provide
  Arbitrary<List<Click>> clicks() {
    Arbitrary<int[]> one = Arbitraries.integers().between(0, H * W * 2 - 1).map(v -> new int[] {v});
    return one.list().ofMinSize(1).ofMaxSize(12).map(list -> {
      List<Click> out = new ArrayList<>();
      for (int k = 0; k < list.size(); k++) {
        int v = list.get(k)[0];
        int pixel = v / 2;
        out.add(new Click(pixel / W, pixel % W, v % 2 == 0, k));
      }
      return out;
    });
  }
}
