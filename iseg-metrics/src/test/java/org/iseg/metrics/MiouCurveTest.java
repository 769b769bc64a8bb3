package org.iseg.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class MiouCurveTest {

  @Test
  void meanOfEachClickOverSamples() {
    List<float[]> curves = List.of(
        new float[] {0.95f, 0.95f, 0.95f, 0.95f},
        new float[] {0.82f, 0.86f, 0.91f, 0.91f},
        new float[] {0.5f, 0.6f, 0.7f, 0.81f},
        new float[] {0.1f, 0.2f, 0.3f, 0.4f});
    float[] miou = MiouCurve.meanIouPerClick(curves, 4);
    // numpy: np.array([0.95, 0.82, 0.5, 0.1], dtype=np.float32).mean() == 0.5925
    assertEquals(0.5925f, miou[0]);
    // numpy: np.array([0.95, 0.91, 0.81, 0.4], dtype=np.float32).mean() == 0.76750004
    assertEquals(0.76750004f, miou[3]);
  }

  @Test
  void earlyStoppedSamplesKeepTheirLastIou() {
    List<float[]> curves = List.of(new float[] {0.5f, 0.75f}, new float[] {0.25f, 0.5f, 0.75f, 1f});
    assertArrayEquals(new float[] {0.375f, 0.625f, 0.75f, 0.875f}, MiouCurve.meanIouPerClick(curves, 4));
  }

  @Test
  void rejectsEmptyInput() {
    assertThrows(IllegalArgumentException.class, () -> MiouCurve.meanIouPerClick(List.of(), 20));
    assertThrows(IllegalArgumentException.class,
        () -> MiouCurve.meanIouPerClick(List.of(new float[0]), 20));
  }

  @Property(tries = 100)
  void pairwiseSumIsExactOnSmallIntegers(@ForAll @IntRange(min = 0, max = 2000) int n) {
    // Sums of small integers are exact in float32 whatever the order: pairwise must equal the plain sum.
    float[] a = new float[n];
    long expected = 0;
    for (int i = 0; i < n; i++) {
      a[i] = (i * 7919) % 13;
      expected += (long) a[i];
    }
    assertEquals((float) expected, MiouCurve.pairwiseSum(a, 0, n));
  }

  @Test
  void pairwiseSumFollowsNumpysBlocking() {
    // 1e8 + 1 + 1 + ... : summed left to right every 1 is lost in float32; numpy's eight accumulators
    // collect the ones apart from the big value (this is float32(np.array(a, np.float32).sum())).
    float[] a = new float[16];
    java.util.Arrays.fill(a, 1f);
    a[0] = 1e8f;
    // r0 = 1e8 (+1 lost), r1..r7 = 2; ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7)) = (1e8 + 4) + 8, and
    // float32 spacing near 1e8 is 8: numpy gives np.float32(1.0000001e+08) = 100000008.
    assertEquals(100000008f, MiouCurve.pairwiseSum(a, 0, 16));
    float sequential = 0f;
    for (float v : a) {
      sequential += v;
    }
    assertEquals(1e8f, sequential);
  }
}
