package org.iseg.clicking.robots;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.iseg.api.Click;
import org.iseg.api.ClickHistory;
import org.iseg.api.ClickingRobot;
import org.iseg.api.Mask;
import org.iseg.clicking.masks.DistanceField;
import org.iseg.clicking.masks.MaskOps;

/**
 * RITM's evaluation clicker ({@code isegm/inference/clicker.py}), click for click.
 *
 * <p>Errors are {@code fn = gt & !pred & !ignore} and {@code fp = !gt & pred & !ignore}. Each is padded with one
 * ring of zeros, transformed with OpenCV's exact L2 distance ({@code DIST_L2, DIST_MASK_PRECISE}) and cropped back;
 * pixels already clicked then count as distance 0. The click is positive iff the largest false-negative distance
 * is strictly larger than the largest false-positive one (ties, and a perfect prediction, give a negative click),
 * placed on the first pixel in row-major order holding the maximum of the chosen map. As in RITM, when both maps
 * are all zero (a perfect prediction, or every error pixel already clicked) that is a negative click at (0, 0),
 * whatever lies there. Deterministic: the seed is not used.
 *
 * <p>With {@code clicksPerStep > 1} the same prediction is clicked again, each new click counting as clicked.
 *
 * <pre>{@code
 * ClickingRobot robot = new RitmRobot(1);
 * List<Click> clicks = robot.next(prediction, target, history);
 * }</pre>
 */
public final class RitmRobot implements ClickingRobot {
  private final int clicksPerStep;

  public RitmRobot(int clicksPerStep) {
    if (clicksPerStep < 1) {
      throw new IllegalArgumentException("clicksPerStep must be at least 1, got " + clicksPerStep);
    }
    this.clicksPerStep = clicksPerStep;
  }

  @Override
  public List<Click> next(Mask prediction, Mask target, ClickHistory history) {
    Robots.checkInputs(prediction, target, history);
    int h = target.height();
    int w = target.width();
    byte[] fn = Robots.errors(prediction, target, true, false);
    byte[] fp = Robots.errors(prediction, target, false, true);
    DistanceField fnDist = MaskOps.distanceField(fn, h, w, true);
    DistanceField fpDist = MaskOps.distanceField(fp, h, w, true);
    int done = history.size();
    int[] clicked = Robots.clickedIndices(history, w, 0);
    List<Click> out = new ArrayList<>(clicksPerStep);
    for (int k = 0; k < clicksPerStep; k++) {
      int fnAt = fnDist.firstMaximum(clicked);
      int fpAt = fpDist.firstMaximum(clicked);
      float fnMax = fnDist.valueExcluding(fnAt, clicked);
      float fpMax = fpDist.valueExcluding(fpAt, clicked);
      boolean positive = fnMax > fpMax;
      int at = positive ? fnAt : fpAt;
      out.add(new Click(at / w, at % w, positive, done + k));
      clicked = Arrays.copyOf(clicked, clicked.length + 1);
      clicked[clicked.length - 1] = at;
    }
    return List.copyOf(out);
  }

  @Override
  public String toString() {
    return "RitmRobot[clicksPerStep=" + clicksPerStep + "]";
  }
}
