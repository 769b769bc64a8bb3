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

  /** The indices of the samples {@link #all} decoded. */
  private final List<Integer> decoded = new ArrayList<>();

  /** Five samples whose image height is their index + 1; ids without decoding. */
  private final EvaluationDataset all = EvaluationDataset.indexed("numbered", 5, index -> "s" + index, index -> {
    decoded.add(index);
    return new EvaluationSample("s" + index, Image.filled(index + 1, 2, 0, 0, 0), Mask.empty(index + 1, 2));
  });

  @Test
  void keepsTheNameAndTheLeadingSamples() {
    EvaluationDataset three = DatasetViews.first(all, 3);
    assertEquals("numbered", three.name(), "the name decides robot seeds and RITM's per-dataset settings");
    assertEquals(3, three.size());
    assertEquals(List.of("s0", "s1", "s2"), List.of(three.id(0), three.id(1), three.id(2)));
    assertEquals(3, three.get(2).image().height());
    assertEquals(List.of(2), decoded, "ids need no decoding");
    assertThrows(IndexOutOfBoundsException.class, () -> three.get(3));
    assertThrows(IndexOutOfBoundsException.class, () -> three.id(-1));
    assertEquals(5, DatasetViews.first(all, 99).size());
    assertEquals(0, DatasetViews.first(all, 0).size());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DatasetViews.first(all, -1));
    assertEquals("cannot take the first -1 samples of numbered", e.getMessage());
  }
}
