package org.iseg.api.coco;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class CocoRlePropertiesTest {
  @Property(tries = 200)
  void maskToRleToStringAndBackIsIdentity(@ForAll @IntRange(min = 1, max = 30) int h,
      @ForAll @IntRange(min = 1, max = 30) int w, @ForAll long seed, @ForAll @IntRange(min = 1, max = 20) int runs) {
    Random r = new Random(seed);
    boolean[] mask = new boolean[h * w];
    // runs of random lengths give long and short counts (multi-group numbers, negative deltas)
    boolean v = r.nextBoolean();
    for (int i = 0; i < mask.length; ) {
      int len = 1 + r.nextInt(Math.max(1, mask.length / runs));
      for (int j = i; j < Math.min(mask.length, i + len); j++) {
        mask[j] = v;
      }
      i += len;
      v = !v;
    }
    int[] counts = CocoMasks.fromMask(mask, h, w);
    int sum = 0;
    for (int c : counts) {
      sum += c;
    }
    assertEquals(h * w, sum);
    String s = CocoMasks.encodeString(counts);
    assertArrayEquals(counts, CocoMasks.decodeString(s));
    assertArrayEquals(mask, CocoMasks.toMask(CocoMasks.decodeString(s), h, w));
  }

  @Property(tries = 200)
  void arbitraryCountsSurviveTheStringForm(@ForAll("counts") int[] counts) {
    assertArrayEquals(counts, CocoMasks.decodeString(CocoMasks.encodeString(counts)));
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<int[]> counts() {
    return net.jqwik.api.Arbitraries.integers().between(0, 5_000_000).array(int[].class).ofMinSize(0).ofMaxSize(40);
  }

  @Property(tries = 100)
  void polygonPixelsLieInsideTheBoundingBox(@ForAll @IntRange(min = 0, max = 40) int x0,
      @ForAll @IntRange(min = 0, max = 40) int y0, @ForAll @IntRange(min = 1, max = 20) int bw,
      @ForAll @IntRange(min = 1, max = 20) int bh) {
    double[] box = {x0, y0, x0 + bw, y0, x0 + bw, y0 + bh, x0, y0 + bh};
    boolean[] mask = CocoMasks.polygonsToMask(new double[][] {box}, 50, 50);
    int area = 0;
    for (int i = 0; i < mask.length; i++) {
      if (mask[i]) {
        area++;
        int row = i / 50;
        int col = i % 50;
        assertTrue(row >= y0 && row < y0 + bh && col >= x0 && col < x0 + bw);
      }
    }
    // an integer box covers exactly its w x h pixels (clipped to the image)
    assertEquals(Math.min(bw, 50 - x0) * Math.min(bh, 50 - y0), area);
  }

  @Test
  void countsMustBeNonNegativeRunsCoveringTheMask() {
    CocoMasks.checkCounts(new int[] {2, 3, 1}, 2, 3);
    CocoMasks.checkCounts(new int[0], 0, 4);
    assertEquals("negative run length -1",
        assertThrows(IllegalArgumentException.class, () -> CocoMasks.checkCounts(new int[] {7, -1}, 2, 3))
            .getMessage());
    assertEquals("run lengths sum to 5 but the mask is 2x3 = 6 pixels",
        assertThrows(IllegalArgumentException.class, () -> CocoMasks.toMask(new int[] {2, 3}, 2, 3)).getMessage());
  }
}
