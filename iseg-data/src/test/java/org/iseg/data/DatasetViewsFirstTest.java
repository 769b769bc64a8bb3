package org.iseg.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.iseg.api.Image;
import org.iseg.api.Mask;
import org.junit.jupiter.api.Test;

/** {@link DatasetViews#first}: the leading samples of an evaluation dataset under its own name. */
class DatasetViewsFirstTest {

  /** Five samples whose image height is their index + 1; records what was decoded. */
  private static final class Numbered implements EvaluationDataset {
    final List<Integer> decoded = new ArrayList<>();

    @Override
    public String name() {
      return "numbered";
    }

    @Override
    public int size() {
      return 5;
    }

    @Override
    public EvaluationSample get(int index) {
      decoded.add(index);
      return new EvaluationSample("s" + index, Image.filled(index + 1, 2, 0, 0, 0), Mask.empty(index + 1, 2));
    }

    @Override
    public String id(int index) {
      return "s" + index;
    }
  }

  @Test
  void keepsTheNameAndTheLeadingSamples() {
    Numbered all = new Numbered();
    EvaluationDataset three = DatasetViews.first(all, 3);
    assertEquals("numbered", three.name(), "the name decides robot seeds and RITM's per-dataset settings");
    assertEquals(3, three.size());
    assertEquals(List.of("s0", "s1", "s2"), List.of(three.id(0), three.id(1), three.id(2)));
    assertEquals(3, three.get(2).image().height());
    assertEquals(List.of(2), all.decoded, "ids need no decoding");
    assertThrows(IndexOutOfBoundsException.class, () -> three.get(3));
    assertThrows(IndexOutOfBoundsException.class, () -> three.id(-1));
    assertEquals(5, DatasetViews.first(all, 99).size());
    assertEquals(0, DatasetViews.first(all, 0).size());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DatasetViews.first(all, -1));
    assertEquals("cannot take the first -1 samples of numbered", e.getMessage());
  }
}
