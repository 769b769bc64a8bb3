package org.iseg.models.fusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import org.iseg.models.nn.Ops;

/**
 * RITM's click encoding ({@code DistMaps} in {@code isegm/model/ops.py}), computed on tensors inside the
 * network: from points B x 2N x 3 (rows (row, col, index); first N positive, then N negative; a row whose
 * coordinates are negative is padding), two channels per sample, positives then negatives. With
 * {@code d²} = the smallest squared distance to a click of that sign (coordinates x spatialScale): disks give
 * {@code d² <= (normRadius * spatialScale)²} as 1/0, distance maps give {@code tanh(2 * sqrt(d²) / (normRadius *
 * spatialScale))}.
 *
 * <p>Registered as the {@code ritm-disks} and {@code ritm-distance} click encoders ({@link
 * TensorClickEncoderProvider}); networks obtain it from there.
 *
 * <pre>{@code
 * NDArray maps = new DistMaps(5f, 1f, true).encode(points, 320, 480);  // B x 2 x 320 x 480
 * }</pre>
 */
public record DistMaps(float normRadius, float spatialScale, boolean useDisks) implements TensorClickEncoder {
  /** Registry names of the disk and distance-map encodings. */
  public static final String DISKS = "ritm-disks";
  public static final String DISTANCE = "ritm-distance";
  /** Squared distance given to padding rows, as RITM does: far from every pixel. */
  private static final float FAR = 1e6f;

  public DistMaps {
    if (!(normRadius > 0f) || !(spatialScale > 0f)) {
      throw new IllegalArgumentException("normRadius and spatialScale must be > 0, got " + normRadius + ", "
          + spatialScale);
    }
  }

  @Override
  public int channels() {
    return 2;
  }

  /** The B x 2 x rows x cols encoding of {@code points} (float, B x 2N x 3), in the manager of {@code points}. */
  @Override
  public NDArray encode(NDArray points, long rows, long cols) {
    NDArray rc = TensorClickEncoder.rowsCols(points);
    NDManager m = points.getManager();
    long batch = points.getShape().get(0);
    long numPoints = points.getShape().get(1) / 2;
    NDArray invalid = rc.max(new int[] {1}).lt(0f);                                  // P
    NDArray scaled = Ops.mul(rc, spatialScale);
    NDArray r = scaled.get(new NDIndex(":, 0:1"));                                    // P x 1
    NDArray c = scaled.get(new NDIndex(":, 1:2"));
    NDArray dr = m.arange(0f, (float) rows, 1f, DataType.FLOAT32).reshape(1, rows).sub(r); // P x rows
    NDArray dc = m.arange(0f, (float) cols, 1f, DataType.FLOAT32).reshape(1, cols).sub(c); // P x cols
    if (!useDisks) {
      float norm = normRadius * spatialScale;
      dr = Ops.div(dr, norm);
      dc = Ops.div(dc, norm);
    }
    // The nearest click of each sign, one click at a time: memory stays at B x 2 x rows x cols however many
    // clicks come (a P x rows x cols stack cost a server 22 GB for 20k points). Every element is computed with
    // the same operations as before and min is exact, so the maps are bit-identical.
    NDArray drs = dr.reshape(batch * 2, numPoints, rows);
    NDArray dcs = dc.reshape(batch * 2, numPoints, cols);
    NDArray invalidF = invalid.toType(DataType.FLOAT32, false).reshape(batch * 2, numPoints, 1, 1);
    NDArray nearest = null;
    for (long k = 0; k < numPoints; k++) {
      try (NDManager step = m.newSubManager()) {
        NDArray drk = drs.get(new NDIndex(":, {}", k));
        NDArray dck = dcs.get(new NDIndex(":, {}", k));
        NDArray invk = invalidF.get(new NDIndex(":, {}", k));
        for (NDArray a : new NDArray[] {drk, dck, invk}) {
          a.attach(step);
        }
        NDArray d2 = drk.mul(drk).expandDims(2).add(dck.mul(dck).expandDims(1));      // 2B x rows x cols
        // Padding rows become exactly FAR: d2 * 0 + FAR for them, d2 * 1 + 0 for real clicks (both exact).
        d2 = d2.mul(invk.neg().add(1f)).add(Ops.mul(invk, FAR));
        NDArray next = nearest == null ? d2 : nearest.minimum(d2);
        next.attach(m);
        if (nearest != null) {
          nearest.close();
        }
        nearest = next;
      }
    }
    nearest = nearest.reshape(batch, 2, rows, cols);
    if (useDisks) {
      float radius = normRadius * spatialScale;
      return nearest.lte(radius * radius).toType(DataType.FLOAT32, false);
    }
    return Ops.mul(nearest.sqrt(), 2f).tanh();
  }
}
