package org.iseg.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.iseg.api.Mask;
import org.junit.jupiter.api.Test;

class IouTest {

  @Test
  void countsOverlapOfTwoRectangles() {
    // 10x10 image: prediction rows 0..4 (50 px), target cols 0..4 (50 px); overlap 25, union 75.
    Mask pred = Mask.fromPredicate(10, 10, i -> i / 10 < 5);
    Mask target = Mask.fromPredicate(10, 10, i -> i % 10 < 5);
    Iou.Counts c = Iou.counts(pred, target);
    assertEquals(25, c.intersection());
    assertEquals(75, c.union());
    assertEquals(25.0 / 75.0, Iou.of(pred, target));
  }

  @Test
  void ignoredTargetPixelsCountNowhere() {
    // target: object in col 0, ignore in col 1, background elsewhere (4x4).
    byte[] labels = new byte[16];
    for (int r = 0; r < 4; r++) {
      labels[r * 4] = Mask.OBJECT;
      labels[r * 4 + 1] = Mask.IGNORE;
    }
    Mask target = Mask.fromLabels(4, 4, labels);
    // prediction covers cols 0 and 1: without the ignore band it would be 4/8, with it 4/4.
    Mask pred = Mask.fromPredicate(4, 4, i -> i % 4 < 2);
    assertEquals(1.0, Iou.of(pred, target));
    // prediction covering cols 0..2: col 2 is a false positive, col 1 is ignored -> 4 / 8.
    Mask wider = Mask.fromPredicate(4, 4, i -> i % 4 < 3);
    assertEquals(0.5, Iou.of(wider, target));
  }

  @Test
  void emptyUnionIsPerfectAgreement() {
    assertEquals(1.0, Iou.of(Mask.empty(3, 3), Mask.empty(3, 3)));
  }

  @Test
  void sizeMismatchNamesBothSizes() {
    IllegalArgumentException e = assertThrows(
        IllegalArgumentException.class, () -> Iou.of(Mask.empty(3, 4), Mask.empty(4, 3)));
    assertTrue(e.getMessage().contains("3x4") && e.getMessage().contains("4x3"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Iou.of(new boolean[5], Mask.empty(2, 2)));
  }

  @Property(tries = 200)
  void liesInUnitIntervalAndBothFormsAgree(@ForAll("maskPairs") Mask[] pair) {
    double iou = Iou.of(pair[0], pair[1]);
    assertTrue(iou >= 0 && iou <= 1, "IoU " + iou);
    assertEquals(iou, Iou.of(pair[0].toObjectArray(), pair[1]));
  }

  @Property(tries = 200)
  void symmetricWithoutIgnore(@ForAll("maskPairs") Mask[] pair) {
    Mask a = pair[0];
    Mask b = pair[1].withoutIgnore();
    assertEquals(Iou.of(a, b), Iou.of(b, a));
  }

  @Property(tries = 200)
  void symmetricWhenTheIgnoreRegionIsShared(@ForAll("maskPairs") Mask[] pair) {
    // With one ignore region moved onto both masks the roles of prediction and target are interchangeable.
    Mask target = pair[1];
    Mask pred = pair[0].withIgnore(target.ignoreRegion());
    assertEquals(Iou.of(pred, target), Iou.of(target, pred));
  }

  @Property(tries = 200)
  void perfectOnlyForTheTargetUpToIgnore(@ForAll("maskPairs") Mask[] pair) {
    Mask target = pair[1];
    Mask pred = pair[0];
    // The target's own object pixels score 1, whatever happens in the ignore region.
    assertEquals(1.0, Iou.of(target.withoutIgnore(), target));
    assertEquals(1.0, Iou.of(target.withoutIgnore().or(target.ignoreRegion()).withoutIgnore(), target));
    boolean agrees = true;
    for (int i = 0; i < target.height() * target.width(); i++) {
      if (target.labelAt(i) != Mask.IGNORE && (target.labelAt(i) == Mask.OBJECT) != (pred.labelAt(i) == 1)) {
        agrees = false;
      }
    }
    assertEquals(agrees, Iou.of(pred, target) == 1.0);
  }

  @Property(tries = 200)
  void addingTruePositivesNeverLowersIou(@ForAll("maskPairs") Mask[] pair) {
    Mask pred = pair[0];
    Mask target = pair[1];
    Mask more = pred.or(target.withoutIgnore());
    assertTrue(Iou.of(more, target) >= Iou.of(pred, target));
  }

  @Provide
  Arbitrary<Mask[]> maskPairs() {
    return Arbitraries.integers().between(1, 12).flatMap(h -> Arbitraries.integers().between(1, 12).flatMap(w -> {
      int n = h * w;
      Arbitrary<boolean[]> flags = Arbitraries.of(true, false).array(boolean[].class).ofSize(n);
      Arbitrary<byte[]> labels = Arbitraries.of((byte) 1, (byte) 0, (byte) 0, (byte) -1)
          .array(byte[].class).ofSize(n);
      return Combinators.combine(flags, labels)
          .as((p, t) -> new Mask[] {Mask.of(h, w, p), Mask.fromLabels(h, w, t)});
    }));
  }
}
