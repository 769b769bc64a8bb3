package org.iseg.clicking.robots;

import org.iseg.clicking.masks.Components;
import org.iseg.clicking.masks.DistanceField;
import org.iseg.clicking.masks.MaskOps;

/**
 * {@code center-largest-false}: takes the largest 4-connected false-negative component and the largest
 * 4-connected false-positive component, keeps the larger (a tie goes to the false negatives) and clicks its
 * deepest point: the first maximum in row-major order of its exact L2 distance transform (1-pixel zero padding),
 * clicked pixels excluded. Deterministic. With no error left it clicks the deepest unclicked point of the target
 * (a positive click).
 *
 * <pre>{@code
 * ClickingRobot robot = new CenterLargestFalseRobot(1);
 * }</pre>
 */
public final class CenterLargestFalseRobot extends SamplingRobot {
  public CenterLargestFalseRobot(int clicksPerStep) {
    super(0, clicksPerStep);
  }

  @Override
  int pick(StepContext step) {
    byte[] fn = step.errors(true, false);
    byte[] fp = step.errors(false, true);
    byte[] fnLargest = largest(step, fn);
    byte[] fpLargest = largest(step, fp);
    int fnArea = count(fnLargest);
    int fpArea = count(fpLargest);
    byte[] chosen;
    if (fnArea == 0 && fpArea == 0) {
      chosen = new byte[fn.length];
      for (int i = 0; i < chosen.length; i++) {
        chosen[i] = step.target.labelAt(i) == org.iseg.api.Mask.OBJECT ? (byte) 1 : 0;
      }
    } else {
      chosen = fnArea >= fpArea ? fnLargest : fpLargest;
    }
    DistanceField depth = MaskOps.distanceField(chosen, step.height, step.width, true);
    float[] d = depth.toArray();
    int best = -1;
    for (int i = 0; i < d.length; i++) {
      if (chosen[i] != 0 && step.clickable(i) && (best < 0 || d[i] > d[best])) {
        best = i;
      }
    }
    return best >= 0 ? best : step.uniformAnywhere();
  }

  /** The largest 4-connected component of the clickable pixels of {@code region}, as 0/1 bytes. */
  private static byte[] largest(StepContext step, byte[] region) {
    for (int i = 0; i < region.length; i++) {
      if (region[i] != 0 && !step.clickable(i)) {
        region[i] = 0;
      }
    }
    Components parts = MaskOps.components(region, step.height, step.width, 4);
    byte[] out = new byte[region.length];
    if (parts.count() > 0) {
      int label = parts.largest();
      for (int i = 0; i < out.length; i++) {
        out[i] = parts.labelAt(i) == label ? (byte) 1 : 0;
      }
    }
    return out;
  }

  private static int count(byte[] region) {
    int n = 0;
    for (byte b : region) {
      n += b;
    }
    return n;
  }
}
