package org.iseg.engine.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.iseg.api.Click;
import org.iseg.api.Mask;
import org.iseg.clicking.masks.MaskOps;

/**
 * The initial clicks of a training sample, after RITM's {@code MultiPointSampler} (isegm/data/points_sampler.py):
 * {@code 1 + k} positive clicks and {@code j} negative ones, with {@code k} and {@code j} drawn with probabilities
 * proportional to {@code gamma^k} (so one positive and no negative click is the most likely draw, and up to
 * {@code maxPoints} of each are possible). The first positive click lies in the object's inner part (distance to
 * the boundary above max / {@code innerK}), further positives anywhere in the object away from its edge; each
 * negative lies, with equal probability, in a band around the object (RITM's "border" strategy) or anywhere in
 * the background ("bg"). Ignored pixels are never clicked.
 *
 * <p>This is a compact re-implementation for the trainer; it does not reproduce RITM's sampler draw for draw.
 *
 * <pre>{@code
 * MultiPointSampler sampler = new MultiPointSampler(24, 0.8);
 * MultiPointSampler.Points p = sampler.sample(target, new Random(1));
 * }</pre>
 */
public final class MultiPointSampler {
  private final int maxPoints;
  private final double[] posCdf;
  private final double[] negCdf;
  private final double innerK;

  /**
   * @param maxPoints most clicks of one sign (RITM: 24)
   * @param gamma decay of the click-count probabilities (RITM ITER-M: 0.8)
   */
  public MultiPointSampler(int maxPoints, double gamma) {
    if (maxPoints < 1) {
      throw new IllegalArgumentException("maxPoints must be >= 1, got " + maxPoints);
    }
    if (!(gamma > 0 && gamma <= 1)) {
      throw new IllegalArgumentException("gamma must lie in (0, 1], got " + gamma);
    }
    this.maxPoints = maxPoints;
    this.posCdf = cdf(maxPoints, gamma);
    this.negCdf = cdf(maxPoints + 1, gamma);
    this.innerK = 1.7;
  }

  public int maxPoints() {
    return maxPoints;
  }

  /** The sampled clicks: positives first, each list in click order; indices are 0..n-1 over both. */
  public record Points(List<Click> positives, List<Click> negatives) {
    public Points {
      positives = List.copyOf(positives);
      negatives = List.copyOf(negatives);
    }
  }

  private static double[] cdf(int n, double gamma) {
    double[] c = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += Math.pow(gamma, i);
      c[i] = sum;
    }
    for (int i = 0; i < n; i++) {
      c[i] /= sum;
    }
    return c;
  }

  private static int draw(double[] cdf, Random random) {
    double u = random.nextDouble();
    for (int i = 0; i < cdf.length; i++) {
      if (u < cdf[i]) {
        return i;
      }
    }
    return cdf.length - 1;
  }

  /** Clicks for {@code target}, which must have at least one object pixel. */
  public Points sample(Mask target, Random random) {
    int h = target.height();
    int w = target.width();
    if (target.area() == 0) {
      throw new IllegalArgumentException("cannot sample clicks: the target region has no object pixels");
    }
    float[] depth = MaskOps.distanceField(target).toArray();
    float maxDepth = 0;
    for (float d : depth) {
      maxDepth = Math.max(maxDepth, d);
    }
    int numPos = 1 + draw(posCdf, random);
    int numNeg = draw(negCdf, random);
    List<Click> pos = new ArrayList<>();
    List<Click> neg = new ArrayList<>();
    int index = 0;
    // first click: inner part of the object
    int first = pick(depth, (float) (maxDepth / innerK), random);
    pos.add(new Click(first / w, first % w, true, index++));
    float edge = Math.min(maxDepth / 2f, 3f);
    for (int i = 1; i < numPos; i++) {
      int p = pick(depth, edge, random);
      pos.add(new Click(p / w, p % w, true, index++));
    }
    if (numNeg > 0) {
      byte[] labels = target.toLabels();
      Mask band = MaskOps.borderMask(target, 0.4);
      byte[] bandLabels = band.toLabels();
      for (int i = 0; i < numNeg; i++) {
        boolean border = random.nextBoolean();
        int p = border ? pickBackground(bandLabels, labels, random, true) : -1;
        if (p < 0) {
          p = pickBackground(bandLabels, labels, random, false);
        }
        if (p < 0) {
          break; // the object covers every labelled pixel
        }
        neg.add(new Click(p / w, p % w, false, index++));
      }
    }
    return new Points(pos, neg);
  }

  /** A uniformly random pixel with depth above {@code threshold} (the deepest one if none is). */
  private static int pick(float[] depth, float threshold, Random random) {
    int count = 0;
    int best = 0;
    for (int i = 0; i < depth.length; i++) {
      if (depth[i] > threshold) {
        count++;
      }
      if (depth[i] > depth[best]) {
        best = i;
      }
    }
    if (count == 0) {
      return best;
    }
    int k = random.nextInt(count);
    for (int i = 0; i < depth.length; i++) {
      if (depth[i] > threshold && k-- == 0) {
        return i;
      }
    }
    return best;
  }

  /** A random background (label 0) pixel, inside the border band when {@code inBand}; -1 if there is none. */
  private static int pickBackground(byte[] band, byte[] labels, Random random, boolean inBand) {
    int count = 0;
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] == Mask.BACKGROUND && (!inBand || band[i] == Mask.OBJECT)) {
        count++;
      }
    }
    if (count == 0) {
      return -1;
    }
    int k = random.nextInt(count);
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] == Mask.BACKGROUND && (!inBand || band[i] == Mask.OBJECT) && k-- == 0) {
        return i;
      }
    }
    return -1;
  }
}
