package org.iseg.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import java.util.Optional;
import org.iseg.models.fusion.IisNetBlock;
import org.iseg.models.nn.StateDicts;

/**
 * The {@link IisNetwork} built by {@link IisNetworks}: an {@link IisNetBlock} and the manager that owns its
 * parameters. Not thread-safe: one forward at a time.
 *
 * <pre>{@code
 * DjlIisNetwork net = (DjlIisNetwork) IisNetworks.create(NetworkConfig.ritm("hrnet18s"));
 * }</pre>
 */
public final class DjlIisNetwork implements IisNetwork {
  private final NetworkConfig config;
  private final IisNetBlock block;
  private final NDManager manager;
  private final ParameterStore parameterStore;

  DjlIisNetwork(NetworkConfig config, IisNetBlock block, NDManager manager) {
    this.config = config;
    this.block = block;
    this.manager = manager;
    this.parameterStore = new ParameterStore(manager, false);
  }

  @Override
  public NetOutput forward(NDArray image, Optional<NDArray> prevMask, NDArray points) {
    NDList inputs = new NDList(image);
    if (withPrevMask()) {
      inputs.add(prevMask.orElseThrow(() -> new IllegalArgumentException(
          "network '" + config.backbone() + "' is an ITER-M network: pass the previous mask (zeros before the "
              + "first click)")));
    } else if (prevMask.isPresent()) {
      throw new IllegalArgumentException("network '" + config.backbone()
          + "' takes no previous mask; pass Optional.empty()");
    }
    inputs.add(points);
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

  @Override
  public boolean withPrevMask() {
    return block.withPrevMask();
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
    return "DjlIisNetwork[" + config.backbone() + ", " + config.fusion() + (withPrevMask() ? ", prev mask" : "")
        + "]";
  }
}
