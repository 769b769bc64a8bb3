package org.iseg.clicking.sampling;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.iseg.api.Click;
import org.iseg.api.Mask;

/**
 * {@code grid} (stratified): the image is cut into {@code rows x cols} nearly equal cells and one pixel is drawn
 * uniformly in each cell (ignore pixels excluded; a cell that is all ignore gives no click), labelled by the
 * target. Spreads clicks over the image, unlike uniform sampling, which clusters.
 *
 * <pre>{@code
 * InitialClickSampler sampler = new GridClickSampler(3, 3);   // up to 9 clicks
 * }</pre>
 */
public final class GridClickSampler implements InitialClickSampler {
  private final int rows;
  private final int cols;

  public GridClickSampler(int rows, int cols) {
    if (rows < 1 || cols < 1) {
      throw new IllegalArgumentException("grid must be at least 1x1, got " + rows + "x" + cols);
    }
    this.rows = rows;
    this.cols = cols;
  }

  @Override
  public List<Click> sample(Mask target, Optional<Mask> otherObjects, RandomGenerator random) {
    Samplers.checkTarget(target, otherObjects);
    int h = target.height();
    int w = target.width();
    List<Click> out = new ArrayList<>();
    for (int gr = 0; gr < rows; gr++) {
      int r0 = gr * h / rows;
      int r1 = (gr + 1) * h / rows;
      for (int gc = 0; gc < cols; gc++) {
        int c0 = gc * w / cols;
        int c1 = (gc + 1) * w / cols;
        int count = 0;
        for (int r = r0; r < r1; r++) {
          for (int c = c0; c < c1; c++) {
            count += target.labelAt(r * w + c) != Mask.IGNORE ? 1 : 0;
          }
        }
        if (count == 0) {
          continue;
        }
        int pick = random.nextInt(count);
        found:
        for (int r = r0; r < r1; r++) {
          for (int c = c0; c < c1; c++) {
            if (target.labelAt(r * w + c) != Mask.IGNORE && pick-- == 0) {
              out.add(new Click(r, c, target.labelAt(r * w + c) == Mask.OBJECT, out.size()));
              break found;
            }
          }
        }
      }
    }
    return List.copyOf(out);
  }
}
