package org.iseg.clicking.encode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.iseg.api.Click;
import org.iseg.api.ClickEncoder;
import org.iseg.api.FeatureMaps;

/**
 * Encodes clicks as two channels, positive clicks first, then negative ones, each channel combining that sign's
 * clicks pixel by pixel. Three kinds, as RITM's {@code DistMaps} and the IIS framework's {@code encode.py}:
 *
 * <ul>
 *   <li>{@link Kind#DISKS}: 1 where {@code d² <= r²}, else 0, with {@code d²} the squared distance to the nearest
 *       click of that sign (RITM {@code DistMaps(use_disks=True)}, radius 5 in the ITER-M models);
 *   <li>{@link Kind#DISTANCE}: {@code tanh(2 * sqrt(d² / r²))} (RITM {@code DistMaps(use_disks=False)}): 0 on a
 *       click, towards 1 far away, and 1 everywhere when there is no click of that sign;
 *   <li>{@link Kind#GAUSSIAN}: {@code max over clicks of exp(-d² / (2 r²))}, set to 0 where it is below 1e-7
 *       (beyond about 5.7 r) so only a window around each click is computed.
 * </ul>
 *
 * <p>{@code lastClicks(k)} keeps only the {@code k} clicks with the highest indices (both signs together), for
 * models that look at the latest interaction only. Disks and gaussians touch only each click's bounding box;
 * coordinates are rows and columns of the {@code height x width} input (clicks must lie inside it).
 *
 * <pre>{@code
 * ClickEncoder disks = ClickMapEncoder.disks(5);
 * FeatureMaps maps = disks.encode(history.positives(), history.negatives(), 320, 480);
 * ClickEncoder last = ClickMapEncoder.builder(Kind.GAUSSIAN, 10).lastClicks(1).build();
 * }</pre>
 */
public final class ClickMapEncoder implements ClickEncoder {
  /** How a click becomes pixel values. */
  public enum Kind {
    DISKS,
    DISTANCE,
    GAUSSIAN
  }

  private static final double GAUSSIAN_CUTOFF = 1e-7;

  private final Kind kind;
  private final double radius;
  private final int lastClicks;

  private ClickMapEncoder(Kind kind, double radius, int lastClicks) {
    this.kind = kind;
    this.radius = radius;
    this.lastClicks = lastClicks;
  }

  /** RITM's disk maps of the given radius, all clicks. */
  public static ClickMapEncoder disks(double radius) {
    return builder(Kind.DISKS, radius).build();
  }

  /** RITM's distance maps ({@code tanh(2 d / r)}), all clicks. */
  public static ClickMapEncoder distance(double normRadius) {
    return builder(Kind.DISTANCE, normRadius).build();
  }

  /** Gaussian maps of standard deviation {@code sigma}, all clicks. */
  public static ClickMapEncoder gaussian(double sigma) {
    return builder(Kind.GAUSSIAN, sigma).build();
  }

  public static Builder builder(Kind kind, double radius) {
    return new Builder(kind, radius);
  }

  public Kind kind() {
    return kind;
  }

  public double radius() {
    return radius;
  }

  /** How many of the latest clicks are encoded; 0 means all. */
  public int lastClicks() {
    return lastClicks;
  }

  @Override
  public int channels() {
    return 2;
  }

  @Override
  public FeatureMaps encode(List<Click> pcs, List<Click> ncs, int height, int width) {
    if (height <= 0 || width <= 0) {
      throw new IllegalArgumentException("encode size must be positive, got " + height + "x" + width);
    }
    if (pcs == null || ncs == null) {
      throw new NullPointerException("pcs and ncs are required (use List.of() for none)");
    }
    for (Click c : pcs) {
      c.requireInside(height, width);
    }
    for (Click c : ncs) {
      c.requireInside(height, width);
    }
    List<Click> positives = pcs;
    List<Click> negatives = ncs;
    if (lastClicks > 0 && pcs.size() + ncs.size() > lastClicks) {
      List<Click> all = new ArrayList<>(pcs);
      all.addAll(ncs);
      all.sort(Comparator.comparingInt(Click::index).reversed());
      List<Click> kept = all.subList(0, lastClicks);
      positives = kept.stream().filter(Click::positive).toList();
      negatives = kept.stream().filter(c -> !c.positive()).toList();
    }
    int plane = height * width;
    float[] out = new float[2 * plane];
    fill(out, 0, positives, height, width);
    fill(out, plane, negatives, height, width);
    return FeatureMaps.of(2, height, width, out);
  }

  private void fill(float[] out, int offset, List<Click> clicks, int height, int width) {
    switch (kind) {
      case DISKS -> {
        double r2 = radius * radius;
        for (Click c : clicks) {
          int reach = (int) Math.floor(radius);
          int r0 = Math.max(0, c.row() - reach);
          int r1 = Math.min(height - 1, c.row() + reach);
          for (int r = r0; r <= r1; r++) {
            long dr = r - c.row();
            // widest column offset inside the disk on this row
            int half = (int) Math.floor(Math.sqrt(Math.max(0, r2 - dr * dr)));
            while ((long) (half + 1) * (half + 1) + dr * dr <= r2) {
              half++;
            }
            while (half >= 0 && (long) half * half + dr * dr > r2) {
              half--;
            }
            if (half < 0) {
              continue;
            }
            int c0 = Math.max(0, c.col() - half);
            int c1 = Math.min(width - 1, c.col() + half);
            java.util.Arrays.fill(out, offset + r * width + c0, offset + r * width + c1 + 1, 1f);
          }
        }
      }
      case DISTANCE -> {
        if (clicks.isEmpty()) {
          java.util.Arrays.fill(out, offset, offset + height * width, 1f); // RITM: 1e6 for padding -> tanh ~ 1
          return;
        }
        float norm = (float) radius;
        int n = clicks.size();
        int[] rows = new int[n];
        int[] cols = new int[n];
        for (int k = 0; k < n; k++) {
          rows[k] = clicks.get(k).row();
          cols[k] = clicks.get(k).col();
        }
        for (int r = 0; r < height; r++) {
          int base = offset + r * width;
          for (int col = 0; col < width; col++) {
            float best = Float.MAX_VALUE;
            for (int k = 0; k < n; k++) {
              // float32 as RITM: subtract, divide by the radius, square, add
              float dr = (r - rows[k]) / norm;
              float dc = (col - cols[k]) / norm;
              float d = dr * dr + dc * dc;
              if (d < best) {
                best = d;
              }
            }
            out[base + col] = (float) Math.tanh(2f * (float) Math.sqrt(best));
          }
        }
      }
      case GAUSSIAN -> {
        double twoSigma2 = 2 * radius * radius;
        int reach = (int) Math.ceil(Math.sqrt(-Math.log(GAUSSIAN_CUTOFF) * twoSigma2));
        for (Click c : clicks) {
          int r0 = Math.max(0, c.row() - reach);
          int r1 = Math.min(height - 1, c.row() + reach);
          int c0 = Math.max(0, c.col() - reach);
          int c1 = Math.min(width - 1, c.col() + reach);
          for (int r = r0; r <= r1; r++) {
            long dr = r - c.row();
            int base = offset + r * width;
            for (int col = c0; col <= c1; col++) {
              long dc = col - c.col();
              double v = Math.exp(-(dr * dr + dc * dc) / twoSigma2);
              if (v >= GAUSSIAN_CUTOFF && v > out[base + col]) {
                out[base + col] = (float) v;
              }
            }
          }
        }
      }
      default -> throw new AssertionError(kind);
    }
  }

  @Override
  public String toString() {
    return "ClickMapEncoder[" + kind + ", radius=" + radius + (lastClicks > 0 ? ", last " + lastClicks : "") + "]";
  }

  /** Options of a {@link ClickMapEncoder}. */
  public static final class Builder {
    private final Kind kind;
    private final double radius;
    private int lastClicks;

    private Builder(Kind kind, double radius) {
      if (kind == null) {
        throw new NullPointerException("kind");
      }
      if (!(radius > 0) || Double.isInfinite(radius)) {
        throw new IllegalArgumentException("radius must be positive and finite, got " + radius);
      }
      this.kind = kind;
      this.radius = radius;
    }

    /** Encode only the {@code k >= 1} clicks with the highest indices. */
    public Builder lastClicks(int k) {
      if (k < 1) {
        throw new IllegalArgumentException("lastClicks must be at least 1, got " + k);
      }
      this.lastClicks = k;
      return this;
    }

    public ClickMapEncoder build() {
      return new ClickMapEncoder(kind, radius, lastClicks);
    }
  }
}
