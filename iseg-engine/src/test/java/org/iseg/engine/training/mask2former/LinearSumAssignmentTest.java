package org.iseg.engine.training.mask2former;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The solver against brute force over all assignments, and scipy's documented examples. */
class LinearSumAssignmentTest {

  @Test
  void scipysSquareExample() {
    // scipy.optimize.linear_sum_assignment docstring: rows [0, 1, 2], cols [1, 0, 2], cost 5.
    double[][] cost = {{4, 1, 3}, {2, 0, 5}, {3, 2, 2}};
    LinearSumAssignment.Result r = LinearSumAssignment.solve(cost);
    assertArrayEquals(new int[] {0, 1, 2}, r.rows());
    assertArrayEquals(new int[] {1, 0, 2}, r.cols());
    assertEquals(5, r.cost(cost));
  }

  @Test
  void tallMatrixAssignsEveryColumnAndListsPairsByRow() {
    // 5 queries x 2 targets: target 0 best at row 3, target 1 best at row 1.
    double[][] cost = {{9, 9}, {9, 1}, {9, 9}, {0, 2}, {5, 9}};
    LinearSumAssignment.Result r = LinearSumAssignment.solve(cost);
    assertArrayEquals(new int[] {1, 3}, r.rows());
    assertArrayEquals(new int[] {1, 0}, r.cols());
  }

  @Test
  void wideMatrixAssignsEveryRow() {
    double[][] cost = {{3, 0, 7, 1}, {0, 1, 7, 9}};
    LinearSumAssignment.Result r = LinearSumAssignment.solve(cost);
    assertArrayEquals(new int[] {0, 1}, r.rows());
    assertArrayEquals(new int[] {1, 0}, r.cols());
  }

  @Test
  void emptyAndInvalidMatrices() {
    assertEquals(0, LinearSumAssignment.solve(new double[0][]).rows().length);
    assertEquals(0, LinearSumAssignment.solve(new double[3][0]).rows().length);
    assertThrows(IllegalArgumentException.class, () -> LinearSumAssignment.solve(new double[][] {{1, Double.NaN}}));
    assertThrows(IllegalArgumentException.class, () -> LinearSumAssignment.solve(new double[][] {{1, 2}, {3}}));
  }

  @Property(tries = 300)
  void optimalAgainstBruteForce(
      @ForAll @IntRange(min = 1, max = 6) int rows,
      @ForAll @IntRange(min = 1, max = 6) int cols,
      @ForAll long seed,
      @ForAll boolean integerCosts) {
    Random random = new Random(seed);
    double[][] cost = new double[rows][cols];
    for (double[] row : cost) {
      for (int j = 0; j < cols; j++) {
        // Integer costs make ties (several optima); Gaussian ones a unique optimum.
        row[j] = integerCosts ? random.nextInt(4) : random.nextGaussian() * 10;
      }
    }
    LinearSumAssignment.Result r = LinearSumAssignment.solve(cost);
    int n = Math.min(rows, cols);
    assertEquals(n, r.rows().length);
    boolean[] rowUsed = new boolean[rows];
    boolean[] colUsed = new boolean[cols];
    for (int i = 0; i < n; i++) {
      assertTrue(i == 0 || r.rows()[i] > r.rows()[i - 1], "rows ascending");
      assertTrue(!rowUsed[r.rows()[i]] && !colUsed[r.cols()[i]], "distinct rows and columns");
      rowUsed[r.rows()[i]] = true;
      colUsed[r.cols()[i]] = true;
    }
    BruteForce best = new BruteForce(cost);
    assertEquals(best.min, r.cost(cost), 1e-9);
    if (!integerCosts) {
      // The optimum is unique: the same pairs.
      assertArrayEquals(best.rows, r.rows());
      assertArrayEquals(best.cols, r.cols());
    }
  }

  /** Minimum over every injective map from the smaller side to the larger. */
  private static final class BruteForce {
    final double[][] cost;
    final boolean tall;
    final int small;
    final int large;
    double min = Double.POSITIVE_INFINITY;
    int[] rows;
    int[] cols;

    BruteForce(double[][] cost) {
      this.cost = cost;
      tall = cost.length > cost[0].length;
      small = Math.min(cost.length, cost[0].length);
      large = Math.max(cost.length, cost[0].length);
      search(0, new int[small], new boolean[large], 0);
    }

    private void search(int i, int[] pick, boolean[] used, double sum) {
      if (i == small) {
        if (sum < min) {
          min = sum;
          int[][] pairs = new int[small][];
          for (int k = 0; k < small; k++) {
            pairs[k] = tall ? new int[] {pick[k], k} : new int[] {k, pick[k]};
          }
          java.util.Arrays.sort(pairs, (a, b) -> Integer.compare(a[0], b[0]));
          rows = java.util.Arrays.stream(pairs).mapToInt(p -> p[0]).toArray();
          cols = java.util.Arrays.stream(pairs).mapToInt(p -> p[1]).toArray();
        }
        return;
      }
      for (int j = 0; j < large; j++) {
        if (!used[j]) {
          used[j] = true;
          pick[i] = j;
          search(i + 1, pick, used, sum + (tall ? cost[j][i] : cost[i][j]));
          used[j] = false;
        }
      }
    }
  }
}
