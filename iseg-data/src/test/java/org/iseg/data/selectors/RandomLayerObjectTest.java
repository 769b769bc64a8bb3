package org.iseg.data.selectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Random;
import org.iseg.api.Mask;
import org.iseg.api.testing.SharedData;
import org.iseg.data.DatasetViews;
import org.iseg.data.RegionSelector;
import org.iseg.data.SegDataset;
import org.iseg.data.SegSample;
import org.iseg.data.datasets.Bsds500Dataset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** RITM's training selection over annotators ({@link RegionSelectors#randomLayerObject}) on BSDS500. */
class RandomLayerObjectTest {
  private static SegDataset images;

  @BeforeAll
  static void data() {
    Path root = SharedData.dataset("BSDS500");
    images = DatasetViews.range(Bsds500Dataset.open(root, Bsds500Dataset.Split.TEST), 0, 3);
  }

  @Test
  void selectorPicksARegionOfOneLayerAboveTheMinimumArea() {
    SegSample s = images.get(2);
    RegionSelector sel = RegionSelectors.randomLayerObject(500, 0);
    for (int seed = 0; seed < 10; seed++) {
      Mask t = sel.select(s.mask(), new Random(seed));
      assertTrue(t.area() >= 500);
      boolean matches = false;
      for (int k = 0; k < s.mask().layerCount() && !matches; k++) {
        int first = -1;
        for (int i = 0; i < t.height() * t.width(); i++) {
          if (t.labelAt(i) == Mask.OBJECT) {
            first = s.mask().labelAt(k, i);
            break;
          }
        }
        matches = s.mask().region(k, first).equals(t);
      }
      assertTrue(matches, "the target is exactly one region of one layer");
    }
    assertEquals(0, RegionSelectors.randomLayerObject(10_000_000, 0).select(s.mask(), new Random(1)).area(),
        "no region large enough: empty target");
  }

  @Test
  void mergingAddsASecondRegionOfTheSameLayer() {
    SegSample s = images.get(2);
    RegionSelector single = RegionSelectors.randomLayerObject(200, 0);
    RegionSelector merged = RegionSelectors.randomLayerObject(200, 1);
    int larger = 0;
    for (int seed = 0; seed < 10; seed++) {
      // same draws up to the merge decision: the merged target contains the single one
      Mask one = single.select(s.mask(), new Random(seed));
      Mask two = merged.select(s.mask(), new Random(seed));
      for (int i = 0; i < one.height() * one.width(); i++) {
        if (one.labelAt(i) == Mask.OBJECT) {
          assertEquals(Mask.OBJECT, two.labelAt(i));
        }
      }
      larger += two.area() > one.area() ? 1 : 0;
    }
    assertNotEquals(0, larger, "a second region is merged in");
  }
}
