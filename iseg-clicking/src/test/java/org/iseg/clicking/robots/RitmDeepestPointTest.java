package org.iseg.clicking.robots;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.iseg.api.Click;
import org.iseg.api.ClickHistory;
import org.iseg.api.Mask;
import org.iseg.clicking.RealMasks;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * On real masks, the first {@code ritm} click on an empty prediction is the deepest interior point of the target:
 * the first pixel in row-major order whose exact Euclidean distance to the nearest non-object pixel (or to the
 * outside of the image, RITM's padding) is largest. The reference is a brute force over boundary pixels, exact in
 * integers, independent of OpenCV.
 */
class RitmDeepestPointTest {

  @ParameterizedTest(name = "{0}, every {1}. mask")
  @CsvSource({"GrabCut, 1", "Berkeley, 1", "DAVIS, 3"})
  void firstClickIsTheDeepestInteriorPoint(String dataset, int stride) {
    List<Path> files = RealMasks.files(dataset);
    RitmRobot robot = new RitmRobot(1);
    for (int k = 0; k < files.size(); k += stride) {
      Mask target = RealMasks.read(files.get(k), RealMasks.convention(dataset));
      Click click = robot.next(Mask.empty(target.height(), target.width()), target, ClickHistory.empty()).get(0);
      int[] deepest = deepestPoint(target);
      assertEquals(new Click(deepest[0], deepest[1], true, 0), click, files.get(k).toString());
    }
  }

  /**
   * {row, col} of the first object pixel (row-major) with the largest squared distance to a non-object pixel or
   * the ring outside the image. Candidate zeros are the non-object pixels 4-adjacent to an object pixel (the
   * nearest zero of any pixel is one) plus the image border; a pixel is abandoned as soon as some zero is no
   * farther than the best so far, trying first the zero that stopped the previous pixel.
   */
  static int[] deepestPoint(Mask target) {
    int h = target.height();
    int w = target.width();
    int[] zr = new int[h * w];
    int[] zc = new int[h * w];
    int nz = 0;
    for (int r = 0; r < h; r++) {
      for (int c = 0; c < w; c++) {
        if (!target.isObject(r, c) && (obj(target, r - 1, c) || obj(target, r + 1, c) || obj(target, r, c - 1)
            || obj(target, r, c + 1))) {
          zr[nz] = r;
          zc[nz] = c;
          nz++;
        }
      }
    }
    long best = -1;
    int bestR = -1;
    int bestC = -1;
    int hint = 0;
    for (int r = 0; r < h; r++) {
      for (int c = 0; c < w; c++) {
        if (!target.isObject(r, c)) {
          continue;
        }
        long border = Math.min(Math.min(r + 1, h - r), Math.min(c + 1, w - c));
        long d = border * border;
        if (d <= best) {
          continue;
        }
        if (nz > 0) {
          long dr = zr[hint] - r;
          long dc = zc[hint] - c;
          d = Math.min(d, dr * dr + dc * dc);
        }
        for (int j = 0; j < nz && d > best; j++) {
          long dr = zr[j] - r;
          long dc = zc[j] - c;
          long dj = dr * dr + dc * dc;
          if (dj < d) {
            d = dj;
            hint = j;
          }
        }
        if (d > best) { // strictly: an equal later pixel does not replace the first one
          best = d;
          bestR = r;
          bestC = c;
        }
      }
    }
    return new int[] {bestR, bestC};
  }

  private static boolean obj(Mask m, int r, int c) {
    return r >= 0 && r < m.height() && c >= 0 && c < m.width() && m.isObject(r, c);
  }
}
