package org.iseg.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.util.Optional;

/**
 * A click-based segmentation network (RITM's {@code ISModel}) on DJL's PyTorch engine, in inference mode.
 *
 * <p>Every array it returns belongs to the manager of {@code image}: run each prediction in a child manager
 * of {@link #manager()} inside try-with-resources and nothing accumulates.
 *
 * <pre>{@code
 * try (IisNetwork net = IisNetworks.create(NetworkConfig.ritm("hrnet18s"));
 *      NDManager call = net.manager().newSubManager()) {
 *   NDArray image = call.zeros(new Shape(1, 3, 320, 480));
 *   NDArray prev = call.zeros(new Shape(1, 1, 320, 480));
 *   NDArray points = call.create(new float[] {100, 200, 0, -1, -1, -1}, new Shape(1, 2, 3));
 *   NetOutput out = net.forward(image, Optional.of(prev), points);
 * }
 * }</pre>
 */
public interface IisNetwork extends AutoCloseable {

  /**
   * One forward pass (no gradients, batch norm on running statistics).
   *
   * @param image 1 x 3 x H x W (or N x 3 x H x W), RGB in [0, 1]
   * @param prevMask N x 1 x H x W previous probabilities when {@link #withPrevMask()}; must be absent otherwise
   * @param points N x 2K x 3 float: first K positive, then K negative clicks, rows (row, col, click index),
   *     padded with -1
   * @return logits at the input size, or at the working resolution of a network with a {@link
   *     NetworkConfig#workingSize()} (the caller resizes them, e.g. with {@link NetOutput#atSize})
   */
  NetOutput forward(NDArray image, Optional<NDArray> prevMask, NDArray points);

  /** Whether the network takes the previous mask (ITER-M). */
  boolean withPrevMask();

  /** The DJL block (for training, saving, inspection); its children carry RITM's names. */
  Block block();

  /** The configuration it was built from. */
  NetworkConfig config();

  /** The manager that owns the parameters; make per-call child managers from it. */
  NDManager manager();

  /** Number of trainable values (PyTorch's {@code sum(p.numel() for p in model.parameters())}). */
  long parameterCount();

  /** Frees the parameters. */
  @Override
  void close();
}
