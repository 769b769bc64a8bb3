package org.iseg.engine.training.optim;

import java.util.List;

/**
 * The learning rate as a function of training progress.
 *
 * <pre>{@code
 * LrSchedule cosine = LrSchedule.cosine(5e-4, 1e-6);                 // over the whole run, per step
 * LrSchedule step = LrSchedule.multiStep(5e-4, List.of(200, 215), 0.1); // RITM's MultiStepLR, per epoch
 * }</pre>
 */
@FunctionalInterface
public interface LrSchedule {
  /**
   * @param epoch the 0-based epoch
   * @param progress fraction of the whole run done, in [0, 1]
   */
  double lr(int epoch, double progress);

  static LrSchedule constant(double lr) {
    requirePositive(lr);
    return (epoch, progress) -> lr;
  }

  /** Cosine decay from {@code lr} to {@code minLr} over the run (updated every step). */
  static LrSchedule cosine(double lr, double minLr) {
    requirePositive(lr);
    if (!(minLr >= 0 && minLr <= lr)) {
      throw new IllegalArgumentException("minLr must lie in [0, lr], got " + minLr);
    }
    return (epoch, progress) -> minLr + 0.5 * (lr - minLr) * (1 + Math.cos(Math.PI * Math.min(1, progress)));
  }

  /** RITM's {@code MultiStepLR}: multiply by {@code gamma} at each milestone epoch. */
  static LrSchedule multiStep(double lr, List<Integer> milestones, double gamma) {
    requirePositive(lr);
    List<Integer> ms = List.copyOf(milestones);
    return (epoch, progress) -> {
      double v = lr;
      for (int m : ms) {
        if (epoch >= m) {
          v *= gamma;
        }
      }
      return v;
    };
  }

  private static void requirePositive(double lr) {
    if (!(lr > 0)) {
      throw new IllegalArgumentException("learning rate must be > 0, got " + lr);
    }
  }
}
