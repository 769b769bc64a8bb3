package org.iseg.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class MaskTest {

  @Test
  void labelsFollowRitmConvention() {
    Mask mask = Mask.fromLabels(2, 2, new byte[] {1, 0, -1, 1});
    assertTrue(mask.isObject(0, 0));
    assertFalse(mask.isObject(0, 1));
    assertTrue(mask.isIgnored(1, 0));
    assertEquals(2, mask.area());
    assertEquals(1, mask.ignoredCount());
  }

  @Test
  void rejectsBadInput() {
    IllegalArgumentException size =
        assertThrows(IllegalArgumentException.class, () -> Mask.empty(-1, 4));
    assertTrue(size.getMessage().contains("height=-1"), size.getMessage());
    IllegalArgumentException length =
        assertThrows(IllegalArgumentException.class, () -> Mask.of(2, 2, new boolean[3]));
    assertTrue(length.getMessage().contains("2x2"), length.getMessage());
    IllegalArgumentException label =
        assertThrows(IllegalArgumentException.class, () -> Mask.fromLabels(1, 2, new byte[] {0, 7}));
    assertTrue(label.getMessage().contains("(0, 1)"), label.getMessage());
    IllegalArgumentException both = assertThrows(IllegalArgumentException.class,
        () -> Mask.of(1, 1, new boolean[] {true}, new boolean[] {true}));
    assertTrue(both.getMessage().contains("both object and ignore"), both.getMessage());
    IllegalArgumentException mismatch = assertThrows(IllegalArgumentException.class,
        () -> Mask.empty(2, 3).and(Mask.empty(3, 2)));
    assertTrue(mismatch.getMessage().contains("3x2"), mismatch.getMessage());
    assertThrows(IndexOutOfBoundsException.class, () -> Mask.empty(2, 2).isObject(2, 0));
  }

  @Property
  void xorWithItselfIsEmptyAndNotIsAnInvolution(@ForAll("masks") Mask mask) {
    assertEquals(0, mask.xor(mask).area());
    assertEquals(mask, mask.not().not());
    assertEquals(mask.ignoredCount(), mask.not().ignoredCount());
    // every non-ignored pixel is object in exactly one of mask and not(mask)
    assertEquals(mask.height() * mask.width() - mask.ignoredCount(), mask.area() + mask.not().area());
  }

  @Property
  void algebraKeepsIgnoreAndContainment(@ForAll("maskPairs") Mask[] pair) {
    Mask a = pair[0];
    Mask b = pair[1];
    Mask and = a.and(b);
    Mask or = a.or(b);
    assertTrue(and.area() <= Math.min(a.area(), b.area()));
    assertTrue(or.area() >= Math.max(a.area(), b.area()) - Math.max(a.ignoredCount(), b.ignoredCount()));
    assertEquals(and.minus(or).area(), 0);
    for (int i = 0; i < a.height() * a.width(); i++) {
      boolean ignored = a.labelAt(i) == Mask.IGNORE || b.labelAt(i) == Mask.IGNORE;
      assertEquals(ignored, and.labelAt(i) == Mask.IGNORE);
      assertEquals(ignored, or.labelAt(i) == Mask.IGNORE);
      assertEquals(ignored, a.xor(b).labelAt(i) == Mask.IGNORE);
    }
    assertEquals(a.xor(b), a.minus(b).or(b.minus(a)));
  }

  @Property
  void withoutIgnoreAndWithIgnoreRoundTrip(@ForAll("masks") Mask mask) {
    Mask cleared = mask.withoutIgnore();
    assertFalse(cleared.hasIgnore());
    assertEquals(mask.area(), cleared.area());
    assertEquals(mask, cleared.withIgnore(mask.ignoreRegion()));
  }

  @Provide
  Arbitrary<Mask> masks() {
    return Combinators.combine(Arbitraries.integers().between(1, 12), Arbitraries.integers().between(1, 12))
        .flatAs((h, w) -> Arbitraries.of((byte) 1, (byte) 0, (byte) -1).array(byte[].class).ofSize(h * w)
            .map(labels -> Mask.fromLabels(h, w, labels)));
  }

  @Provide
  Arbitrary<Mask[]> maskPairs() {
    return Combinators.combine(Arbitraries.integers().between(1, 10), Arbitraries.integers().between(1, 10))
        .flatAs((h, w) -> {
          Arbitrary<Mask> one = Arbitraries.of((byte) 1, (byte) 0, (byte) -1).array(byte[].class)
              .ofSize(h * w).map(labels -> Mask.fromLabels(h, w, labels));
          return Combinators.combine(one, one).as((a, b) -> new Mask[] {a, b});
        });
  }

  @Test
  void aSizeMismatchNamesEachSizeWithItsOwner() {
    Mask mask = Mask.empty(10, 20);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> mask.requireSameSize("start mask", Image.of(30, 40, new byte[3 * 30 * 40])));
    assertTrue(e.getMessage().startsWith("start mask is 10x20 but the image is 30x40"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> mask.requireSameSize("other mask", Mask.empty(5, 6)));
    assertTrue(e.getMessage().startsWith("other mask is 5x6 but this mask is 10x20"), e.getMessage());
  }
}
