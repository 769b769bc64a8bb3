package org.iseg.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

class ProbabilityMapTest {

  @Test
  void thresholdIsStrictAsInRitm() {
    ProbabilityMap map = ProbabilityMap.of(1, 3, new float[] {0.49f, 0.5f, 0.48f});
    Mask mask = map.threshold(0.49f);
    assertEquals(1, mask.area());
    assertTrue(mask.isObject(0, 1));
  }

  @Test
  void rejectsValuesOutsideUnitIntervalAndNaN() {
    IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
        () -> ProbabilityMap.of(1, 2, new float[] {0f, Float.NaN}));
    assertTrue(nan.getMessage().contains("(0, 1)"), nan.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ProbabilityMap.of(1, 1, new float[] {1.5f}));
    assertThrows(IllegalArgumentException.class, () -> ProbabilityMap.zeros(0, 3));
  }

  @Test
  void fromMaskGivesOneOnObjectOnly() {
    Mask mask = Mask.fromLabels(1, 3, new byte[] {1, 0, -1});
    ProbabilityMap map = ProbabilityMap.fromMask(mask);
    assertEquals(1f, map.get(0, 0));
    assertEquals(0f, map.get(0, 1));
    assertEquals(0f, map.get(0, 2));
  }

  @Property
  void thresholdIsMonotone(
      @ForAll("maps") ProbabilityMap map,
      @ForAll @DoubleRange(min = 0, max = 1) double low,
      @ForAll @DoubleRange(min = 0, max = 1) double high) {
    double a = Math.min(low, high);
    double b = Math.max(low, high);
    Mask loose = map.threshold(a);
    Mask strict = map.threshold(b);
    assertEquals(0, strict.minus(loose).area(), "raising the threshold may only remove pixels");
  }

  @Provide
  Arbitrary<ProbabilityMap> maps() {
    return Arbitraries.integers().between(1, 10).flatMap(h -> Arbitraries.integers().between(1, 10)
        .flatMap(w -> Arbitraries.floats().between(0f, 1f).array(float[].class).ofSize(h * w)
            .map(values -> ProbabilityMap.of(h, w, values))));
  }
}
