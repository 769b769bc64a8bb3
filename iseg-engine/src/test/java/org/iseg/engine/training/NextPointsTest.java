package org.iseg.engine.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** RITM's training click simulator on masks whose distance fields are known by hand. */
class NextPointsTest {
  private static final int S = 41;

  /** 1 on rows/cols lo..hi of an S x S image. */
  private static float[] square(int lo, int hi, float inside, float outside) {
    float[] m = new float[S * S];
    for (int i = 0; i < m.length; i++) {
      int r = i / S;
      int c = i % S;
      m[i] = r >= lo && r <= hi && c >= lo && c <= hi ? inside : outside;
    }
    return m;
  }

  @Test
  void missedObjectGetsAPositiveClickUniformlyInItsDeepHalf() {
    // square 10..30: distance to the border min(r - 9, 31 - r, c - 9, 31 - c), max 11 at the centre;
    // deeper than 5.5 means rows and cols 15..25: 121 candidates
    float[] gt = square(10, 30, 1, 0);
    float[] probs = new float[S * S];
    Random random = new Random(1);
    Set<Integer> seen = new HashSet<>();
    for (int k = 0; k < 600; k++) {
      NextPoints.Placement p = NextPoints.place(probs, gt, S, S, 0.49, random).orElseThrow();
      assertTrue(p.positive());
      assertTrue(p.row() >= 15 && p.row() <= 25 && p.col() >= 15 && p.col() <= 25, p.toString());
      seen.add(p.row() * S + p.col());
    }
    assertTrue(seen.size() > 110, "draws cover the inner square, saw " + seen.size());
  }

  @Test
  void deeperFalsePositivesGetANegativeClickAndTiesToo() {
    float[] gt = square(10, 30, 1, 0);
    // predicted everything: the false positives (a 10-px frame) are shallower than ... nothing missed -> negative
    float[] all = new float[S * S];
    java.util.Arrays.fill(all, 0.9f);
    NextPoints.Placement p = NextPoints.place(all, gt, S, S, 0.49, new Random(2)).orElseThrow();
    assertFalse(p.positive());
    assertFalse(p.row() >= 10 && p.row() <= 30 && p.col() >= 10 && p.col() <= 30);
    // one missed pixel and one wrong pixel: both depth 1 -> a tie, which RITM resolves as negative
    float[] probs = square(10, 30, 0.9f, 0f);
    probs[20 * S + 20] = 0.1f;
    probs[2 * S + 2] = 0.9f;
    assertEquals(Optional.of(new NextPoints.Placement(2, 2, false)), NextPoints.place(probs, gt, S, S, 0.49, new Random(3)));
  }

  @Test
  void aPerfectPredictionAddsNothingAndIgnoreCountsAsBackground() {
    float[] gt = square(10, 30, 1, 0);
    float[] probs = square(10, 30, 0.9f, 0.1f);
    assertEquals(Optional.empty(), NextPoints.place(probs, gt, S, S, 0.49, new Random(4)));
    float[] ignored = square(10, 30, 1, 0);
    ignored[0] = -1;
    probs[0] = 0.9f;
    assertEquals(Optional.of(new NextPoints.Placement(0, 0, false)), NextPoints.place(probs, ignored, S, S, 0.49, new Random(5)));
  }

  @Test
  void clicksGoIntoTheSlotsCountedFromTheEndOfEachBlock() {
    int n = 3;
    float[] points = new float[2 * 2 * n * 3];
    java.util.Arrays.fill(points, -1f);
    float[] gt = new float[2 * S * S];
    float[] probs = new float[2 * S * S];
    System.arraycopy(square(10, 30, 1, 0), 0, gt, 0, S * S);               // sample 0: missed object
    System.arraycopy(square(10, 30, 0.9f, 0f), 0, probs, S * S, S * S);   // sample 1: predicted, no object
    NextPoints.addClicks(probs, gt, points, 2, S, S, n, 1, 0.49, new Random(6));
    // sample 0: positive slot N - 1 = 2; sample 1: negative slot 2N - 1 = 5, click index 1
    assertEquals(1f, points[2 * 3 + 2]);
    assertTrue(points[2 * 3] >= 15 && points[2 * 3] <= 25);
    assertEquals(1f, points[(6 + 5) * 3 + 2]);
    assertTrue(points[(6 + 5) * 3] >= 15 && points[(6 + 5) * 3] <= 25);
    float[] untouched = new float[3 * 3];
    java.util.Arrays.fill(untouched, -1f);
    assertArrayEquals(untouched, java.util.Arrays.copyOfRange(points, 9, 18));
  }
}
