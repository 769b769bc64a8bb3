package org.iseg.examples.server;

import java.util.ArrayList;
import java.util.List;
import org.iseg.api.Mask;

/**
 * The outer outline of the largest object region of a mask, as a polygon of pixel coordinates: what CVAT's
 * interactor contract returns as {@code points}.
 *
 * <p>Regions are 8-connected (as OpenCV's {@code findContours}); the largest has the most pixels, ties going
 * to the region met first in row-major order. The outline is found by Moore-neighbour tracing with Jacob's
 * stopping criterion: start at the region's first pixel in row-major order (its west neighbour is outside the
 * region), then repeatedly sweep the 8 neighbours clockwise from the last background pixel seen until a region
 * pixel is met; stop when the first move (start pixel to second pixel) is about to repeat. The polygon is clockwise on screen
 * (y down), holes are not traced, and points where the direction does not change are dropped (like OpenCV's
 * {@code CHAIN_APPROX_SIMPLE}). iseg's clicking and data modules expose no contour function, so this small
 * tracer lives here rather than pulling OpenCV into the server.
 *
 * <pre>{@code
 * List<int[]> polygon = RegionOutline.largest(mask);   // each point {x, y} = {col, row}
 * }</pre>
 */
public final class RegionOutline {
  // Clockwise on screen, starting west: W, NW, N, NE, E, SE, S, SW as (drow, dcol).
  private static final int[] DR = {0, -1, -1, -1, 0, 1, 1, 1};
  private static final int[] DC = {-1, -1, 0, 1, 1, 1, 0, -1};

  private RegionOutline() {}

  /** The simplified outline of the largest region as {x, y} points; empty when the mask has no object. */
  public static List<int[]> largest(Mask mask) {
    int h = mask.height();
    int w = mask.width();
    boolean[] region = largestRegion(mask);
    if (region == null) {
      return List.of();
    }
    return simplify(trace(region, h, w), w);
  }

  /**
   * The object pixels of the largest 8-connected region, or {@code null} when there is none.
   */
  static boolean[] largestRegion(Mask mask) {
    int h = mask.height();
    int w = mask.width();
    int n = h * w;
    int[] label = new int[n];
    int[] stack = new int[n];
    int best = 0;
    int bestArea = 0;
    int next = 0;
    for (int start = 0; start < n; start++) {
      if (label[start] != 0 || mask.labelAt(start) != Mask.OBJECT) {
        continue;
      }
      int id = ++next;
      int area = 0;
      int top = 0;
      stack[top++] = start;
      label[start] = id;
      while (top > 0) {
        int p = stack[--top];
        area++;
        int r = p / w;
        int c = p - r * w;
        for (int d = 0; d < 8; d++) {
          int rr = r + DR[d];
          int cc = c + DC[d];
          if (rr >= 0 && rr < h && cc >= 0 && cc < w) {
            int q = rr * w + cc;
            if (label[q] == 0 && mask.labelAt(q) == Mask.OBJECT) {
              label[q] = id;
              stack[top++] = q;
            }
          }
        }
      }
      if (area > bestArea) {
        bestArea = area;
        best = id;
      }
    }
    if (best == 0) {
      return null;
    }
    boolean[] out = new boolean[n];
    for (int i = 0; i < n; i++) {
      out[i] = label[i] == best;
    }
    return out;
  }

  /** Every boundary pixel visited by the trace, in order, as flat indices (no simplification). */
  static List<Integer> trace(boolean[] region, int h, int w) {
    int start = -1;
    for (int i = 0; i < region.length; i++) {
      if (region[i]) {
        start = i;
        break;
      }
    }
    if (start < 0) {
      return List.of();
    }
    List<Integer> out = new ArrayList<>();
    out.add(start);
    int p = start;
    int back = 0; // the west neighbour of the first pixel in row-major order is never in the region
    int second = -1;
    // The walk is a function of (pixel, backtrack), so it is periodic once the first move start -> second
    // repeats; a pixel is entered at most once from each side, which bounds the steps.
    long limit = 8L * region.length + 16;
    for (long step = 0; step < limit; step++) {
      int pr = p / w;
      int pc = p - pr * w;
      int found = -1;
      for (int k = 1; k <= 8; k++) {
        int d = (back + k) & 7;
        int rr = pr + DR[d];
        int cc = pc + DC[d];
        if (rr >= 0 && rr < h && cc >= 0 && cc < w && region[rr * w + cc]) {
          found = d;
          break;
        }
      }
      if (found < 0) {
        return out; // a single isolated pixel
      }
      int qr = pr + DR[found];
      int qc = pc + DC[found];
      int q = qr * w + qc;
      if (p == start && q == second) {
        out.remove(out.size() - 1); // the closing return to the start pixel, already first in the list
        return out;
      }
      if (second < 0) {
        second = q;
      }
      // The last non-region cell swept before 'found' becomes the backtrack of the new pixel.
      int prevD = (found + 7) & 7;
      back = direction(pr + DR[prevD] - qr, pc + DC[prevD] - qc);
      out.add(q);
      p = q;
    }
    throw new IllegalStateException("outline trace did not close after " + limit + " steps");
  }

  private static int direction(int dr, int dc) {
    for (int d = 0; d < 8; d++) {
      if (DR[d] == dr && DC[d] == dc) {
        return d;
      }
    }
    throw new IllegalStateException("(" + dr + ", " + dc + ") is not a neighbour step");
  }

  /** Drops points where the step direction does not change; returns {x, y} points. */
  static List<int[]> simplify(List<Integer> trace, int w) {
    int n = trace.size();
    List<int[]> out = new ArrayList<>();
    if (n <= 2) {
      for (int p : trace) {
        out.add(new int[] {p % w, p / w});
      }
      return out;
    }
    for (int i = 0; i < n; i++) {
      int prev = trace.get((i + n - 1) % n);
      int cur = trace.get(i);
      int next = trace.get((i + 1) % n);
      int inR = cur / w - prev / w;
      int inC = cur % w - prev % w;
      int outR = next / w - cur / w;
      int outC = next % w - cur % w;
      if (inR != outR || inC != outC) {
        out.add(new int[] {cur % w, cur / w});
      }
    }
    return out;
  }
}
