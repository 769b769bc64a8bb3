package org.iseg.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class ClickHistoryTest {

  @Property
  void viewsPartitionTheHistoryInOrder(@ForAll @Size(max = 30) List<Boolean> signs,
      @ForAll @IntRange(min = 0, max = 500) int offset) {
    List<Click> clicks = new ArrayList<>();
    for (int i = 0; i < signs.size(); i++) {
      clicks.add(new Click(offset + i, 2 * i, signs.get(i), i));
    }
    ClickHistory history = ClickHistory.of(clicks);
    assertEquals(clicks, history.all());
    assertEquals(signs.size(), history.positives().size() + history.negatives().size());
    assertTrue(history.positives().stream().allMatch(Click::positive));
    assertTrue(history.negatives().stream().noneMatch(Click::positive));
    assertIncreasingIndex(history.positives());
    assertIncreasingIndex(history.negatives());
    for (int k = 0; k <= signs.size(); k++) {
      assertEquals(clicks.subList(0, k), history.first(k).all());
    }
  }

  @Test
  void indicesMustBeConsecutive() {
    ClickHistory one = ClickHistory.empty().plus(Click.positive(1, 1, 0));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> one.plus(Click.negative(2, 2, 5)));
    assertTrue(e.getMessage().contains("next index is 1"), e.getMessage());
    assertThrows(UnsupportedOperationException.class, () -> one.all().add(Click.positive(0, 0, 1)));
  }

  @Test
  void clickOutsideImageIsRejectedWithBothSizes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Click.positive(10, 3, 0).requireInside(10, 20));
    assertTrue(e.getMessage().contains("10x20"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Click.positive(-1, 3, 0));
  }

  private static void assertIncreasingIndex(List<Click> clicks) {
    for (int i = 1; i < clicks.size(); i++) {
      assertTrue(clicks.get(i - 1).index() < clicks.get(i).index());
    }
  }
}
