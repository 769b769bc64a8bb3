package org.iseg.engine.segmentation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.iseg.api.Click;
import org.iseg.api.Mask;
import org.iseg.api.ProbabilityMap;

/**
 * The query masks of one image (what a Mask2Former network proposes, at the image's size) and the click rule that
 * selects among them: how {@link Mask2FormerClickModel} turns clicks into a mask without running the network again.
 *
 * <pre>{@code
 * QueryMasks queries = QueryMasks.of(h, w, probabilities, objectness);   // or Mask2FormerPredictor's network
 * List<Integer> chosen = queries.select(positives, negatives, previousMask, 0.0);
 * ProbabilityMap y = queries.union(chosen);
 * }</pre>
 *
 * <p><b>Coverage.</b> Query {@code q} covers pixel {@code i} when its mask probability there is above 0.5 (mask
 * logit &gt; 0). Probabilities are kept in 8 bits (1/255 steps, so 100 queries of a megapixel image take 100 MB),
 * rounded so that the stored value is above 0.5 exactly where the query covers the pixel.
 *
 * <p><b>The rule</b> ({@link #select}). Let {@code P}, {@code N} be the positive and negative clicks, {@code M} the
 * previous mask, {@code C(q)} the pixels {@code q} covers, and the candidates the queries whose objectness
 * ({@code 1 - p(no-object)}) is at least {@code minObjectness}.
 * <ol>
 *   <li>No positive click: nothing is selected (an empty mask).
 *   <li>Seed: among candidates covering at least one positive click, the one with the largest
 *       {@code |P ∩ C(q)| - |N ∩ C(q)|}; ties go to fewer negatives covered, then the larger IoU of {@code C(q)} with
 *       {@code M} (the previous mask keeps the selection stable), then higher objectness, then the lower index.
 *       No such query: nothing is selected.
 *   <li>Growth: while a positive click lies outside the selection's union, add the candidate that covers no
 *       negative click and the most still-uncovered positive clicks (at least one); ties as above by IoU with
 *       {@code M}, objectness, index. Stop when every positive is covered or no such query is left.
 * </ol>
 * The mask ({@link #union}) is, per pixel, the largest probability among the selected queries: above 0.5 exactly
 * on the union of their coverage. So every positive click that some candidate covering no negative click covers
 * lies in the mask, and a negative click lies in it only when the seed covers it.
 */
public final class QueryMasks {
  private final int height;
  private final int width;
  private final byte[][] planes;
  private final float[] objectness;

  private QueryMasks(int height, int width, byte[][] planes, float[] objectness) {
    this.height = height;
    this.width = width;
    this.planes = planes;
    this.objectness = objectness;
  }

  /**
   * Query masks given as probabilities.
   *
   * @param probabilities per query, {@code height * width} values in [0, 1], row by row
   * @param objectness per query, {@code 1 - p(no-object)} in [0, 1]
   */
  public static QueryMasks of(int height, int width, float[][] probabilities, float[] objectness) {
    byte[][] planes = new byte[probabilities.length][];
    for (int q = 0; q < probabilities.length; q++) {
      float[] p = probabilities[q];
      if (p.length != height * width) {
        throw new IllegalArgumentException("query " + q + " has " + p.length + " probabilities, expected "
            + height + " x " + width);
      }
      planes[q] = new byte[p.length];
      for (int i = 0; i < p.length; i++) {
        if (!(p[i] >= 0f && p[i] <= 1f)) {
          throw new IllegalArgumentException("query " + q + ": probability " + p[i] + " outside [0, 1]");
        }
        planes[q][i] = quantise(p[i], p[i] > 0.5f);
      }
    }
    return ofQuantised(height, width, planes, objectness);
  }

  static QueryMasks ofQuantised(int height, int width, byte[][] planes, float[] objectness) {
    if (planes.length != objectness.length) {
      throw new IllegalArgumentException(planes.length + " query masks but " + objectness.length
          + " objectness scores");
    }
    for (float o : objectness) {
      if (!(o >= 0f && o <= 1f)) {
        throw new IllegalArgumentException("objectness " + o + " outside [0, 1]");
      }
    }
    return new QueryMasks(height, width, planes, objectness.clone());
  }

  /** Mask logits → 8-bit probabilities, covered exactly where the logit is positive. */
  static byte[] quantiseLogits(float[] logits) {
    byte[] out = new byte[logits.length];
    for (int i = 0; i < logits.length; i++) {
      out[i] = quantise(Mask2FormerPostprocess.sigmoid(logits[i]), logits[i] > 0f);
    }
    return out;
  }

  private static byte quantise(float p, boolean covered) {
    int v = Math.round(p * 255f);
    return (byte) (covered ? Math.max(128, v) : Math.min(127, v));
  }

  public int height() {
    return height;
  }

  public int width() {
    return width;
  }

  /** How many query masks there are. */
  public int size() {
    return planes.length;
  }

  /** Query {@code q}'s objectness, {@code 1 - p(no-object)}. */
  public float objectness(int q) {
    return objectness[q];
  }

  /** Whether query {@code q} covers the pixel (probability above 0.5). */
  public boolean covers(int q, int row, int col) {
    return covered(q, row * width + col);
  }

  /** The pixels query {@code q} covers. */
  public Mask coverage(int q) {
    return Mask.fromPredicate(height, width, i -> covered(q, i));
  }

  private boolean covered(int q, int i) {
    return (planes[q][i] & 0xff) >= 128;
  }

  /**
   * The queries the clicks select, seed first (see the class documentation for the rule).
   *
   * @param previous the previous prediction, of the image's size: its pixels above 0.5 break ties (read only when a
   *     tie reaches them, so a click thresholds nothing)
   * @param minObjectness queries below it are never selected (0 = every query is a candidate)
   */
  public List<Integer> select(List<Click> positives, List<Click> negatives, ProbabilityMap previous,
      double minObjectness) {
    if (previous.height() != height || previous.width() != width) {
      throw new IllegalArgumentException("previous mask is " + previous.width() + "x" + previous.height()
          + " but the query masks are " + width + "x" + height);
    }
    int[] pos = pixels(positives);
    int[] neg = pixels(negatives);
    List<Integer> selected = new ArrayList<>();
    if (pos.length == 0) {
      return selected;
    }
    double[] iou = new double[planes.length];
    Arrays.fill(iou, Double.NaN); // computed only for queries a tie reaches
    int seed = -1;
    int seedScore = 0;
    int seedNegatives = 0;
    for (int q = 0; q < planes.length; q++) {
      if (objectness[q] < minObjectness) {
        continue;
      }
      int p = count(q, pos, null);
      if (p == 0) {
        continue;
      }
      int n = count(q, neg, null);
      int score = p - n;
      int order = seed < 0 ? 1 : Integer.compare(score, seedScore);
      if (order == 0) {
        order = Integer.compare(seedNegatives, n);
      }
      if (order == 0) {
        order = compareTies(q, seed, previous, iou);
      }
      if (order > 0) {
        seed = q;
        seedScore = score;
        seedNegatives = n;
      }
    }
    if (seed < 0) {
      return selected;
    }
    selected.add(seed);
    boolean[] uncovered = new boolean[pos.length];
    int left = 0;
    for (int k = 0; k < pos.length; k++) {
      uncovered[k] = !covered(seed, pos[k]);
      left += uncovered[k] ? 1 : 0;
    }
    while (left > 0) {
      int best = -1;
      int bestGain = 0;
      for (int q = 0; q < planes.length; q++) {
        if (objectness[q] < minObjectness || selected.contains(q) || count(q, neg, null) > 0) {
          continue;
        }
        int gain = count(q, pos, uncovered);
        if (gain == 0) {
          continue;
        }
        int order = best < 0 ? 1 : Integer.compare(gain, bestGain);
        if (order == 0) {
          order = compareTies(q, best, previous, iou);
        }
        if (order > 0) {
          best = q;
          bestGain = gain;
        }
      }
      if (best < 0) {
        break;
      }
      selected.add(best);
      for (int k = 0; k < pos.length; k++) {
        if (uncovered[k] && covered(best, pos[k])) {
          uncovered[k] = false;
          left--;
        }
      }
    }
    return selected;
  }

  /**
   * The mask of a selection: per pixel the largest probability among {@code queries} (zeros for none), above
   * 0.5 exactly on the union of their coverage.
   */
  public ProbabilityMap union(List<Integer> queries) {
    int n = height * width;
    int[] max = new int[n];
    for (int q : queries) {
      byte[] plane = planes[q];
      for (int i = 0; i < n; i++) {
        max[i] = Math.max(max[i], plane[i] & 0xff);
      }
    }
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = max[i] / 255f;
    }
    return ProbabilityMap.of(height, width, values);
  }

  /** Positive when query {@code q} wins a tie against {@code other}: IoU with the previous mask, objectness, index. */
  private int compareTies(int q, int other, ProbabilityMap previous, double[] iou) {
    int order = Double.compare(iou(q, previous, iou), iou(other, previous, iou));
    if (order == 0) {
      order = Float.compare(objectness[q], objectness[other]);
    }
    return order == 0 ? Integer.compare(other, q) : order;
  }

  private double iou(int q, ProbabilityMap previous, double[] memo) {
    if (Double.isNaN(memo[q])) {
      long inter = 0;
      long union = 0;
      byte[] plane = planes[q];
      for (int i = 0; i < plane.length; i++) {
        boolean a = (plane[i] & 0xff) >= 128;
        boolean b = previous.getAt(i) > 0.5f;
        inter += a && b ? 1 : 0;
        union += a || b ? 1 : 0;
      }
      memo[q] = union == 0 ? 0 : (double) inter / union;
    }
    return memo[q];
  }

  /** Clicks among {@code pixels} (only those still {@code open}, when given) that query {@code q} covers. */
  private int count(int q, int[] pixels, boolean[] open) {
    int n = 0;
    for (int k = 0; k < pixels.length; k++) {
      if ((open == null || open[k]) && covered(q, pixels[k])) {
        n++;
      }
    }
    return n;
  }

  private int[] pixels(List<Click> clicks) {
    int[] out = new int[clicks.size()];
    for (int k = 0; k < out.length; k++) {
      Click c = clicks.get(k).requireInside(height, width);
      out[k] = c.row() * width + c.col();
    }
    return out;
  }

  @Override
  public String toString() {
    return "QueryMasks[" + planes.length + " queries, " + height + "x" + width + "]";
  }
}
