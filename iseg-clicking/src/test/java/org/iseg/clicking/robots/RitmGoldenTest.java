package org.iseg.clicking.robots;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.iseg.api.Click;
import org.iseg.api.ClickHistory;
import org.iseg.api.Mask;
import org.iseg.clicking.Golden;
import org.iseg.clicking.RealMasks;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Replays RITM's own evaluation runs (golden files made with the toy NearestClickModel) with {@link RitmRobot}:
 * every click of every sample must be the same pixel with the same sign.
 */
class RitmGoldenTest {

  @ParameterizedTest(name = "{0} (every {1}. sample)")
  @CsvSource({"GrabCut, 1", "Berkeley, 1", "DAVIS, 5"})
  void reproducesEveryGoldenClick(String dataset, int stride) {
    List<Golden.Sample> samples = Golden.samples(dataset);
    RitmRobot robot = new RitmRobot(1);
    int checked = 0;
    for (int s = 0; s < samples.size(); s += stride) {
      Golden.Sample sample = samples.get(s);
      Mask target = RealMasks.forImage(dataset, sample.image());
      assertEquals(sample.height(), target.height(), sample.image());
      assertEquals(sample.width(), target.width(), sample.image());
      assertEquals(sample.objectPixels(), target.area(), sample.image() + " object pixels");
      assertEquals(sample.ignorePixels(), target.ignoredCount(), sample.image() + " ignore pixels");

      NearestClickModel model = new NearestClickModel(target.height(), target.width());
      Mask prediction = Mask.empty(target.height(), target.width());
      ClickHistory history = ClickHistory.empty();
      for (Click expected : sample.clicks()) {
        List<Click> next = robot.next(prediction, target, history);
        assertEquals(1, next.size());
        assertEquals(expected, next.get(0), sample.image() + " click " + expected.index());
        history = history.plus(next.get(0));
        prediction = model.add(next.get(0));
        checked++;
      }
    }
    assertEquals(true, checked > 0);
  }

  /**
   * golden/README.md: every pixel takes the sign of its nearest click (squared distance), the earlier click winning
   * ties; probability 1 for positive, 0 for negative, so the prediction at threshold 0.49 is the positive pixels.
   */
  static final class NearestClickModel {
    private final int height;
    private final int width;
    private final long[] best;
    private final boolean[] positive;

    NearestClickModel(int height, int width) {
      this.height = height;
      this.width = width;
      this.best = new long[height * width];
      this.positive = new boolean[height * width];
      Arrays.fill(best, Long.MAX_VALUE);
    }

    Mask add(Click click) {
      for (int r = 0; r < height; r++) {
        long dr = r - click.row();
        for (int c = 0; c < width; c++) {
          long dc = c - click.col();
          long d = dr * dr + dc * dc;
          int i = r * width + c;
          if (d < best[i]) { // strictly closer: an earlier click keeps a tie
            best[i] = d;
            positive[i] = click.positive();
          }
        }
      }
      return Mask.of(height, width, positive);
    }
  }
}
