package org.iseg.models.compact;

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
import org.iseg.models.IisNetwork;
import org.iseg.models.NetOutput;
import org.iseg.models.NetworkConfig;
import org.iseg.models.nn.StateDicts;

/**
 * A {@link CompactIisNet} as an {@link IisNetwork}. With a {@link NetworkConfig#workingSize()} the input (a whole
 * image or a ZoomIn crop) is resized so its longer side is that size, both sides multiples of 16; click coordinates
 * follow (pixel centres mapped, rounded); the logits come back at that working resolution, and the predictor resizes
 * them to its input. Not thread-safe: one forward at a time.
 *
 * <pre>{@code
 * try (IisNetwork net = IisNetworks.create(CompactNetworkProvider.config(CompactIisNet.Width.TINY, 64))) { ... }
 * }</pre>
 */
final class CompactNetwork implements IisNetwork {
  private final NetworkConfig config;
  private final CompactIisNet block;
  private final NDManager manager;
  private final ParameterStore store;

  CompactNetwork(NetworkConfig config, CompactIisNet block, NDManager manager) {
    this.config = Objects.requireNonNull(config, "config");
    this.block = Objects.requireNonNull(block, "block");
    this.manager = Objects.requireNonNull(manager, "manager");
    this.store = new ParameterStore(manager, false);
  }

  @Override
  public NetOutput forward(NDArray image, Optional<NDArray> prevMask, NDArray points) {
    NDArray prev = prevMask.orElseThrow(() -> new IllegalArgumentException("network '" + config.backbone()
        + "' is an ITER-M network: pass the previous mask (zeros before the first click)"));
    Shape s = image.getShape();
    long h = s.get(2);
    long w = s.get(3);
    NDArray x = image;
    NDArray pts = points;
    if (config.workingSize() != NetworkConfig.INPUT_SIZE) {
      double scale = (double) config.workingSize() / Math.max(h, w);
      long nh = Math.max(16, Math.round(h * scale / 16) * 16);
      long nw = Math.max(16, Math.round(w * scale / 16) * 16);
      if (nh != h || nw != w) {
        x = resize(image, nh, nw);
        prev = resize(prev, nh, nw);
        pts = scaledPoints(points, h, w, nh, nw);
      }
    }
    // Grad mode is thread-local in libtorch; inference must not build an autograd graph on any thread.
    boolean grad = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    try {
      NDList out = block.forward(store, new NDList(x, prev, pts), false);
      return new NetOutput(out.get(0), config.withAuxOutput() ? Optional.of(out.get(1)) : Optional.empty());
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
    scaled = scaled.maximum(0f).minimum(clampMax);
    rc = NDArrays.where(valid.repeat(2, 2), scaled, rc);
    return NDArrays.concat(new NDList(rc, points.get(new NDIndex(":, :, 2:3"))), 2);
  }

  private static NDArray resize(NDArray a, long h, long w) {
    return ((PtNDArrayEx) a.getNDArrayInternal()).interpolation(new long[] {h, w}, 2, false);
  }

  @Override
  public boolean withPrevMask() {
    return true;
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
    return "CompactNetwork[" + block + ", working size " + config.workingSize() + "]";
  }
}
