package org.iseg.engine.training.mask2former;

import java.util.Random;

/**
 * The source of the uniform random point coordinates the matcher and the mask losses draw, in the order they
 * draw them (per prediction: matcher points per image, then the loss's candidates, then its random points).
 * Each draw is PyTorch's {@code torch.rand(groups, points, 2)}: (x, y) pairs in [0, 1), x along the width.
 *
 * <p>Training uses {@link #seeded}; a test injects recorded coordinates to reproduce a reference exactly.
 *
 * <pre>{@code
 * PointDraws draws = PointDraws.seeded(42);
 * float[] xy = draws.uniform(4, 12554); // 4 × 12554 × 2 floats
 * }</pre>
 */
@FunctionalInterface
public interface PointDraws {

  /** {@code groups × points} (x, y) pairs in [0, 1), group-major: {@code groups · points · 2} floats. */
  float[] uniform(int groups, int points);

  /** Uniform draws from a {@link Random} with this seed. */
  static PointDraws seeded(long seed) {
    Random random = new Random(seed);
    return (groups, points) -> {
      float[] xy = new float[groups * points * 2];
      for (int i = 0; i < xy.length; i++) {
        xy[i] = random.nextFloat();
      }
      return xy;
    };
  }
}
