package org.iseg.clicking.robots;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.iseg.api.Click;
import org.iseg.api.ClickHistory;
import org.iseg.api.Mask;

/**
 * One call of a sampling robot: the checked inputs, the error masks, the pixels clicked so far (history plus the
 * clicks of this step) and a random stream derived from the seed and the inputs.
 *
 * <p>Deriving the stream from (seed, target, prediction, history) instead of keeping one in the robot makes a
 * robot a pure function: the same call gives the same clicks in any order and on any thread.
 */
final class StepContext {
  final Mask prediction;
  final Mask target;
  final int height;
  final int width;
  final SplittableRandom random;
  private final boolean[] clicked;
  private final List<Click> made = new ArrayList<>();
  private final int firstIndex;

  StepContext(long seed, Mask prediction, Mask target, ClickHistory history) {
    Robots.checkInputs(prediction, target, history);
    this.prediction = prediction;
    this.target = target;
    this.height = target.height();
    this.width = target.width();
    this.random = new SplittableRandom(mix(seed, prediction, target, history));
    this.clicked = new boolean[height * width];
    for (Click c : history.all()) {
      clicked[c.row() * width + c.col()] = true;
    }
    this.firstIndex = history.nextIndex();
  }

  /** A seed for one call: the robot's seed mixed with the call's inputs. */
  static long mix(long seed, Mask prediction, Mask target, ClickHistory history) {
    long mixed = seed;
    mixed = mixed * 0x9E3779B97F4A7C15L + target.hashCode();
    mixed = mixed * 0x9E3779B97F4A7C15L + prediction.hashCode();
    mixed = mixed * 0x9E3779B97F4A7C15L + history.hashCode();
    return mixed;
  }

  /** Whether a pixel may still be clicked: not ignore and not clicked before. */
  boolean clickable(int flat) {
    return !clicked[flat] && target.labelAt(flat) != Mask.IGNORE;
  }

  /** Flat indices of errors (prediction differs from target, ignore excluded) as 0/1 bytes. */
  byte[] errors(boolean falseNegatives, boolean falsePositives) {
    return Robots.errors(prediction, target, falseNegatives, falsePositives);
  }

  /**
   * {@link #errors errors(true, true)} less the pixels that may not be clicked (ignore or clicked before): a clicked
   * pixel is a hole in the error, so its neighbours get shallower and its component may split.
   */
  byte[] clickableErrors() {
    byte[] errors = errors(true, true);
    for (int i = 0; i < errors.length; i++) {
      if (errors[i] != 0 && !clickable(i)) {
        errors[i] = 0;
      }
    }
    return errors;
  }

  /** Records a click at a flat index, labelled by the target there. */
  void click(int flat) {
    if (!clickable(flat)) {
      throw new IllegalStateException("internal error: pixel " + flat + " is not clickable");
    }
    clicked[flat] = true;
    made.add(new Click(flat / width, flat % width, target.labelAt(flat) == Mask.OBJECT, firstIndex + made.size()));
  }

  /** A uniformly drawn clickable pixel among those with {@code region[i] != 0}, or -1 when there is none. */
  int uniform(byte[] region) {
    int count = 0;
    for (int i = 0; i < region.length; i++) {
      if (region[i] != 0 && clickable(i)) {
        count++;
      }
    }
    if (count == 0) {
      return -1;
    }
    int pick = random.nextInt(count);
    for (int i = 0; i < region.length; i++) {
      if (region[i] != 0 && clickable(i) && pick-- == 0) {
        return i;
      }
    }
    throw new AssertionError("unreachable");
  }

  /** A uniformly drawn clickable pixel of the whole image; fails when every pixel is ignore or clicked. */
  int uniformAnywhere() {
    int count = 0;
    for (int i = 0; i < clicked.length; i++) {
      if (clickable(i)) {
        count++;
      }
    }
    if (count == 0) {
      throw new IllegalStateException(
          "every pixel of the " + height + "x" + width + " target is ignored or already clicked: nothing to click");
    }
    int pick = random.nextInt(count);
    for (int i = 0; i < clicked.length; i++) {
      if (clickable(i) && pick-- == 0) {
        return i;
      }
    }
    throw new AssertionError("unreachable");
  }

  /** A clickable pixel drawn with probability proportional to {@code weights} (row by row); -1 if all are 0. */
  int weighted(float[] weights) {
    double total = 0;
    for (int i = 0; i < weights.length; i++) {
      if (weights[i] > 0 && clickable(i)) {
        total += weights[i];
      }
    }
    if (total <= 0) {
      return -1;
    }
    double u = random.nextDouble() * total;
    int last = -1;
    for (int i = 0; i < weights.length; i++) {
      if (weights[i] > 0 && clickable(i)) {
        last = i;
        u -= weights[i];
        if (u < 0) {
          return i;
        }
      }
    }
    return last; // rounding left u a hair above 0: the last candidate
  }

  List<Click> clicks() {
    return List.copyOf(made);
  }
}
