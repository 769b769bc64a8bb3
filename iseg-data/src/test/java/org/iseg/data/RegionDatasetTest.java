package org.iseg.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.iseg.api.Image;
import org.iseg.data.selectors.RegionSelectors;
import org.iseg.data.transforms.Transforms;
import org.junit.jupiter.api.Test;

class RegionDatasetTest {
  /** The smallest possible SegDataset subclass, as its javadoc shows. */
  static final class Squares extends SegDataset {
    @Override
    public String name() {
      return "squares";
    }

    @Override
    public int size() {
      return 20;
    }

    @Override
    public SegSample get(int index) {
      checkIndex(index);
      int[] labels = new int[30 * 40];
      for (int i = 0; i < labels.length; i++) {
        labels[i] = 1 + (i % 40) / 10 + 4 * ((i / 40) / 15); // 8 blocks
      }
      return new SegSample("sq" + index, Image.filled(30, 40, index, 0, 0), FullMask.of(30, 40, labels));
    }
  }

  @Test
  void sameSeedSameSamplesOtherSeedOtherSamples() {
    RegionDataset a = new RegionDataset(new Squares(), RegionSelectors.randomObject(),
        Transforms.compose(Transforms.horizontalFlip(0.5), Transforms.randomCrop(20, 20)), 7);
    RegionDataset b = a.withSeed(7);
    RegionDataset c = a.withSeed(8);
    int differ = 0;
    for (int i = 0; i < a.size(); i++) {
      RegionSample s = a.get(i);
      assertEquals(s, b.get(i));
      assertEquals(20, s.image().height());
      if (!s.equals(c.get(i))) {
        differ++;
      }
    }
    assertNotEquals(0, differ);
  }

  @Test
  void evaluationViewIsFixedAndIndexChecked() {
    EvaluationDataset eval = EvaluationDataset.of(new Squares(), RegionSelectors.randomObject());
    assertEquals(20, eval.size());
    assertEquals(eval.get(3), eval.get(3));
    assertEquals("sq3", eval.id(3));
    assertEquals(List.of(eval.get(0), eval.get(1)), eval.asList().subList(0, 2));
    assertThrows(IndexOutOfBoundsException.class, () -> eval.get(20));
  }
}
