package org.iseg.clicking.robots;

import java.util.Optional;
import java.util.random.RandomGenerator;
import org.iseg.api.Click;
import org.iseg.api.Mask;
import org.iseg.clicking.masks.MaskOps;

/**
 * The click RITM's trainer adds on the model's own prediction ({@code get_next_points} in
 * isegm/engine/trainer.py): false negatives are {@code gt & p < threshold}, false positives {@code !gt & p >
 * threshold} (ignored pixels are neither: iseg's training crops mark their padding as ignore); both get a distance
 * transform with a one-pixel zero border; the click is positive iff the largest false-negative distance exceeds
 * the largest false-positive one (a tie gives a negative click), and it lies at a uniformly random pixel of that
 * side whose distance exceeds half the larger maximum (not at the maximum itself: this spreads the training
 * clicks). No error leaves no click.
 *
 * <p>One difference from RITM: distances are OpenCV's exact L2 transform ({@code DIST_MASK_PRECISE}) where RITM's
 * trainer uses the 5x5 chamfer approximation ({@code maskSize=5}); the inner region (deeper than half the
 * maximum) can differ by a pixel at its border.
 *
 * <pre>{@code
 * Optional<Click> c = new TrainingClicker(0.49).next(probabilities, 0, target, nextIndex, random);
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

  /** RITM's threshold, 0.49. */
  public static TrainingClicker ritm() {
    return new TrainingClicker(0.49);
  }

  /**
   * The next click, or empty when the prediction has no error (then RITM adds nothing).
   *
   * @param probs predicted probabilities; the target's {@code height * width} values row by row start at
   *     {@code offset} (so one batch array serves every sample)
   * @param target the ground truth
   * @param index the index the new click gets
   */
  public Optional<Click> next(float[] probs, int offset, Mask target, int index, RandomGenerator random) {
    int h = target.height();
    int w = target.width();
    int n = h * w;
    if (offset < 0 || probs.length < offset + n) {
      throw new IllegalArgumentException("probs hold " + probs.length + " values; a " + h + "x" + w
          + " target at offset " + offset + " needs " + (offset + n));
    }
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
    float[] fnDt = MaskOps.distanceField(fn, h, w, true).toArray();
    float[] fpDt = MaskOps.distanceField(fp, h, w, true).toArray();
    float fnMax = max(fnDt);
    float fpMax = max(fpDt);
    boolean positive = fnMax > fpMax;
    float[] dt = positive ? fnDt : fpDt;
    float half = Math.max(fnMax, fpMax) / 2f;
    int count = 0;
    for (float d : dt) {
      if (d > half) {
        count++;
      }
    }
    if (count == 0) {
      return Optional.empty();
    }
    int pick = random.nextInt(count);
    for (int i = 0; i < n; i++) {
      if (dt[i] > half && pick-- == 0) {
        return Optional.of(new Click(i / w, i % w, positive, index));
      }
    }
    throw new AssertionError("unreachable: " + count + " candidates counted");
  }

  private static float max(float[] values) {
    float m = 0f;
    for (float v : values) {
      m = Math.max(m, v);
    }
    return m;
  }
}
