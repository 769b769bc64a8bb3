package org.iseg.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.FloatRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class NocTest {

  @Test
  void firstClickReachingTheThreshold() {
    float[] ious = {0.5f, 0.84f, 0.86f, 0.91f, 0.88f};
    assertEquals(3, Noc.clicksToReach(ious, 0.85, 20));
    assertEquals(4, Noc.clicksToReach(ious, 0.90, 20));
    assertEquals(20, Noc.clicksToReach(ious, 0.95, 20));
    assertEquals(1, Noc.clicksToReach(ious, 0.5, 20));
  }

  @Test
  void comparesInFloat32AsNumpyDoes() {
    // (float) 0.9 is 0.899999976..., below 0.9: numpy's float32 comparison counts it as reaching 0.90.
    float iou = 0.9f;
    assertTrue((double) iou < 0.9);
    assertEquals(1, Noc.clicksToReach(new float[] {iou}, 0.90, 20));
    // np.arange(0.8, 0.951, 0.05) yields 0.8500000000000001, which is 0.85 once cast to float32.
    assertEquals(1, Noc.clicksToReach(new float[] {0.85f}, 0.8500000000000001, 20));
    assertFalse(Noc.reaches(Math.nextDown(0.9f), 0.90));
  }

  @Test
  void nofCountsSamplesScoredTheLimitLikeRitm() {
    List<float[]> curves = List.of(
        new float[] {0.95f, 0.95f, 0.95f, 0.95f},
        new float[] {0.82f, 0.86f, 0.91f, 0.91f},
        new float[] {0.5f, 0.6f, 0.7f, 0.81f},   // reaches 0.80 only at the last click: scored 4
        new float[] {0.1f, 0.2f, 0.3f, 0.4f});
    NocSummary at80 = Noc.summarize(curves, 0.80, 4);
    assertEquals((1 + 1 + 4 + 4) / 4.0, at80.meanNoc());
    assertEquals(2, at80.nof());
    assertEquals(1, at80.neverReached());
    NocSummary at90 = Noc.summarize(curves, 0.90, 4);
    assertEquals(3.0, at90.meanNoc());
    assertEquals(2, at90.nof());
    assertEquals(2, at90.neverReached());
  }

  @Test
  void earlyStoppedSampleThatNeverReachedScoresTheLimit() {
    assertEquals(20, Noc.clicksToReach(new float[] {0.3f, 0.4f}, 0.85, 20));
  }

  @Test
  void rejectsBadArguments() {
    assertThrows(IllegalArgumentException.class, () -> Noc.summarize(List.of(), 0.9, 20));
    assertThrows(IllegalArgumentException.class, () -> Noc.clicksToReach(new float[1], 0.9, 0));
  }

  @Property(tries = 200)
  void nocWithinBoundsAndMonotoneInThreshold(
      @ForAll @Size(min = 1, max = 25) List<@FloatRange(min = 0, max = 1) Float> values,
      @ForAll @IntRange(min = 1, max = 30) int maxClicks,
      @ForAll @FloatRange(min = 0.01f, max = 0.99f) float t) {
    float[] ious = new float[values.size()];
    for (int i = 0; i < ious.length; i++) {
      ious[i] = values.get(i);
    }
    int noc = Noc.clicksToReach(ious, t, maxClicks);
    assertTrue(noc >= 1 && (noc <= ious.length || noc == maxClicks), "noc " + noc);
    // At the returned click the threshold is reached, and at none before it.
    if (noc <= ious.length && Noc.reaches(ious[noc - 1], t)) {
      for (int i = 0; i < noc - 1; i++) {
        assertFalse(Noc.reaches(ious[i], t));
      }
    }
    // A stricter threshold never needs fewer clicks (when the limit is not below the curve's length).
    if (maxClicks >= ious.length) {
      assertTrue(Noc.clicksToReach(ious, Math.min(1.0, t + 0.05), maxClicks) >= noc);
    }
  }

  @Property(tries = 100)
  void summaryAgreesWithPerSampleScores(
      @ForAll @Size(min = 1, max = 10) List<@Size(min = 1, max = 5) List<@FloatRange(min = 0, max = 1) Float>> raw,
      @ForAll @FloatRange(min = 0.05f, max = 0.95f) float t) {
    int maxClicks = 5;
    List<float[]> curves = raw.stream().map(l -> {
      float[] a = new float[l.size()];
      for (int i = 0; i < a.length; i++) {
        a[i] = l.get(i);
      }
      return a;
    }).toList();
    NocSummary s = Noc.summarize(curves, t, maxClicks);
    double sum = 0;
    int atMax = 0;
    for (float[] c : curves) {
      int noc = Noc.clicksToReach(c, t, maxClicks);
      sum += noc;
      atMax += noc == maxClicks ? 1 : 0;
    }
    assertEquals(sum / curves.size(), s.meanNoc(), 1e-12);
    assertEquals(atMax, s.nof());
    assertTrue(s.meanNoc() >= 1 && s.meanNoc() <= maxClicks);
    assertTrue(s.neverReached() <= s.nof());
  }
}
