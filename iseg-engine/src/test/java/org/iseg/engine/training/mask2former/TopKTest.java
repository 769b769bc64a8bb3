package org.iseg.engine.training.mask2former;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** The importance-sampling selection against a plain comparator sort. */
class TopKTest {

  @Property(tries = 200)
  void largestFirstTiesToTheLowerIndex(
      @ForAll @IntRange(min = 1, max = 300) int n, @ForAll @IntRange(min = 0, max = 300) int k, @ForAll long seed) {
    int kk = Math.min(k, n);
    Random random = new Random(seed);
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      // -|logit| as the criterion computes it, with many ties and both zeros.
      values[i] = random.nextInt(4) == 0 ? -0f : -Math.abs(random.nextInt(20) - 10) / 4f;
      if (random.nextInt(10) == 0) {
        values[i] = 0f;
      }
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> {
      int c = Float.compare(values[b], values[a]);
      return c != 0 ? c : Integer.compare(a, b);
    });
    int[] expected = Arrays.stream(order).limit(kk).mapToInt(Integer::intValue).toArray();
    assertArrayEquals(expected, Mask2FormerCriterion.topK(values, kk));
  }
}
