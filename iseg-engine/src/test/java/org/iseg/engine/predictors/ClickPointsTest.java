package org.iseg.engine.predictors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalInt;
import org.iseg.api.Click;
import org.junit.jupiter.api.Test;

class ClickPointsTest {

  @Test
  void positivesThenNegativesPaddedToTheLargerCount() {
    List<NetClick> clicks =
        ClickPoints.inOrder(
            List.of(Click.positive(5, 6, 0), Click.positive(7, 8, 2), Click.positive(1, 1, 3)),
            List.of(Click.negative(9, 10, 1)),
            20,
            20);
    float[][] rows = ClickPoints.rows(List.of(clicks), OptionalInt.empty());
    assertArrayEquals(
        new float[] {5, 6, 0, 7, 8, 2, 1, 1, 3, 9, 10, 1, -1, -1, -1, -1, -1, -1}, rows[0]);
  }

  @Test
  void clicksLimitKeepsTheFirstClicksInClickOrder() {
    List<NetClick> clicks =
        List.of(
            new NetClick(1, 1, true, 0), new NetClick(2, 2, false, 1), new NetClick(3, 3, true, 2),
            new NetClick(4, 4, true, 3));
    // 3 positives, 1 negative -> N = min(limit 2, 3) = 2; only clicks 0 and 1 reach the network
    float[][] rows = ClickPoints.rows(List.of(clicks), OptionalInt.of(2));
    assertArrayEquals(new float[] {1, 1, 0, -1, -1, -1, 2, 2, 1, -1, -1, -1}, rows[0]);
  }

  @Test
  void noClicksGiveOnePaddingPairAndBatchesShareN() {
    float[][] rows =
        ClickPoints.rows(List.of(List.of(), List.of(new NetClick(1, 2, false, 0))), OptionalInt.empty());
    assertArrayEquals(new float[] {-1, -1, -1, -1, -1, -1}, rows[0]);
    assertArrayEquals(new float[] {-1, -1, -1, 1, 2, 0}, rows[1]);
  }

  @Test
  void badClicksAreRejectedWithTheClickInTheMessage() {
    IllegalArgumentException outside =
        assertThrows(
            IllegalArgumentException.class,
            () -> ClickPoints.inOrder(List.of(Click.positive(20, 0, 0)), List.of(), 20, 20));
    assertTrue(outside.getMessage().contains("(20, 0)"), outside.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> ClickPoints.inOrder(List.of(Click.negative(1, 1, 0)), List.of(), 20, 20));
    IllegalArgumentException dup =
        assertThrows(
            IllegalArgumentException.class,
            () -> ClickPoints.inOrder(List.of(Click.positive(1, 1, 0)), List.of(Click.negative(2, 2, 0)), 20, 20));
    assertTrue(dup.getMessage().contains("index 0"), dup.getMessage());
    assertEquals(0, ClickPoints.inOrder(List.of(), List.of(), 1, 1).size());
  }
}
