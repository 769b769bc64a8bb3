package org.iseg.models.compact;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import org.iseg.api.spi.AbstractNamedProvider;
import org.iseg.models.fusion.TensorClickEncoder;
import org.iseg.models.fusion.TensorClickEncoderProvider;
import org.iseg.models.nn.Ops;

/**
 * The click maps of {@link CompactIisNet}, registered as the {@value #NAME} click encoder: RITM's disks of {@code
 * radius} (positive, negative) and long-range distance maps {@code tanh(d / (0.15 max(h, w)))} to the nearest click
 * of each sign (positive, negative), {@code d} the distance in pixels; rows with a negative coordinate are padding.
 * Its own squared distances (not {@link org.iseg.models.fusion.DistMaps}'): they round differently, and the
 * default network was trained on these. Memory stays at one map per sign however many clicks come.
 *
 * <pre>{@code
 * NDArray maps = new CompactClickMaps(5f).encode(points, 256, 256);   // B x 4 x 256 x 256
 * }</pre>
 */
public record CompactClickMaps(float radius) implements TensorClickEncoder {
  /** The registry name. */
  public static final String NAME = "compact-maps";
  /** Squared distance given to padding rows: far from every pixel. */
  private static final float FAR = 1e6f;

  public CompactClickMaps {
    if (!(radius > 0)) {
      throw new IllegalArgumentException("disk radius must be > 0, got " + radius);
    }
  }

  @Override
  public int channels() {
    return 4;
  }

  @Override
  public NDArray encode(NDArray points, long rows, long cols) {
    NDArray nearest = nearestSquaredDistances(points, rows, cols);                   // N x 2 x H x W
    NDArray disks = nearest.lte(radius * radius).toType(DataType.FLOAT32, false);
    float scale = 0.15f * Math.max(rows, cols);
    NDArray dist = Ops.div(nearest.sqrt(), scale).tanh();
    return NDArrays.concat(new NDList(disks, dist), 1);
  }

  /**
   * Squared distance N x 2 x H x W of every pixel to the nearest click of each sign ({@value #FAR} where there is
   * none), one click at a time: memory stays at N x 2 x H x W however many clicks come. Each distance is computed
   * as the former N x 2 x K x H x W stack computed it and min is exact, so the maps are bit-identical.
   */
  private static NDArray nearestSquaredDistances(NDArray points, long h, long w) {
    NDArray rc = TensorClickEncoder.rowsCols(points);
    NDManager m = points.getManager();
    long batch = points.getShape().get(0);
    long k = points.getShape().get(1) / 2;
    NDArray invalid = rc.min(new int[] {1}).lt(0f).toType(DataType.FLOAT32, false).reshape(batch * 2, k, 1, 1);
    NDArray dr = m.arange(0f, (float) h, 1f, DataType.FLOAT32).reshape(1, h).sub(rc.get(new NDIndex(":, 0:1")))
        .reshape(batch * 2, k, h);
    NDArray dc = m.arange(0f, (float) w, 1f, DataType.FLOAT32).reshape(1, w).sub(rc.get(new NDIndex(":, 1:2")))
        .reshape(batch * 2, k, w);
    NDArray nearest = null;
    for (long i = 0; i < k; i++) {
      try (NDManager step = m.newSubManager()) {
        NDArray dri = dr.get(new NDIndex(":, {}", i));
        NDArray dci = dc.get(new NDIndex(":, {}", i));
        NDArray invi = invalid.get(new NDIndex(":, {}", i));
        for (NDArray a : new NDArray[] {dri, dci, invi}) {
          a.attach(step);
        }
        NDArray d2 = dri.square().expandDims(2).add(dci.square().expandDims(1));        // 2N x H x W
        d2 = d2.add(Ops.mul(invi, FAR)); // padding rows: far from every pixel
        NDArray next = nearest == null ? d2 : nearest.minimum(d2);
        next.attach(m);
        if (nearest != null) {
          nearest.close();
        }
        nearest = next;
      }
    }
    return nearest.reshape(batch, 2, h, w);
  }

  /** {@value #NAME}: the compact network's disks and long-range distance maps. */
  public static final class Provider extends AbstractNamedProvider implements TensorClickEncoderProvider {
    public Provider() {
      super(NAME, "the compact network's disks of the radius and tanh(d / (0.15 max(h, w))) distance maps on "
          + "tensors, positive then negative of each");
    }

    @Override
    public TensorClickEncoder create(double radius, double spatialScale) {
      if (spatialScale != 1) {
        throw new IllegalArgumentException("click encoder '" + NAME + "' works at the input resolution (spatial scale"
            + " 1), got " + spatialScale);
      }
      return new CompactClickMaps((float) radius);
    }
  }
}
