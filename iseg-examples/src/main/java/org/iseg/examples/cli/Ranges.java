package org.iseg.examples.cli;

/** Range checks of numeric options, each naming the option and the range it takes. */
final class Ranges {
  private Ranges() {}

  /** A threshold on probabilities: strictly between 0 and 1 (0 or 1 would select everything or nothing). */
  static void requireProbability(String option, double value) {
    if (!(value > 0 && value < 1)) {
      throw new IllegalArgumentException(option + " must lie between 0 and 1 (exclusive), got " + value);
    }
  }

  /** An IoU target: in (0, 1]. */
  static void requireIou(String option, double value) {
    if (!(value > 0 && value <= 1)) {
      throw new IllegalArgumentException(option + " must lie in (0, 1], got " + value);
    }
  }

  static void requireAtLeast(String option, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException(option + " must be at least " + min + ", got " + value);
    }
  }
}
