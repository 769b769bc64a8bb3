package org.iseg.clicking.sampling;

import java.util.Optional;
import java.util.random.RandomGenerator;
import org.iseg.api.Mask;

/** Checks and small helpers of the samplers. */
final class Samplers {
  private Samplers() {}

  static void checkTarget(Mask target, Optional<Mask> other) {
    if (target == null || other == null) {
      throw new NullPointerException("target and otherObjects are required (Optional.empty() for no context)");
    }
    if (target.isEmpty()) {
      throw new IllegalArgumentException("target " + target + " has no object pixel: nothing to sample clicks on");
    }
    other.ifPresent(o -> target.requireSameSize("otherObjects", o));
  }

  /** A uniform flat index among {@code region[i] != 0}, or -1 if the region is empty. */
  static int uniform(byte[] region, RandomGenerator random) {
    int count = 0;
    for (byte b : region) {
      count += b != 0 ? 1 : 0;
    }
    if (count == 0) {
      return -1;
    }
    int pick = random.nextInt(count);
    for (int i = 0; i < region.length; i++) {
      if (region[i] != 0 && pick-- == 0) {
        return i;
      }
    }
    throw new AssertionError("unreachable");
  }

  /** {@code p_i ∝ gamma^i}, i = 0..n-1 (RITM's generate_probs). */
  static double[] geometric(int n, double gamma) {
    double[] p = new double[n];
    double v = 1;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      p[i] = v;
      sum += v;
      v *= gamma;
    }
    for (int i = 0; i < n; i++) {
      p[i] /= sum;
    }
    return p;
  }

  /** An index drawn with the given probabilities (summing to 1). */
  static int choice(double[] probabilities, RandomGenerator random) {
    double u = random.nextDouble();
    for (int i = 0; i < probabilities.length; i++) {
      u -= probabilities[i];
      if (u < 0) {
        return i;
      }
    }
    return probabilities.length - 1;
  }
}
