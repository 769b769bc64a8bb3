package org.iseg.clicking.masks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.iseg.api.Mask;
import org.iseg.clicking.BruteForce;
import org.iseg.clicking.RealMasks;
import org.iseg.clicking.Scenes;
import org.junit.jupiter.api.Test;

class MaskOpsTest {

  @Property(tries = 200)
  void distanceFieldIsTheExactEuclideanDistance(@ForAll @IntRange(min = 1, max = 16) int h,
      @ForAll @IntRange(min = 1, max = 16) int w, @ForAll long seed, @ForAll boolean pad) {
    byte[] region = MaskOps.objectBytes(Scenes.scene(h, w, seed).target());
    boolean hasZero = false;
    for (byte b : region) {
      hasZero |= b == 0;
    }
    long[] expected = BruteForce.squaredDistances(region, h, w, pad);
    float[] field = MaskOps.distanceField(region, h, w, pad).toArray();
    float[] full = MaskOps.distanceTransformFull(region, h, w, pad);
    if (!pad && !hasZero) {
      return; // no zero pixel anywhere: the distance is undefined
    }
    for (int i = 0; i < expected.length; i++) {
      assertEquals((float) Math.sqrt(expected[i]), field[i], 0f, "pixel " + i);
      assertEquals(full[i], field[i], 0f, "bounding-box shortcut differs from the full transform at " + i);
    }
  }

  @Test
  void boundingBoxShortcutIsBitIdenticalToTheFullTransformOnRealMasks() {
    for (String dataset : List.of("GrabCut", "DAVIS")) {
      List<Path> files = RealMasks.files(dataset);
      for (int k = 0; k < files.size(); k += 9) {
        Mask m = RealMasks.read(files.get(k), RealMasks.convention(dataset));
        byte[] region = MaskOps.objectBytes(m);
        for (boolean pad : new boolean[] {true, false}) {
          assertArrayEquals(MaskOps.distanceTransformFull(region, m.height(), m.width(), pad),
              MaskOps.distanceField(region, m.height(), m.width(), pad).toArray(), files.get(k) + " pad " + pad);
        }
      }
    }
  }

  @Test
  void componentsFollowTheConnectivity() {
    // two pixels touching only diagonally: two 4-components, one 8-component
    Mask diag = Mask.fromPredicate(3, 3, i -> i == 0 || i == 4 || i == 5);
    assertEquals(2, MaskOps.components(diag, 4).count());
    assertEquals(1, MaskOps.components(diag, 8).count());
    Components four = MaskOps.components(diag, 4);
    assertEquals(2, four.area(four.largest()));
    assertEquals(Mask.fromPredicate(3, 3, i -> i == 4 || i == 5), MaskOps.largestComponent(diag, 4));
    assertEquals(Mask.empty(3, 3), MaskOps.largestComponent(Mask.empty(3, 3), 4));
    assertThrows(IllegalArgumentException.class, () -> MaskOps.components(diag, 6));
  }

  @Test
  void erosionAndDilationUseA3x3SquareAndSafeErosionNeverEmpties() {
    Mask square = Mask.fromPredicate(7, 7, i -> i / 7 >= 2 && i / 7 <= 4 && i % 7 >= 2 && i % 7 <= 4);
    assertEquals(Mask.fromPredicate(7, 7, i -> i == 24), MaskOps.erode(square, 1));
    assertEquals(49 - 0, MaskOps.dilate(square, 2).area());
    assertEquals(25, MaskOps.dilate(square, 1).area());
    assertEquals(square, MaskOps.safeErode(square, 2, 0)); // erosion would empty it
    assertEquals(1, MaskOps.safeErode(square, 1, 0).area());
    assertEquals(square, MaskOps.safeErode(square, 1, 10)); // RITM: keep unless more than 10 pixels remain
    Mask edge = Mask.fromPredicate(4, 4, i -> i / 4 <= 1); // touching the border: the border does not erode
    assertEquals(Mask.fromPredicate(4, 4, i -> i / 4 == 0), MaskOps.erode(edge, 1));
  }

  @Test
  void dilationKeepsTheIgnoreRegion() {
    byte[] labels = new byte[25];
    labels[12] = Mask.OBJECT;
    labels[13] = Mask.IGNORE;
    Mask grown = MaskOps.dilate(Mask.fromLabels(5, 5, labels), 1);
    assertTrue(grown.isIgnored(2, 3));
    assertEquals(8, grown.area());
  }

  @Test
  void borderMaskIsRitmsBand() {
    Mask square = Mask.fromPredicate(20, 20, i -> i / 20 >= 8 && i / 20 <= 11 && i % 20 >= 8 && i % 20 <= 11);
    // ceil(0.5 * sqrt(16)) = 2 dilations: an 8x8 square minus the 4x4 object
    Mask band = MaskOps.borderMask(square, 0.5);
    assertEquals(64 - 16, band.area());
    assertTrue(band.isObject(6, 6) && !band.isObject(8, 8) && !band.isObject(5, 5));
  }

  @Test
  void isThreadSafe() throws Exception {
    Mask m = RealMasks.read(RealMasks.files("DAVIS").get(0), RealMasks.Convention.DAVIS);
    float[] expected = MaskOps.distanceField(m).toArray();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<float[]>> results = new java.util.ArrayList<>();
      for (int k = 0; k < 16; k++) {
        results.add(pool.submit(() -> MaskOps.distanceField(m).toArray()));
      }
      for (Future<float[]> f : results) {
        assertArrayEquals(expected, f.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void outlinesTraceEveryRegionLargestFirst() {
    int h = 30;
    int w = 40;
    byte[] labels = new byte[h * w];
    for (int r = 0; r < h; r++) {
      for (int c = 0; c < w; c++) {
        boolean small = r >= 2 && r < 5 && c >= 2 && c < 5;       // 3x3 at the top left
        boolean big = r >= 10 && r < 20 && c >= 15 && c < 35;     // 10x20 further down
        labels[r * w + c] = small || big ? Mask.OBJECT : Mask.BACKGROUND;
      }
    }
    List<List<int[]>> outlines = MaskOps.outlines(Mask.fromLabels(h, w, labels));
    assertEquals(2, outlines.size(), "one polygon per region, not only the largest");
    assertEquals(List.of("15,10", "15,19", "34,19", "34,10"), xy(outlines.get(0)), "the big one first, {x, y}");
    assertEquals(List.of("2,2", "2,4", "4,4", "4,2"), xy(outlines.get(1)));
    assertEquals(List.of(), MaskOps.outlines(Mask.empty(h, w)));
  }

  private static List<String> xy(List<int[]> polygon) {
    return polygon.stream().map(p -> p[0] + "," + p[1]).toList();
  }
}
