package org.iseg.data.selectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.iseg.api.Mask;
import org.iseg.data.FullMask;
import org.iseg.data.RegionSelector;

class RegionSelectorPropertiesTest {
  /** 1..3 layers of blobby labels -1..4 on up to 24x24. */
  @Provide
  Arbitrary<FullMask> fullMasks() {
    return Combinators.combine(Arbitraries.integers().between(1, 24), Arbitraries.integers().between(1, 24),
        Arbitraries.integers().between(1, 3), Arbitraries.longs()).as((h, w, layers, seed) -> {
          Random r = new Random(seed);
          List<int[]> out = new ArrayList<>();
          for (int k = 0; k < layers; k++) {
            int[] labels = new int[h * w];
            int cell = 1 + r.nextInt(6); // blocks make connected regions
            int[] palette = new int[64];
            for (int i = 0; i < palette.length; i++) {
              palette[i] = r.nextInt(6) - 1;
            }
            for (int row = 0; row < h; row++) {
              for (int col = 0; col < w; col++) {
                labels[row * w + col] = palette[(row / cell * 8 + col / cell) % 64];
              }
            }
            out.add(labels);
          }
          return FullMask.of(h, w, out);
        });
  }

  @Provide
  Arbitrary<RegionSelector> objectSelectors() {
    return Arbitraries.of(RegionSelectors.firstLayer(), RegionSelectors.randomObject(),
        RegionSelectors.randomMerge(3), RegionSelectors.randomConnectedComponent(), RegionSelectors.largestObject());
  }

  @Property(tries = 200)
  void selectedRegionLiesInsideOneLayersRegions(@ForAll("fullMasks") FullMask full,
      @ForAll("objectSelectors") RegionSelector selector, @ForAll long seed) {
    Mask target = selector.select(full, new Random(seed));
    assertEquals(full.height(), target.height());
    boolean someLayerContainsIt = false;
    for (int k = 0; k < full.layerCount() && !someLayerContainsIt; k++) {
      boolean inside = true;
      boolean ignoreKept = true;
      for (int i = 0; i < full.height() * full.width(); i++) {
        if (target.labelAt(i) == Mask.OBJECT && full.labelAt(k, i) <= 0) {
          inside = false;
        }
        if ((target.labelAt(i) == Mask.IGNORE) != (full.labelAt(k, i) == FullMask.IGNORE)) {
          ignoreKept = false;
        }
      }
      someLayerContainsIt = inside && ignoreKept;
    }
    assertTrue(someLayerContainsIt, "target is a subset of one layer's regions, with that layer's ignore");
  }

  @Property(tries = 200)
  void singleObjectSelectorsPickExactlyOneRegionOrAConnectedPartOfIt(@ForAll("fullMasks") FullMask full,
      @ForAll long seed) {
    Mask object = RegionSelectors.randomObject().select(full, new Random(seed));
    Mask component = RegionSelectors.randomConnectedComponent().select(full, new Random(seed));
    // both draw the same (layer, id) first, so the component is inside the object
    assertEquals(0, component.minus(object).area());
    if (!object.isEmpty()) {
      assertTrue(!component.isEmpty());
      assertTrue(isOneRegion(full, object), "random object is one whole (layer, label) region");
    }
  }

  @Property(tries = 200)
  void backgroundIsOutsideEveryRegion(@ForAll("fullMasks") FullMask full) {
    Mask bg = RegionSelectors.background().select(full, new Random(0));
    for (int i = 0; i < full.height() * full.width(); i++) {
      for (int k = 0; k < full.layerCount(); k++) {
        if (bg.labelAt(i) == Mask.OBJECT) {
          assertEquals(0, full.labelAt(k, i));
        }
      }
    }
  }

  @Property(tries = 200)
  void largestObjectHasTheLargestArea(@ForAll("fullMasks") FullMask full) {
    Mask largest = RegionSelectors.largestObject().select(full, new Random(0));
    for (int k = 0; k < full.layerCount(); k++) {
      for (int id : full.regionIds(k)) {
        assertTrue(full.area(k, id) <= largest.area());
      }
    }
  }

  @Property(tries = 100)
  void sameSeedSameRegion(@ForAll("fullMasks") FullMask full, @ForAll("objectSelectors") RegionSelector selector,
      @ForAll long seed) {
    assertEquals(selector.select(full, new Random(seed)), selector.select(full, new Random(seed)));
  }

  @Example
  void connectedComponentsAreFourConnected() {
    // label 1 forms two diagonal-touching blocks: 4-connectivity makes them two components
    int[] labels = {1, 0, 0, 1};
    FullMask full = FullMask.of(2, 2, labels);
    java.util.Set<Mask> seen = new java.util.HashSet<>();
    for (long seed = 0; seed < 40; seed++) {
      Mask m = RegionSelectors.randomConnectedComponent().select(full, new Random(seed));
      assertEquals(1, m.area());
      seen.add(m);
    }
    assertEquals(2, seen.size());
  }

  @Example
  void mergeJoinsSeveralRegionsOfOneLayer() {
    FullMask full = FullMask.of(1, 4, new int[] {1, 2, 3, 0});
    java.util.Set<Integer> areas = new java.util.HashSet<>();
    for (long seed = 0; seed < 60; seed++) {
      areas.add(RegionSelectors.randomMerge(3).select(full, new Random(seed)).area());
    }
    assertEquals(java.util.Set.of(1, 2, 3), areas);
  }

  private static boolean isOneRegion(FullMask full, Mask m) {
    for (int k = 0; k < full.layerCount(); k++) {
      for (int id : full.regionIds(k)) {
        if (full.region(k, id).equals(m)) {
          return true;
        }
      }
    }
    return false;
  }
}
