package org.iseg.models;

import ai.djl.ndarray.NDArray;
import java.util.Objects;
import java.util.Optional;

/**
 * What an {@link IisNetwork} returns: logits N x 1 x H x W at the input size, and the auxiliary logits of
 * networks that have an auxiliary head (RITM's {@code instances} and {@code instances_aux}).
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
}
