package org.iseg.examples.testing;

import java.util.ArrayDeque;
import java.util.List;
import org.iseg.api.Click;
import org.iseg.api.IisModel;
import org.iseg.api.Image;
import org.iseg.api.Prediction;
import org.iseg.api.ProbabilityMap;
import org.iseg.api.State;

/**
 * A toy model for demonstrations (the annotator screenshot): a pixel is object when its colour is nearer to
 * the colour under some positive click than to the colour under every negative click (plus a little distance
 * penalty), restricted to the 4-connected regions that contain the positive clicks. Deterministic, no weights.
 */
public final class ColourSimilarityModel implements IisModel {
  private static final double COLOUR_SCALE = 90.0;
  private static final double NO_NEGATIVE = 1.0;

  @Override
  public String name() {
    return "colour-similarity (demo)";
  }

  @Override
  public Prediction predict(Image x, State z, List<Click> pcs, List<Click> ncs) {
    int h = x.height();
    int w = x.width();
    byte[] rgb = x.toRgbBytes();
    double spatial = Math.hypot(h, w);
    double[][] pos = references(rgb, w, h, pcs);
    double[][] neg = references(rgb, w, h, ncs);
    boolean[] object = new boolean[h * w];
    for (int i = 0; i < object.length; i++) {
      double dp = nearest(rgb, i, w, pos, spatial);
      double dn = neg.length == 0 ? NO_NEGATIVE : nearest(rgb, i, w, neg, spatial);
      object[i] = dp < dn;
    }
    // Keep the regions that hold a positive click.
    float[] y = new float[h * w];
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (Click c : pcs) {
      int i = c.row() * w + c.col();
      if (object[i] && y[i] == 0f) {
        y[i] = 1f;
        queue.add(i);
      }
    }
    while (!queue.isEmpty()) {
      int p = queue.poll();
      int r = p / w;
      int c = p % w;
      int[] next = {r > 0 ? p - w : -1, r < h - 1 ? p + w : -1, c > 0 ? p - 1 : -1, c < w - 1 ? p + 1 : -1};
      for (int q : next) {
        if (q >= 0 && object[q] && y[q] == 0f) {
          y[q] = 1f;
          queue.add(q);
        }
      }
    }
    return new Prediction(ProbabilityMap.of(h, w, y), State.NONE);
  }

  /** Mean colour of the 5x5 patch around each click, and its position. */
  private static double[][] references(byte[] rgb, int w, int h, List<Click> clicks) {
    double[][] out = new double[clicks.size()][];
    for (int k = 0; k < clicks.size(); k++) {
      Click c = clicks.get(k);
      double[] sum = new double[3];
      int n = 0;
      for (int r = Math.max(0, c.row() - 2); r <= Math.min(h - 1, c.row() + 2); r++) {
        for (int col = Math.max(0, c.col() - 2); col <= Math.min(w - 1, c.col() + 2); col++) {
          for (int ch = 0; ch < 3; ch++) {
            sum[ch] += rgb[3 * (r * w + col) + ch] & 0xFF;
          }
          n++;
        }
      }
      out[k] = new double[] {sum[0] / n, sum[1] / n, sum[2] / n, c.row(), c.col()};
    }
    return out;
  }

  private static double nearest(byte[] rgb, int i, int w, double[][] refs, double spatial) {
    double best = Double.POSITIVE_INFINITY;
    int r = i / w;
    int c = i % w;
    for (double[] ref : refs) {
      double dr = (rgb[3 * i] & 0xFF) - ref[0];
      double dg = (rgb[3 * i + 1] & 0xFF) - ref[1];
      double db = (rgb[3 * i + 2] & 0xFF) - ref[2];
      double colour = (dr * dr + dg * dg + db * db) / (COLOUR_SCALE * COLOUR_SCALE);
      double place = 0.3 * Math.hypot(r - ref[3], c - ref[4]) / spatial;
      best = Math.min(best, colour + place);
    }
    return best;
  }
}
