package org.iseg.clicking.robots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.iseg.api.Click;
import org.iseg.api.Mask;
import org.junit.jupiter.api.Test;

/** RITM's training click simulator on masks whose distance fields are known by hand. */
class TrainingClickerTest {
  private static final int S = 41;
  private static final TrainingClicker CLICKER = TrainingClicker.ritm();

  /** {@code inside} on rows/cols lo..hi of an S x S image, {@code outside} elsewhere. */
  private static float[] square(int lo, int hi, float inside, float outside) {
    float[] m = new float[S * S];
    for (int i = 0; i < m.length; i++) {
      int r = i / S;
      int c = i % S;
      m[i] = r >= lo && r <= hi && c >= lo && c <= hi ? inside : outside;
    }
    return m;
  }

  private static Mask squareMask(int lo, int hi) {
    return Mask.fromPredicate(S, S, i -> i / S >= lo && i / S <= hi && i % S >= lo && i % S <= hi);
  }

  @Test
  void missedObjectGetsAPositiveClickUniformlyInItsDeepHalf() {
    // square 10..30: distance to the border min(r - 9, 31 - r, c - 9, 31 - c), max 11 at the centre;
    // deeper than 5.5 means rows and cols 15..25: 121 candidates
    Mask gt = squareMask(10, 30);
    float[] probs = new float[S * S];
    Random random = new Random(1);
    Set<Integer> seen = new HashSet<>();
    for (int k = 0; k < 600; k++) {
      Click c = CLICKER.next(probs, 0, gt, 7, random).orElseThrow();
      assertTrue(c.positive() && c.index() == 7);
      assertTrue(c.row() >= 15 && c.row() <= 25 && c.col() >= 15 && c.col() <= 25, c.toString());
      seen.add(c.row() * S + c.col());
    }
    assertTrue(seen.size() > 110, "draws cover the inner square, saw " + seen.size());
  }

  @Test
  void deeperFalsePositivesGetANegativeClickAndTiesToo() {
    Mask gt = squareMask(10, 30);
    float[] all = new float[S * S];
    Arrays.fill(all, 0.9f);
    Click c = CLICKER.next(all, 0, gt, 0, new Random(2)).orElseThrow();
    assertFalse(c.positive());
    assertFalse(gt.isObject(c.row(), c.col()));
    // one missed pixel and one wrong pixel: both depth 1 -> a tie, which RITM resolves as negative
    float[] probs = square(10, 30, 0.9f, 0f);
    probs[20 * S + 20] = 0.1f;
    probs[2 * S + 2] = 0.9f;
    assertEquals(Optional.of(new Click(2, 2, false, 3)), CLICKER.next(probs, 0, gt, 3, new Random(3)));
  }

  @Test
  void aPerfectPredictionAddsNothingAndIgnoredPixelsAreNeverErrors() {
    Mask gt = squareMask(10, 30);
    float[] probs = square(10, 30, 0.9f, 0.1f);
    assertEquals(Optional.empty(), CLICKER.next(probs, 0, gt, 0, new Random(4)));
    byte[] labels = gt.toLabels();
    labels[0] = Mask.IGNORE;
    Mask ignored = Mask.fromLabels(S, S, labels);
    probs[0] = 0.9f; // predicted object on an ignored pixel: no error there
    assertEquals(Optional.empty(), CLICKER.next(probs, 0, ignored, 0, new Random(5)));
  }

  @Test
  void theOffsetSelectsOneSampleOfABatchArray() {
    Mask gt = squareMask(10, 30);
    float[] batch = new float[2 * S * S];
    System.arraycopy(square(10, 30, 0.9f, 0f), 0, batch, 0, S * S); // sample 0: perfect
    // sample 1: nothing predicted -> a positive click
    assertEquals(Optional.empty(), CLICKER.next(batch, 0, gt, 0, new Random(6)));
    assertTrue(CLICKER.next(batch, S * S, gt, 0, new Random(6)).orElseThrow().positive());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CLICKER.next(batch, 2 * S * S, gt, 0, new Random(6)));
    assertTrue(e.getMessage().contains("offset"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new TrainingClicker(1.0));
  }
}
