package org.iseg.examples.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.iseg.api.Mask;
import org.junit.jupiter.api.Test;

class RegionOutlineTest {

  private static String str(List<int[]> points) {
    return points.stream().map(p -> "(" + p[0] + "," + p[1] + ")").collect(Collectors.joining());
  }

  @Test
  void rectangleGivesItsFourCornersClockwiseFromTopLeft() {
    Mask m = Mask.fromPredicate(10, 12, i -> i / 12 >= 2 && i / 12 <= 6 && i % 12 >= 3 && i % 12 <= 9);
    assertEquals("(3,2)(9,2)(9,6)(3,6)", str(RegionOutline.largest(m)));
  }

  @Test
  void lShapeAndDiagonalAndSinglePixel() {
    // ##.
    // #..
    // ###
    boolean[] l = {true, true, false, true, false, false, true, true, true};
    // clockwise: along the top, down the right side of the column, out and back along the bottom bar
    assertEquals("(0,0)(1,0)(0,1)(1,2)(2,2)(0,2)", str(RegionOutline.largest(Mask.of(3, 3, l))));
    Mask diagonal = Mask.fromPredicate(4, 4, i -> i / 4 == i % 4);
    assertEquals("(0,0)(3,3)", str(RegionOutline.largest(diagonal)));
    Mask single = Mask.fromPredicate(3, 3, i -> i == 4);
    assertEquals("(1,1)", str(RegionOutline.largest(single)));
    assertTrue(RegionOutline.largest(Mask.empty(3, 3)).isEmpty());
  }

  @Test
  void theLargestRegionIsTracedAndHolesAreNot() {
    // a 1x2 bar at the top left, a 5x5 square with a hole elsewhere
    Mask m = Mask.fromPredicate(10, 10, i -> {
      int r = i / 10;
      int c = i % 10;
      boolean bar = r == 0 && c < 2;
      boolean square = r >= 3 && r <= 7 && c >= 3 && c <= 7 && !(r == 5 && c == 5);
      return bar || square;
    });
    assertEquals("(3,3)(7,3)(7,7)(3,7)", str(RegionOutline.largest(m)));
  }

  @Provide
  Arbitrary<Mask> masks() {
    return Arbitraries.integers().between(1, 14).flatMap(h -> Arbitraries.integers().between(1, 14).flatMap(w ->
        Arbitraries.of(true, false, false).array(boolean[].class).ofSize(h * w).map(b -> Mask.of(h, w, b))));
  }

  @Property(tries = 200)
  void traceIsAClosedEightConnectedWalkOverTheWholeOuterBoundary(@ForAll("masks") Mask mask) {
    int h = mask.height();
    int w = mask.width();
    boolean[] region = RegionOutline.largestRegion(mask);
    if (region == null) {
      assertTrue(mask.isEmpty());
      return;
    }
    List<Integer> trace = RegionOutline.trace(region, h, w);
    for (int k = 0; k < trace.size(); k++) {
      int a = trace.get(k);
      int b = trace.get((k + 1) % trace.size());
      assertTrue(region[a], "traced pixels belong to the region");
      if (trace.size() > 1) {
        assertTrue(Math.abs(a / w - b / w) <= 1 && Math.abs(a % w - b % w) <= 1 && a != b,
            "consecutive points are 8-neighbours");
      }
    }
    // Background 4-connected to the border (outside the image counts as background) is the exterior; every
    // region pixel 4-adjacent to it must be on the outline.
    boolean[] exterior = exterior(region, h, w);
    Set<Integer> traced = new HashSet<>(trace);
    for (int i = 0; i < h * w; i++) {
      if (!region[i]) {
        continue;
      }
      int r = i / w;
      int c = i % w;
      boolean touches = r == 0 || c == 0 || r == h - 1 || c == w - 1
          || exterior[i - w] || exterior[i + w] || exterior[i - 1] || exterior[i + 1];
      if (touches) {
        assertTrue(traced.contains(i), "boundary pixel (" + r + "," + c + ") missing from the outline");
      }
    }
    // The simplified polygon keeps only turning points of the walk.
    List<int[]> polygon = RegionOutline.largest(mask);
    assertTrue(polygon.size() <= trace.size());
    for (int[] p : polygon) {
      assertTrue(traced.contains(p[1] * w + p[0]));
    }
  }

  private static boolean[] exterior(boolean[] region, int h, int w) {
    boolean[] ext = new boolean[h * w];
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (int i = 0; i < h * w; i++) {
      int r = i / w;
      int c = i % w;
      if ((r == 0 || c == 0 || r == h - 1 || c == w - 1) && !region[i]) {
        ext[i] = true;
        queue.add(i);
      }
    }
    while (!queue.isEmpty()) {
      int p = queue.poll();
      int r = p / w;
      int c = p % w;
      int[][] nb = {{r - 1, c}, {r + 1, c}, {r, c - 1}, {r, c + 1}};
      for (int[] q : nb) {
        if (q[0] >= 0 && q[0] < h && q[1] >= 0 && q[1] < w) {
          int j = q[0] * w + q[1];
          if (!region[j] && !ext[j]) {
            ext[j] = true;
            queue.add(j);
          }
        }
      }
    }
    return ext;
  }

  @Property(tries = 200)
  void rleRoundTripsAndTheFastRowsWriterMatchesTheJsonTree(@ForAll("masks") Mask mask) {
    assertEquals(mask, MaskEncoding.fromRle(MaskEncoding.rle(mask)));
    assertEquals(MaskEncoding.rows(mask).toString(), MaskEncoding.appendRows(new StringBuilder(), mask).toString());
  }
}
