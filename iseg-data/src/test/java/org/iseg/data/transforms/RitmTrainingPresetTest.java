package org.iseg.data.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Random;
import org.iseg.data.Transform;
import org.iseg.api.Image;
import org.iseg.api.testing.SharedData;
import org.iseg.data.DatasetViews;
import org.iseg.data.FullMask;
import org.iseg.data.SegDataset;
import org.iseg.data.SegSample;
import org.iseg.data.datasets.Bsds500Dataset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** RITM's training augmentation preset ({@link Transforms#ritmTraining}) on real BSDS500 annotations. */
class RitmTrainingPresetTest {
  private static SegDataset images;

  @BeforeAll
  static void data() {
    Path root = SharedData.dataset("BSDS500");
    images = DatasetViews.cached(DatasetViews.range(Bsds500Dataset.open(root, Bsds500Dataset.Split.TEST), 0, 3));
  }

  @Test
  void augmentationCropsToSizeKeepsLabelsAndIsSeeded() {
    Transform aug = Transforms.ritmTraining(96, 128, 0.5, 1.2);
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
    Transform aug = Transforms.ritmValidation(50, 70, 1);
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
  void smallImagesArePaddedWithIgnoredLabelsAndBadSettingsNameTheArgument() {
    SegSample s = images.get(2);
    // at scale 0.1 the image is far smaller than the crop: the rest is black padding whose labels are ignored
    SegSample a = Transforms.ritmValidation(200, 300, 0.1).apply(s, new Random(4));
    int ignored = 0;
    for (int i = 0; i < 200 * 300; i++) {
      ignored += a.mask().labelAt(0, i) == FullMask.IGNORE ? 1 : 0;
    }
    assertTrue(ignored > 200 * 300 / 2, "padding is ignored, got " + ignored);
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Transforms.ritmTraining(0, 10, 0.5, 1))
        .getMessage().contains("crop size"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Transforms.ritmTraining(10, 10, 1.2, 0.5))
        .getMessage().contains("scale range"));
  }
}
