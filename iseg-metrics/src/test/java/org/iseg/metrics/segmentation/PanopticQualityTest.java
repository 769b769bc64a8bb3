package org.iseg.metrics.segmentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-made images on the edges of panopticapi's rules. */
class PanopticQualityTest {
  private static final List<PanopticCategory> CATEGORIES = List.of(new PanopticCategory(1, "thing", true),
      new PanopticCategory(2, "stuff", false));

  /** A 1-row image: one id per pixel. */
  private static PanopticImage row(int[] ids, PanopticSegment... segments) {
    return new PanopticImage(7, 1, ids.length, ids, List.of(segments)).withCountedAreas();
  }

  @Test
  void iouOfExactlyOneHalfIsNoMatch() {
    PanopticImage gt = row(new int[] {5, 5, 5, 5}, PanopticSegment.of(5, 1));
    PanopticImage pred = row(new int[] {9, 9, 3, 3}, PanopticSegment.of(9, 1), PanopticSegment.of(3, 2));
    PanopticResult.CategoryResult c = PanopticQuality.create(CATEGORIES).add(gt, pred).result()
        .category(1).orElseThrow();
    assertEquals(0, c.tp(), "IoU 2/4 = 0.5 is not > 0.5");
    assertEquals(1, c.fn());
    assertEquals(1, c.fp());
  }

  @Test
  void iouJustAboveOneHalfMatches() {
    PanopticImage gt = row(new int[] {5, 5, 5, 5, 5}, PanopticSegment.of(5, 1));
    PanopticImage pred = row(new int[] {9, 9, 9, 3, 3}, PanopticSegment.of(9, 1), PanopticSegment.of(3, 2));
    PanopticResult r = PanopticQuality.create(CATEGORIES).add(gt, pred).result();
    PanopticResult.CategoryResult c = r.category(1).orElseThrow();
    assertEquals(1, c.tp());
    assertEquals(0.6, c.sq(), 1e-15);
    assertEquals(1, r.category(2).orElseThrow().fp(), "stuff predicted where there is none");
  }

  @Test
  void predictionPixelsOnVoidLeaveTheUnion() {
    // GT: 2 pixels of thing, 2 void; prediction covers all 4: IoU = 2 / (4 + 2 - 2 - 2) = 1
    PanopticImage gt = row(new int[] {5, 5, 0, 0}, PanopticSegment.of(5, 1));
    PanopticImage pred = row(new int[] {9, 9, 9, 9}, PanopticSegment.of(9, 1));
    PanopticResult.CategoryResult c = PanopticQuality.create(CATEGORIES).add(gt, pred).result()
        .category(1).orElseThrow();
    assertEquals(1, c.tp());
    assertEquals(1.0, c.iouSum());
  }

  @Test
  void unmatchedPredictionMostlyOnCrowdOrVoidIsNoFalsePositive() {
    PanopticImage gt = row(new int[] {4, 4, 0, 6, 6, 6},
        new PanopticSegment(4, 1, true, 2), PanopticSegment.of(6, 2));
    // 9: 2 px on the crowd + 1 on void of 4 → 3/4 > 0.5: ignored; 8: on the stuff, wrong category → FP
    PanopticImage pred = row(new int[] {9, 9, 9, 9, 8, 8}, PanopticSegment.of(9, 1), PanopticSegment.of(8, 1));
    PanopticResult r = PanopticQuality.create(CATEGORIES).add(gt, pred).result();
    assertEquals(1, r.category(1).orElseThrow().fp());
    assertEquals(0, r.category(1).orElseThrow().fn(), "an unmatched crowd is no false negative");
    assertEquals(1, r.category(2).orElseThrow().fn());
  }

  @Test
  void groundTruthAreaComesFromTheAnnotation() {
    // the annotation says 3 pixels where the map has 2: union = 2 + 3 - 2 = 3, IoU 2/3
    PanopticImage gt = new PanopticImage(1, 1, 2, new int[] {5, 5}, List.of(new PanopticSegment(5, 1, false, 3)));
    PanopticImage pred = row(new int[] {9, 9}, PanopticSegment.of(9, 1));
    assertEquals(2.0 / 3, PanopticQuality.create(CATEGORIES).add(gt, pred).result().all().sq(), 1e-15);
  }

  @Test
  void predictionSegmentsMustMatchItsMap() {
    PanopticImage gt = row(new int[] {5, 5}, PanopticSegment.of(5, 1));
    PanopticQuality pq = PanopticQuality.create(CATEGORIES);
    assertThrows(IllegalArgumentException.class,
        () -> pq.add(gt, row(new int[] {9, 7}, PanopticSegment.of(9, 1))));
    assertThrows(IllegalArgumentException.class,
        () -> pq.add(gt, row(new int[] {9, 9}, PanopticSegment.of(9, 1), PanopticSegment.of(7, 1))));
    assertThrows(IllegalArgumentException.class, () -> pq.add(gt, row(new int[] {9, 9}, PanopticSegment.of(9, 3))));
  }
}
