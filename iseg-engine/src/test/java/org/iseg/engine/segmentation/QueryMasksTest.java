package org.iseg.engine.segmentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.iseg.api.Click;
import org.iseg.api.Mask;
import org.iseg.api.ProbabilityMap;
import org.junit.jupiter.api.Test;

/**
 * The selection rule on synthetic 10 x 20 query masks whose answers follow from the documented rule by hand:
 * rectangles with probability 0.9 inside, 0.1 outside.
 */
class QueryMasksTest {
  private static final int H = 10;
  private static final int W = 20;
  private static final Mask NONE = Mask.empty(H, W);
  private static final ProbabilityMap BLANK = ProbabilityMap.zeros(H, W);

  /** Probability 0.9 in rows [r0, r1) x cols [c0, c1), 0.1 elsewhere. */
  private static float[] rect(int r0, int r1, int c0, int c1) {
    float[] p = new float[H * W];
    for (int i = 0; i < p.length; i++) {
      int r = i / W;
      int c = i % W;
      p[i] = r >= r0 && r < r1 && c >= c0 && c < c1 ? 0.9f : 0.1f;
    }
    return p;
  }

  private static ProbabilityMap previous(int r0, int r1, int c0, int c1) {
    return ProbabilityMap.fromMask(rectMask(r0, r1, c0, c1));
  }

  private static Mask rectMask(int r0, int r1, int c0, int c1) {
    return Mask.fromPredicate(H, W, i -> i / W >= r0 && i / W < r1 && i % W >= c0 && i % W < c1);
  }

  private static QueryMasks queries(float[] objectness, float[]... planes) {
    return QueryMasks.of(H, W, planes, objectness);
  }

  private static Click pos(int row, int col) {
    return Click.positive(row, col, 0);
  }

  private static Click neg(int row, int col) {
    return Click.negative(row, col, 0);
  }

  @Test
  void positiveClickSelectsTheQueryCoveringIt() {
    QueryMasks q = queries(new float[] {0.5f, 0.5f, 0.5f},
        rect(0, 10, 0, 5), rect(0, 10, 5, 10), rect(0, 10, 10, 20));
    assertEquals(List.of(1), q.select(List.of(pos(3, 7)), List.of(), BLANK, 0));
    assertEquals(List.of(2), q.select(List.of(pos(9, 19)), List.of(), BLANK, 0));
    assertEquals(rectMask(0, 10, 5, 10), q.union(List.of(1)).threshold(0.5));
  }

  @Test
  void noPositiveClickOrNoCoveringQuerySelectsNothing() {
    QueryMasks q = queries(new float[] {0.5f}, rect(0, 5, 0, 5));
    assertEquals(List.of(), q.select(List.of(), List.of(neg(1, 1)), BLANK, 0));
    assertEquals(List.of(), q.select(List.of(pos(8, 8)), List.of(), BLANK, 0));
    assertEquals(BLANK, q.union(List.of()));
  }

  @Test
  void negativeClickExcludesTheQueryCoveringIt() {
    // the big query covers both clicks, the small one only the positive
    QueryMasks q = queries(new float[] {0.9f, 0.1f}, rect(0, 10, 0, 20), rect(0, 5, 0, 5));
    assertEquals(List.of(0), q.select(List.of(pos(2, 2)), List.of(), BLANK, 0));
    assertEquals(List.of(1), q.select(List.of(pos(2, 2)), List.of(neg(8, 15)), BLANK, 0));
  }

  @Test
  void seedPrefersFewerNegativesAtEqualScoreThenGrowsWithoutCoveringNegatives() {
    // 0 covers both positives and the negative (2 - 1 = 1); 1 and 2 cover one positive each (1 - 0 = 1)
    QueryMasks q = queries(new float[] {0.9f, 0.5f, 0.5f},
        rect(0, 10, 0, 20), rect(0, 10, 0, 5), rect(0, 10, 15, 20));
    List<Integer> chosen = q.select(List.of(pos(5, 2), pos(5, 17)), List.of(neg(5, 10)), BLANK, 0);
    assertEquals(List.of(1, 2), chosen);
    Mask mask = q.union(chosen).threshold(0.5);
    assertTrue(mask.isObject(5, 2) && mask.isObject(5, 17));
    assertFalse(mask.isObject(5, 10));
  }

  @Test
  void growthNeverAddsAQueryCoveringANegative() {
    // the positive at (5, 17) is covered only by query 2, which also covers the negative
    QueryMasks q = queries(new float[] {0.5f, 0.5f},
        rect(0, 10, 0, 5), rect(0, 10, 12, 20));
    assertEquals(List.of(0), q.select(List.of(pos(5, 2), pos(5, 17)), List.of(neg(5, 13)), BLANK, 0));
  }

  @Test
  void severalClicksGrowTheSelection() {
    QueryMasks q = queries(new float[] {0.5f, 0.5f, 0.5f}, rect(0, 10, 0, 5), rect(0, 10, 5, 10),
        rect(0, 10, 10, 20));
    List<Integer> chosen = q.select(List.of(pos(1, 1), pos(1, 15), pos(8, 12)), List.of(), BLANK, 0);
    assertEquals(List.of(2, 0), chosen); // the seed covers two positives, growth adds the third's query
    assertEquals(rectMask(0, 10, 0, 5).or(rectMask(0, 10, 10, 20)), q.union(chosen).threshold(0.5));
  }

  @Test
  void growthAddsTheQueryCoveringMostUncoveredPositives() {
    QueryMasks q = queries(new float[] {0.5f, 0.5f, 0.5f}, rect(0, 10, 0, 10), rect(0, 10, 12, 15),
        rect(0, 10, 12, 20));
    List<Click> positives = List.of(pos(1, 1), pos(1, 3), pos(1, 6), pos(1, 13), pos(1, 17));
    // seed 0 (three positives); then 2 (two uncovered) wins over the lower-indexed 1 (one)
    assertEquals(List.of(0, 2), q.select(positives, List.of(), BLANK, 0));
  }

  @Test
  void previousMaskBreaksTiesThenObjectnessThenIndex() {
    QueryMasks q = queries(new float[] {0.3f, 0.6f, 0.6f},
        rect(0, 10, 0, 10), rect(0, 5, 0, 20), rect(0, 10, 0, 20));
    List<Click> click = List.of(pos(2, 2)); // covered by all three
    assertEquals(List.of(1), q.select(click, List.of(), BLANK, 0)); // objectness, then the lower index
    assertEquals(List.of(0), q.select(click, List.of(), previous(0, 10, 0, 9), 0));
    assertEquals(List.of(2), q.select(click, List.of(), previous(0, 10, 0, 20), 0));
  }

  @Test
  void minObjectnessDropsQueries() {
    QueryMasks q = queries(new float[] {0.2f, 0.9f}, rect(0, 10, 0, 10), rect(0, 10, 0, 20));
    assertEquals(List.of(0), q.select(List.of(pos(1, 1)), List.of(), previous(0, 10, 0, 10), 0));
    assertEquals(List.of(1), q.select(List.of(pos(1, 1)), List.of(), previous(0, 10, 0, 10), 0.5));
    assertEquals(List.of(), q.select(List.of(pos(1, 1)), List.of(), BLANK, 0.95));
  }

  @Test
  void unionIsAboveHalfExactlyOnCoverageAndKeepsProbabilitiesTo8Bits() {
    float[] p = new float[H * W];
    p[0] = 0.5f;       // not covered: not above 0.5
    p[1] = 0.5001f;    // covered although it rounds to 128/255 - 0.0005
    p[2] = 0.499f;
    p[3] = 1f;
    p[4] = 0.25f;
    QueryMasks q = queries(new float[] {1f}, p);
    assertFalse(q.covers(0, 0, 0));
    assertTrue(q.covers(0, 0, 1));
    ProbabilityMap y = q.union(List.of(0));
    assertTrue(y.getAt(0) <= 0.5f && y.getAt(1) > 0.5f && y.getAt(2) <= 0.5f);
    assertEquals(1f, y.getAt(3));
    assertEquals(0.25f, y.getAt(4), 0.5f / 255);
    assertEquals(q.coverage(0), y.threshold(0.5));
  }

  /**
   * On random rectangles and clicks, what the rule promises: the mask is the union of the selected queries; no
   * positive click, no selection; each positive click covered by a query free of negative clicks is in the mask;
   * a negative click in the mask lies in the seed; no query is selected twice.
   */
  @Property(tries = 300)
  void theDocumentedGuaranteesHoldOnRandomQueries(@ForAll long seed) {
    Random random = new Random(seed);
    int n = 1 + random.nextInt(6);
    float[][] planes = new float[n][];
    float[] objectness = new float[n];
    for (int q = 0; q < n; q++) {
      int r0 = random.nextInt(H);
      int c0 = random.nextInt(W);
      planes[q] = rect(r0, r0 + 1 + random.nextInt(H - r0), c0, c0 + 1 + random.nextInt(W - c0));
      objectness[q] = random.nextInt(3) / 2f;
    }
    QueryMasks q = QueryMasks.of(H, W, planes, objectness);
    List<Click> positives = new ArrayList<>();
    List<Click> negatives = new ArrayList<>();
    for (int k = random.nextInt(5); k > 0; k--) {
      positives.add(pos(random.nextInt(H), random.nextInt(W)));
    }
    for (int k = random.nextInt(4); k > 0; k--) {
      negatives.add(neg(random.nextInt(H), random.nextInt(W)));
    }
    Mask previous = random.nextBoolean() ? NONE : q.coverage(random.nextInt(n));
    double minObjectness = random.nextInt(3) / 2.0;
    List<Integer> chosen = q.select(positives, negatives, ProbabilityMap.fromMask(previous), minObjectness);
    Mask mask = q.union(chosen).threshold(0.5);
    Mask union = NONE;
    for (int s : chosen) {
      union = union.or(q.coverage(s));
      assertTrue(q.objectness(s) >= minObjectness);
    }
    assertEquals(union, mask);
    assertEquals(chosen.size(), chosen.stream().distinct().count());
    if (positives.isEmpty()) {
      assertTrue(chosen.isEmpty());
    }
    for (Click p : positives) {
      for (int k = 0; k < n; k++) {
        int query = k;
        boolean clean = q.objectness(k) >= minObjectness
            && negatives.stream().noneMatch(c -> q.covers(query, c.row(), c.col()));
        if (clean && q.covers(k, p.row(), p.col())) {
          assertTrue(mask.isObject(p.row(), p.col()), "positive " + p + " covered by clean query " + k);
        }
      }
    }
    for (Click c : negatives) {
      if (mask.isObject(c.row(), c.col())) {
        assertTrue(q.covers(chosen.get(0), c.row(), c.col()), "negative " + c + " in the mask but not the seed's");
      }
    }
  }

  @Test
  void refusesClicksOutsideAndMasksOfAnotherSize() {
    QueryMasks q = queries(new float[] {1f}, rect(0, 10, 0, 20));
    assertThrows(IllegalArgumentException.class, () -> q.select(List.of(pos(10, 0)), List.of(), BLANK, 0));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> q.select(List.of(pos(1, 1)), List.of(), ProbabilityMap.zeros(W, H), 0));
    assertTrue(e.getMessage().contains("previous mask"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> QueryMasks.of(H, W, new float[][] {new float[3]},
        new float[] {1f}));
  }
}
