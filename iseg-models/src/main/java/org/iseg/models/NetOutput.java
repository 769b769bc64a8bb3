package org.iseg.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.Objects;
import java.util.Optional;
import org.iseg.models.nn.Ops;

/**
 * What an {@link IisNetwork} returns: logits N x 1 x H x W (at the input size, or at the network's working
 * resolution, see {@link NetworkConfig#workingSize()}), and the auxiliary logits of networks that have an auxiliary
 * head (RITM's {@code instances} and {@code instances_aux}).
 *
 * <pre>{@code
 * NDArray probs = out.instances().getNDArrayInternal().sigmoid();
 * }</pre>
 */
public record NetOutput(NDArray instances, Optional<NDArray> instancesAux) {
  public NetOutput {
    Objects.requireNonNull(instances, "instances");
    Objects.requireNonNull(instancesAux, "instancesAux (use Optional.empty())");
  }

  /**
   * The logits at {@code height x width} (bilinear, {@code align_corners=True}, as RITM upsamples its logits); the
   * same arrays when they already are that size.
   */
  public NetOutput atSize(long height, long width) {
    Shape s = instances.getShape();
    if (s.get(2) == height && s.get(3) == width) {
      return this;
    }
    return new NetOutput(Ops.resizeBilinearAlignCorners(instances, height, width),
        instancesAux.map(a -> Ops.resizeBilinearAlignCorners(a, height, width)));
  }
}
