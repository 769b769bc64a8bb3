package org.iseg.api;

/** Decides after each step whether an interaction may end early (evaluation stops once IoU reaches 0.90). */
@FunctionalInterface
public interface StopRule {
  /** Never stop early: run all K steps (what mIoU-per-click curves need). */
  StopRule NEVER = (clicks, prediction, target) -> false;

  /**
   * @param clicks number of clicks placed so far
   * @param prediction the thresholded prediction after those clicks
   * @param target the target region
   */
  boolean shouldStop(int clicks, Mask prediction, Mask target);
}
