package org.iseg.clicking.robots;

import java.util.List;
import org.iseg.api.ClickHistory;
import org.iseg.api.Mask;

/** Input checks and small helpers shared by the robots. */
final class Robots {
  private Robots() {}

  /** Fails with a clear message unless prediction and target have one size and the target has an object. */
  static void checkInputs(Mask prediction, Mask target, ClickHistory history) {
    if (prediction == null || target == null || history == null) {
      throw new NullPointerException("prediction, target and history are required (use ClickHistory.empty())");
    }
    if (prediction.height() != target.height() || prediction.width() != target.width()) {
      throw new IllegalArgumentException(
          "prediction is " + prediction.height() + "x" + prediction.width() + " but target is "
              + target.height() + "x" + target.width() + ": threshold the prediction at the target's size");
    }
    if (target.isEmpty()) {
      throw new IllegalArgumentException(
          "target " + target + " has no object pixel: a robot needs a non-empty target region");
    }
    for (var click : history.all()) {
      click.requireInside(target.height(), target.width());
    }
  }

  /** Flat indices of the clicks of {@code history}, with room for {@code extra} more. */
  static int[] clickedIndices(ClickHistory history, int width, int extra) {
    List<org.iseg.api.Click> all = history.all();
    int[] out = new int[all.size() + extra];
    for (int i = 0; i < all.size(); i++) {
      out[i] = all.get(i).row() * width + all.get(i).col();
    }
    return out;
  }

  /**
   * The error pixels as 0/1 bytes, row by row: false negatives (target object, not predicted) and/or false
   * positives (target background, predicted); ignore pixels are never an error.
   */
  static byte[] errors(Mask prediction, Mask target, boolean falseNegatives, boolean falsePositives) {
    byte[] out = new byte[target.height() * target.width()];
    for (int i = 0; i < out.length; i++) {
      byte t = target.labelAt(i);
      if (t == Mask.IGNORE) {
        continue;
      }
      boolean p = prediction.labelAt(i) == Mask.OBJECT;
      if (t == Mask.OBJECT ? falseNegatives && !p : falsePositives && p) {
        out[i] = 1;
      }
    }
    return out;
  }
}
