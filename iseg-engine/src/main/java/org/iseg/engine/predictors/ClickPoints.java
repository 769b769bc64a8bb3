package org.iseg.engine.predictors;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;
import org.iseg.api.Click;

/**
 * The click tensor of RITM's {@code BasePredictor.get_points_nd}: per batch item, the positive clicks then the
 * negative ones, each group padded with {@code (-1, -1, -1)} rows to the same count N (at least 1), rows
 * {@code (row, col, click index)}.
 *
 * <pre>{@code
 * NDArray points = ClickPoints.encode(manager, List.of(clicks), OptionalInt.empty());   // 1 x 2N x 3
 * }</pre>
 */
public final class ClickPoints {
  private ClickPoints() {}

  /**
   * The points of several click lists (RITM's batch: the image, then its mirror).
   *
   * @param limit only the first {@code limit} clicks of each list, in click order, are kept
   */
  public static float[][] rows(List<List<NetClick>> clickLists, OptionalInt limit) {
    int maxPoints = 0;
    for (List<NetClick> clicks : clickLists) {
      int positives = (int) clicks.stream().filter(NetClick::positive).count();
      maxPoints = Math.max(maxPoints, Math.max(positives, clicks.size() - positives));
    }
    if (limit.isPresent()) {
      maxPoints = Math.min(limit.getAsInt(), maxPoints);
    }
    maxPoints = Math.max(1, maxPoints);
    float[][] out = new float[clickLists.size()][];
    for (int b = 0; b < clickLists.size(); b++) {
      List<NetClick> clicks = clickLists.get(b);
      if (limit.isPresent() && clicks.size() > limit.getAsInt()) {
        clicks = clicks.subList(0, limit.getAsInt());
      }
      float[] rows = new float[2 * maxPoints * 3];
      java.util.Arrays.fill(rows, -1f);
      int pos = 0;
      int neg = 0;
      for (NetClick click : clicks) {
        int slot = click.positive() ? pos++ : maxPoints + neg++;
        rows[3 * slot] = (float) click.row();
        rows[3 * slot + 1] = (float) click.col();
        rows[3 * slot + 2] = click.index();
      }
      out[b] = rows;
    }
    return out;
  }

  /** {@link #rows} as a float {@code B x 2N x 3} array. */
  public static NDArray encode(NDManager manager, List<List<NetClick>> clickLists, OptionalInt limit) {
    float[][] rows = rows(clickLists, limit);
    int perItem = rows[0].length;
    float[] flat = new float[rows.length * perItem];
    for (int b = 0; b < rows.length; b++) {
      System.arraycopy(rows[b], 0, flat, b * perItem, perItem);
    }
    return manager.create(flat, new Shape(rows.length, perItem / 3, 3));
  }

  /**
   * The clicks of an interaction in click order, checked against a {@code height x width} image.
   *
   * @throws IllegalArgumentException when a click lies outside, has the wrong sign for its list, or two share an
   *     index
   */
  public static List<NetClick> inOrder(List<Click> pcs, List<Click> ncs, int height, int width) {
    List<Click> all = new ArrayList<>(pcs.size() + ncs.size());
    for (Click c : pcs) {
      if (!c.positive()) {
        throw new IllegalArgumentException("negative click " + c + " passed among the positive clicks (pcs)");
      }
      all.add(c.requireInside(height, width));
    }
    for (Click c : ncs) {
      if (c.positive()) {
        throw new IllegalArgumentException("positive click " + c + " passed among the negative clicks (ncs)");
      }
      all.add(c.requireInside(height, width));
    }
    all.sort(Comparator.comparingInt(Click::index));
    List<NetClick> out = new ArrayList<>(all.size());
    for (int i = 0; i < all.size(); i++) {
      if (i > 0 && all.get(i).index() == all.get(i - 1).index()) {
        throw new IllegalArgumentException(
            "clicks " + all.get(i - 1) + " and " + all.get(i) + " share index " + all.get(i).index()
                + "; every click of an interaction needs its own index");
      }
      out.add(NetClick.of(all.get(i)));
    }
    return out;
  }
}
