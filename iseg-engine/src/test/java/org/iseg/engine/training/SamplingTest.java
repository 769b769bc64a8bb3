package org.iseg.engine.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import org.iseg.api.Click;
import org.iseg.api.Image;
import org.iseg.api.Mask;
import org.iseg.api.testing.SharedData;
import org.iseg.data.FullMask;
import org.iseg.data.RegionDataset;
import org.iseg.data.RegionSample;
import org.iseg.data.SegDataset;
import org.iseg.data.SegSample;
import org.iseg.data.datasets.Bsds500Dataset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Augmentation, region selection, initial clicks and the training clicker on real BSDS500 annotations. */
class SamplingTest {
  private static SegDataset images;

  @BeforeAll
  static void data() {
    Path root = SharedData.dataset("BSDS500");
    images = DatasetViews.cached(DatasetViews.range(Bsds500Dataset.open(root, Bsds500Dataset.Split.TEST), 0, 6));
  }

  @Test
  void augmentationCropsToSizeKeepsLabelsAndIsSeeded() {
    RitmAugmentation aug = RitmAugmentation.builder().crop(96, 128).scaleRange(0.5, 1.2).build();
    SegSample s = images.get(0);
    SegSample a = aug.apply(s, new Random(3));
    SegSample b = aug.apply(s, new Random(3));
    assertEquals(96, a.image().height());
    assertEquals(128, a.mask().width());
    assertEquals(s.mask().layerCount(), a.mask().layerCount());
    assertEquals(a.image(), b.image());
    assertEquals(a.mask(), b.mask());
    // every label in the crop exists in the source layer (nearest neighbour, no blending) or is padding
    for (int k = 0; k < a.mask().layerCount(); k++) {
      java.util.Set<Integer> ids = new java.util.HashSet<>();
      for (int id : s.mask().regionIds(k)) {
        ids.add(id);
      }
      for (int i = 0; i < 96 * 128; i++) {
        int v = a.mask().labelAt(k, i);
        assertTrue(v == FullMask.IGNORE || ids.contains(v), "label " + v);
      }
    }
  }

  @Test
  void identityScaleWithoutFlipCopiesAWindowExactly() {
    SegSample s = images.get(1);
    RitmAugmentation aug = RitmAugmentation.builder().crop(50, 70).scaleRange(1, 1).flipProbability(0)
        .colorProbability(0).build();
    SegSample a = aug.apply(s, new Random(9));
    // find the window: the crop must equal the source at some offset
    Image src = s.image();
    boolean found = false;
    for (int top = 0; top <= src.height() - 50 && !found; top++) {
      for (int left = 0; left <= src.width() - 70 && !found; left++) {
        found = window(src, top, left, a.image()) && a.mask().labelAt(0, 0) == s.mask().label(0, top, left);
      }
    }
    assertTrue(found, "an unscaled crop is a window of the image");
  }

  private static boolean window(Image src, int top, int left, Image crop) {
    for (int r = 0; r < crop.height(); r += 7) {
      for (int c = 0; c < crop.width(); c += 5) {
        for (int ch = 0; ch < 3; ch++) {
          if (src.channel(top + r, left + c, ch) != crop.channel(r, c, ch)) {
            return false;
          }
        }
      }
    }
    return true;
  }

  @Test
  void selectorPicksARegionOfOneLayerAboveTheMinimumArea() {
    SegSample s = images.get(2);
    RandomRegionSelector sel = new RandomRegionSelector(500, 0);
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
    assertEquals(0, new RandomRegionSelector(10_000_000, 0).select(s.mask(), new Random(1)).area(),
        "no region large enough: empty target");
  }

  @Test
  void initialClicksLieOnTheRightSideAndCountsStayBounded() {
    RegionDataset ds = new RegionDataset(images, new RandomRegionSelector(300, 0.15),
        RitmAugmentation.builder().crop(128, 192).scaleRange(0.4, 0.8).build(), 5);
    MultiPointSampler sampler = new MultiPointSampler(24, 0.8);
    int multi = 0;
    for (int i = 0; i < 30; i++) {
      RegionSample s = ds.withSeed(i).get(i % images.size());
      if (s.target().area() == 0) {
        continue;
      }
      MultiPointSampler.Points p = sampler.sample(s.target(), new Random(i));
      assertTrue(p.positives().size() >= 1 && p.positives().size() <= 24);
      assertTrue(p.negatives().size() <= 24);
      multi += p.positives().size() > 1 ? 1 : 0;
      for (Click c : p.positives()) {
        assertTrue(s.target().isObject(c.row(), c.col()));
      }
      for (Click c : p.negatives()) {
        assertEquals(Mask.BACKGROUND, s.target().label(c.row(), c.col()));
      }
    }
    assertTrue(multi > 0, "several positive clicks are sometimes drawn");
  }

  @Test
  void trainingClickerCorrectsTheLargerError() {
    Mask target = Mask.fromPredicate(40, 60, i -> (i / 60) >= 10 && (i / 60) < 30 && (i % 60) >= 10
        && (i % 60) < 50);
    float[] empty = new float[40 * 60];
    TrainingClicker clicker = new TrainingClicker(0.49);
    for (int seed = 0; seed < 20; seed++) {
      Optional<Click> c = clicker.next(empty, 0, target, 4, new Random(seed));
      assertTrue(c.isPresent() && c.get().positive() && c.get().index() == 4);
      // inside the object and in its inner half (distance > max/2 = 5)
      assertTrue(c.get().row() > 14 && c.get().row() < 25, c.toString());
    }
    float[] full = new float[40 * 60];
    java.util.Arrays.fill(full, 1f);
    Click neg = clicker.next(full, 0, target, 0, new Random(1)).orElseThrow();
    assertFalse(neg.positive());
    assertFalse(target.isObject(neg.row(), neg.col()));
    float[] perfect = new float[40 * 60];
    for (int i = 0; i < perfect.length; i++) {
      perfect[i] = target.labelAt(i) == Mask.OBJECT ? 1f : 0f;
    }
    assertTrue(clicker.next(perfect, 0, target, 0, new Random(1)).isEmpty(), "no error, no click");
  }
}
