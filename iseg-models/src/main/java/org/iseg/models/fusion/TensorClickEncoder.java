package org.iseg.models.fusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.iseg.api.Click;
import org.iseg.api.ClickEncoder;
import org.iseg.api.FeatureMaps;

/**
 * A {@link ClickEncoder} that also encodes click tensors inside a network, so networks take their click maps from
 * the encoder registry ({@link TensorClickEncoderProvider}) like everyone else.
 *
 * <pre>{@code
 * TensorClickEncoder disks = TensorClickEncoderProvider.create("ritm-disks", 5, 1);
 * NDArray maps = disks.encode(points, 320, 480);                        // B x 2 x 320 x 480
 * FeatureMaps same = disks.encode(List.of(Click.positive(10, 20, 0)), List.of(), 320, 480);
 * }</pre>
 */
public interface TensorClickEncoder extends ClickEncoder {

  /**
   * The B x {@link #channels()} x rows x cols encoding of {@code points} (float, B x 2N x 3: rows (row, col, index),
   * first N positive then N negative, a row with negative coordinates is padding), in the manager of {@code points}.
   */
  NDArray encode(NDArray points, long rows, long cols);

  /**
   * The (row, col) of every point of a B x 2N x 3 points tensor (see {@link #encode(NDArray, long, long)}), as a
   * float (B 2N) x 2 array in its manager; any other shape fails.
   */
  static NDArray rowsCols(NDArray points) {
    Shape s = points.getShape();
    if (s.dimension() != 3 || s.get(2) != 3 || s.get(1) % 2 != 0 || s.get(1) == 0) {
      throw new IllegalArgumentException(
          "points must be B x 2N x 3 (row, col, index; N positives then N negatives), got " + s);
    }
    return points.toType(DataType.FLOAT32, false).reshape(-1, 3).get(new NDIndex(":, 0:2"));
  }

  /** The same maps for lists of clicks, computed on a temporary PyTorch manager. */
  @Override
  default FeatureMaps encode(List<Click> pcs, List<Click> ncs, int height, int width) {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      NDArray points = m.create(points(pcs, ncs), new Shape(1, 2L * pointsPerSign(pcs, ncs), 3));
      return FeatureMaps.of(channels(), height, width, encode(points, height, width).toFloatArray());
    }
  }

  /**
   * RITM's points array: {@link #pointsPerSign} rows of positives then as many of negatives, each (row, col, click
   * index), padded with -1.
   */
  static float[] points(List<Click> positives, List<Click> negatives) {
    int n = pointsPerSign(positives, negatives);
    float[] out = new float[2 * n * 3];
    java.util.Arrays.fill(out, -1f);
    for (int i = 0; i < positives.size(); i++) {
      Click c = positives.get(i);
      out[3 * i] = c.row();
      out[3 * i + 1] = c.col();
      out[3 * i + 2] = c.index();
    }
    for (int i = 0; i < negatives.size(); i++) {
      Click c = negatives.get(i);
      out[3 * (n + i)] = c.row();
      out[3 * (n + i) + 1] = c.col();
      out[3 * (n + i) + 2] = c.index();
    }
    return out;
  }

  /** Rows per sign in {@link #points}: the larger click count, at least 1. */
  static int pointsPerSign(List<Click> positives, List<Click> negatives) {
    return Math.max(1, Math.max(positives.size(), negatives.size()));
  }
}
