package org.iseg.api;

import java.util.List;

/**
 * The oracle of an interaction: looks at the current binary prediction and the target and places the next
 * click(s). Robots that draw at random take a seed when they are created, so a run is reproducible.
 *
 * <p>Returned clicks carry consecutive indices starting at {@code history.nextIndex()}.
 */
public interface ClickingRobot {

  /**
   * The next click(s).
   *
   * @param prediction the current prediction, thresholded; same size as {@code target}
   * @param target the region the user wants, possibly with an ignore region
   * @param history the clicks placed so far
   */
  List<Click> next(Mask prediction, Mask target, ClickHistory history);
}
