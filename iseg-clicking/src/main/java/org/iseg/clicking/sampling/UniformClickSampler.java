package org.iseg.clicking.sampling;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.iseg.api.Click;
import org.iseg.api.Mask;

/**
 * {@code random}: {@code positives} clicks drawn uniformly (without repetition) on the target and
 * {@code negatives} drawn uniformly on the background, ignore pixels excluded; fewer when a region is smaller.
 *
 * <pre>{@code
 * InitialClickSampler sampler = new UniformClickSampler(1, 2);
 * }</pre>
 */
public final class UniformClickSampler implements InitialClickSampler {
  private final int positives;
  private final int negatives;

  public UniformClickSampler(int positives, int negatives) {
    if (positives < 0 || negatives < 0) {
      throw new IllegalArgumentException(
          "click counts must be >= 0, got " + positives + " positives and " + negatives + " negatives");
    }
    this.positives = positives;
    this.negatives = negatives;
  }

  @Override
  public List<Click> sample(Mask target, Optional<Mask> otherObjects, RandomGenerator random) {
    Samplers.checkTarget(target, otherObjects);
    byte[] pos = new byte[target.height() * target.width()];
    byte[] neg = new byte[pos.length];
    for (int i = 0; i < pos.length; i++) {
      byte t = target.labelAt(i);
      pos[i] = t == Mask.OBJECT ? (byte) 1 : 0;
      neg[i] = t == Mask.BACKGROUND ? (byte) 1 : 0;
    }
    List<Click> out = new ArrayList<>();
    draw(pos, positives, true, target.width(), random, out);
    draw(neg, negatives, false, target.width(), random, out);
    return List.copyOf(out);
  }

  private static void draw(byte[] region, int n, boolean positive, int width, RandomGenerator random,
      List<Click> out) {
    for (int k = 0; k < n; k++) {
      int at = Samplers.uniform(region, random);
      if (at < 0) {
        return;
      }
      region[at] = 0; // without repetition
      out.add(new Click(at / width, at % width, positive, out.size()));
    }
  }
}
