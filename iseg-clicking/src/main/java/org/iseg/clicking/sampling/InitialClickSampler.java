package org.iseg.clicking.sampling;

import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.iseg.api.Click;
import org.iseg.api.Mask;

/**
 * Draws the clicks a training sample starts with, before any iterative (robot) clicks. Ignore pixels of the
 * target are never clicked; a click is positive iff it lies on the target. Returned clicks carry indices
 * 0, 1, 2, ...
 *
 * <pre>{@code
 * InitialClickSampler sampler = MultiPointSampler.builder().maxNumPoints(24).build();
 * List<Click> clicks = sampler.sample(target, Optional.of(otherObjects), new SplittableRandom(seed));
 * }</pre>
 */
@FunctionalInterface
public interface InitialClickSampler {

  /**
   * @param target the selected object (must not be empty)
   * @param otherObjects the other annotated objects of the image (the full mask's context), if known; samplers
   *     that place negatives "on other objects" use it
   * @param random the only source of randomness
   */
  List<Click> sample(Mask target, Optional<Mask> otherObjects, RandomGenerator random);

  /** No initial clicks: the robot makes them all. */
  static InitialClickSampler none() {
    return (target, other, random) -> {
      Samplers.checkTarget(target, other);
      return List.of();
    };
  }
}
