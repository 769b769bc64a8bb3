package org.iseg.engine.training;

import java.util.Optional;
import java.util.Random;
import org.iseg.api.Click;
import org.iseg.api.Mask;

/**
 * The click RITM's trainer adds on the model's own prediction ({@code get_next_points} in
 * isegm/engine/trainer.py): false negatives are {@code gt & p < threshold}, false positives {@code !gt & p >
 * threshold} (ignored pixels are neither); both get a distance transform with a one-pixel zero border; the click
 * is positive iff the largest false-negative distance exceeds the largest false-positive one, and it lies at a
 * uniformly random pixel whose distance exceeds half that maximum (not at the maximum itself: this spreads the
 * training clicks). No error leaves no click.
 *
 * <pre>{@code
 * Optional<Click> c = new TrainingClicker(0.49).next(probabilities, target, nextIndex, random);
 * }</pre>
 *
 * @param threshold probability threshold of the prediction (RITM: 0.49)
 */
public record TrainingClicker(double threshold) {
  public TrainingClicker {
    if (!(threshold > 0 && threshold < 1)) {
      throw new IllegalArgumentException("threshold must lie in (0, 1), got " + threshold);
    }
  }

  /**
   * @param probs the prediction, {@code height * width} probabilities row by row
   * @param target the ground truth
   * @param index the index the new click gets
   */
  public Optional<Click> next(float[] probs, int offset, Mask target, int index, Random random) {
    int h = target.height();
    int w = target.width();
    int n = h * w;
    byte[] fn = new byte[n];
    byte[] fp = new byte[n];
    for (int i = 0; i < n; i++) {
      byte label = target.labelAt(i);
      float p = probs[offset + i];
      if (label == Mask.OBJECT && p < threshold) {
        fn[i] = 1;
      } else if (label == Mask.BACKGROUND && p > threshold) {
        fp[i] = 1;
      }
    }
    return NextPoints.pick(fn, fp, h, w, random).map(p -> new Click(p.row(), p.col(), p.positive(), index));
  }
}
