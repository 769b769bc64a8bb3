package org.iseg.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.pytorch.engine.PtNDArrayEx;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import java.util.Objects;
import java.util.Optional;
import org.iseg.models.nn.Ops;
import org.iseg.models.nn.StateDicts;

/**
 * The {@link IisNetwork} every {@link NetworkProvider} builds: a block taking {@code NDList(image[, prevMask],
 * points)} and returning {@code NDList(instances[, instancesAux])}, and the manager that owns its parameters. With a
 * {@link NetworkConfig#workingSize()} the input (a whole image or a ZoomIn crop) is first resized so its longer side
 * is that size, both sides multiples of 16, click coordinates following (pixel centres mapped, rounded); its logits
 * then come back at that working resolution. Not thread-safe: one forward at a time.
 *
 * <pre>{@code
 * DjlIisNetwork net = (DjlIisNetwork) IisNetworks.create(NetworkConfig.ritm("hrnet18s"));
 * }</pre>
 */
public final class DjlIisNetwork implements IisNetwork {
  private final NetworkConfig config;
  private final Block block;
  private final NDManager manager;
  private final ParameterStore parameterStore;

  /**
   * @param block initialised, its parameters in {@code manager}; takes the previous mask when {@code
   *     config.withPrevMask()}
   * @param manager owns the parameters; closed by {@link #close}
   */
  public DjlIisNetwork(NetworkConfig config, Block block, NDManager manager) {
    this.config = Objects.requireNonNull(config, "config");
    this.block = Objects.requireNonNull(block, "block");
    this.manager = Objects.requireNonNull(manager, "manager");
    this.parameterStore = new ParameterStore(manager, false);
  }

  @Override
  public NetOutput forward(NDArray image, Optional<NDArray> prevMask, NDArray points) {
    if (withPrevMask() && prevMask.isEmpty()) {
      throw new IllegalArgumentException("network '" + config.backbone() + "' is an ITER-M network: pass the "
          + "previous mask (zeros before the first click)");
    } else if (!withPrevMask() && prevMask.isPresent()) {
      throw new IllegalArgumentException("network '" + config.backbone()
          + "' takes no previous mask; pass Optional.empty()");
    }
    NDArray x = image;
    Optional<NDArray> prev = prevMask;
    NDArray pts = points;
    if (config.workingSize() != NetworkConfig.INPUT_SIZE) {
      long h = image.getShape().get(2);
      long w = image.getShape().get(3);
      double scale = (double) config.workingSize() / Math.max(h, w);
      long nh = Math.max(16, Math.round(h * scale / 16) * 16);
      long nw = Math.max(16, Math.round(w * scale / 16) * 16);
      if (nh != h || nw != w) {
        x = resize(image, nh, nw);
        prev = prevMask.map(p -> resize(p, nh, nw));
        pts = scaledPoints(points, h, w, nh, nw);
      }
    }
    NDList inputs = new NDList(x);
    prev.ifPresent(inputs::add);
    inputs.add(pts);
    // Grad mode is thread-local in libtorch; inference must not build an autograd graph on any thread.
    boolean grad = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    try {
      NDList out = block.forward(parameterStore, inputs, false);
      Optional<NDArray> aux = config.withAuxOutput() && out.size() > 1 ? Optional.of(out.get(1)) : Optional.empty();
      return new NetOutput(out.get(0), aux);
    } finally {
      JniUtils.setGradMode(grad);
    }
  }

  /** Click rows (row, col, index) mapped from h x w to nh x nw by pixel centres, rounded and clamped; padding kept. */
  private static NDArray scaledPoints(NDArray points, long h, long w, long nh, long nw) {
    NDManager m = points.getManager();
    NDArray rc = points.get(new NDIndex(":, :, 0:2"));
    NDArray valid = rc.min(new int[] {2}, true).gte(0f);
    NDArray factor = m.create(new float[] {(float) nh / h, (float) nw / w}).reshape(1, 1, 2);
    NDArray scaled = rc.add(0.5f).mul(factor).sub(0.5f).round();
    NDArray clampMax = m.create(new float[] {nh - 1, nw - 1}).reshape(1, 1, 2);
    scaled = Ops.maximum(scaled, 0f).minimum(clampMax);
    rc = NDArrays.where(valid.repeat(2, 2), scaled, rc);
    return NDArrays.concat(new NDList(rc, points.get(new NDIndex(":, :, 2:3"))), 2);
  }

  /** Bilinear resize as the compact network was trained with (DJL's, {@code align_corners=false}). */
  private static NDArray resize(NDArray a, long h, long w) {
    return ((PtNDArrayEx) a.getNDArrayInternal()).interpolation(new long[] {h, w}, 2, false);
  }

  @Override
  public boolean withPrevMask() {
    return config.withPrevMask();
  }

  @Override
  public Block block() {
    return block;
  }

  @Override
  public NetworkConfig config() {
    return config;
  }

  @Override
  public NDManager manager() {
    return manager;
  }

  @Override
  public long parameterCount() {
    return StateDicts.trainableCount(block);
  }

  @Override
  public void close() {
    manager.close();
  }

  @Override
  public String toString() {
    return "DjlIisNetwork[" + config.network() + " " + config.backbone() + ", " + config.fusion()
        + (withPrevMask() ? ", prev mask" : "")
        + (config.workingSize() != NetworkConfig.INPUT_SIZE ? ", working size " + config.workingSize() : "") + "]";
  }
}
