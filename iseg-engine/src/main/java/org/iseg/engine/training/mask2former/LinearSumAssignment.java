package org.iseg.engine.training.mask2former;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;

/**
 * Minimum-cost assignment on a rectangular cost matrix, with scipy's {@code linear_sum_assignment} semantics:
 * every row is assigned to a distinct column when there are no more rows than columns, else every column to a
 * distinct row; the pairs come back sorted by row index.
 *
 * <p>The solver is the shortest-augmenting-path Hungarian method with row and column potentials (Kuhn–Munkres
 * in the Jonker–Volgenant formulation), O(n² m) for n ≤ m; a matrix with more rows than columns is solved
 * transposed. No maintained Java library on Maven Central fits (commons-math has none), hence this class.
 *
 * <pre>{@code
 * LinearSumAssignment.Result r = LinearSumAssignment.solve(new double[][] {{4, 1}, {2, 0}, {3, 2}});
 * // r.rows() = [0, 1], r.cols() = [1, 0]: cost 1 + 2
 * }</pre>
 */
public final class LinearSumAssignment {
  private LinearSumAssignment() {}

  /**
   * An optimal assignment: {@code rows[i]} is matched to {@code cols[i]}; rows ascending.
   *
   * @param rows matched row indices, ascending
   * @param cols the column matched to each row
   */
  public record Result(int[] rows, int[] cols) {
    /** The total cost of this assignment on {@code cost}. */
    public double cost(double[][] cost) {
      double sum = 0;
      for (int i = 0; i < rows.length; i++) {
        sum += cost[rows[i]][cols[i]];
      }
      return sum;
    }
  }

  /**
   * Solves the assignment problem on {@code cost} (rows × columns, every entry finite).
   *
   * @throws IllegalArgumentException on a ragged matrix or a NaN / infinite entry
   */
  public static Result solve(double[][] cost) {
    int rows = cost.length;
    int cols = rows == 0 ? 0 : cost[0].length;
    for (int i = 0; i < rows; i++) {
      checkArgument(cost[i].length == cols, "cost row %s has %s entries, row 0 has %s", i, cost[i].length, cols);
      for (int j = 0; j < cols; j++) {
        checkArgument(Double.isFinite(cost[i][j]), "cost[%s][%s] = %s is not finite", i, j, cost[i][j]);
      }
    }
    if (rows == 0 || cols == 0) {
      return new Result(new int[0], new int[0]);
    }
    if (rows <= cols) {
      int[] colOfRow = solveWide(cost, rows, cols, false);
      int[] r = new int[rows];
      for (int i = 0; i < rows; i++) {
        r[i] = i;
      }
      return new Result(r, colOfRow);
    }
    // More rows than columns: assign every column to a row, then list the pairs by row.
    int[] rowOfCol = solveWide(cost, cols, rows, true);
    int[] order = new int[cols];
    Integer[] byRow = new Integer[cols];
    for (int j = 0; j < cols; j++) {
      byRow[j] = j;
    }
    Arrays.sort(byRow, (a, b) -> Integer.compare(rowOfCol[a], rowOfCol[b]));
    int[] r = new int[cols];
    for (int k = 0; k < cols; k++) {
      order[k] = byRow[k];
      r[k] = rowOfCol[order[k]];
    }
    return new Result(r, order);
  }

  /**
   * Hungarian method for an n × m problem with n ≤ m; {@code transposed} reads {@code cost[j][i]} as entry (i, j).
   * Returns, for each of the n rows, its column.
   */
  private static int[] solveWide(double[][] cost, int n, int m, boolean transposed) {
    double[] u = new double[n + 1];
    double[] v = new double[m + 1];
    int[] rowOfCol = new int[m + 1]; // 1-based row matched to column j, 0 = free; column 0 is the virtual start
    int[] way = new int[m + 1];
    double[] minv = new double[m + 1];
    boolean[] used = new boolean[m + 1];
    for (int i = 1; i <= n; i++) {
      rowOfCol[0] = i;
      int j0 = 0;
      Arrays.fill(minv, Double.POSITIVE_INFINITY);
      Arrays.fill(used, false);
      do {
        used[j0] = true;
        int i0 = rowOfCol[j0];
        double delta = Double.POSITIVE_INFINITY;
        int j1 = -1;
        for (int j = 1; j <= m; j++) {
          if (!used[j]) {
            double c = transposed ? cost[j - 1][i0 - 1] : cost[i0 - 1][j - 1];
            double reduced = c - u[i0] - v[j];
            if (reduced < minv[j]) {
              minv[j] = reduced;
              way[j] = j0;
            }
            if (minv[j] < delta) {
              delta = minv[j];
              j1 = j;
            }
          }
        }
        for (int j = 0; j <= m; j++) {
          if (used[j]) {
            u[rowOfCol[j]] += delta;
            v[j] -= delta;
          } else {
            minv[j] -= delta;
          }
        }
        j0 = j1;
      } while (rowOfCol[j0] != 0);
      do {
        int j1 = way[j0];
        rowOfCol[j0] = rowOfCol[j1];
        j0 = j1;
      } while (j0 != 0);
    }
    int[] colOfRow = new int[n];
    for (int j = 1; j <= m; j++) {
      if (rowOfCol[j] != 0) {
        colOfRow[rowOfCol[j] - 1] = j - 1;
      }
    }
    return colOfRow;
  }
}
