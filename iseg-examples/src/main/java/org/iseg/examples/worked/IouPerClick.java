package org.iseg.examples.worked;

import java.util.List;
import org.iseg.api.ClickingRobot;
import org.iseg.api.IisModel;
import org.iseg.api.Image;
import org.iseg.api.InteractionStep;
import org.iseg.api.InteractionTrace;
import org.iseg.api.Interactions;
import org.iseg.api.Mask;
import org.iseg.metrics.Iou;

/**
 * Worked example 3: run an interaction from your own code and measure the IoU after every click.
 *
 * <pre>{@code
 * ClickingRobot oracle = RobotProvider.registry().get("ritm").create(RobotConfig.ofSeed(0));
 * double[] ious = IouPerClick.run(model, oracle, image, target, 20);
 * // ious[k] is the IoU after click k + 1; NoC@90 is the first k + 1 with ious[k] >= 0.90
 * }</pre>
 */
public final class IouPerClick {
  private IouPerClick() {}

  /** IoU with {@code target} (its ignore region not counted) after each of {@code clicks} oracle clicks. */
  public static double[] run(IisModel model, ClickingRobot oracle, Image image, Mask target, int clicks) {
    InteractionTrace trace = Interactions.fullInference(model, oracle, image, target, clicks);
    List<InteractionStep> steps = trace.steps();
    double[] ious = new double[steps.size()];
    for (int k = 0; k < ious.length; k++) {
      ious[k] = Iou.of(steps.get(k).mask(), target); // the step's mask is thresholded at 0.49, as RITM
    }
    return ious;
  }

  /** The first click count whose IoU reaches {@code threshold}, or {@code ious.length} if none does. */
  public static int clicksToReach(double[] ious, double threshold) {
    for (int k = 0; k < ious.length; k++) {
      if (ious[k] >= threshold) {
        return k + 1;
      }
    }
    return ious.length;
  }
}
