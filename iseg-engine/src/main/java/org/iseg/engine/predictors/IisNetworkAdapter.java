package org.iseg.engine.predictors;

import ai.djl.ndarray.NDArray;
import java.util.Objects;
import java.util.Optional;
import org.iseg.models.IisNetwork;

/** {@link PredictorNetwork} over an {@link IisNetwork}: its main output, the previous mask given only to ITER-M nets. */
final class IisNetworkAdapter implements PredictorNetwork {
  private final IisNetwork network;

  IisNetworkAdapter(IisNetwork network) {
    this.network = Objects.requireNonNull(network, "network");
  }

  @Override
  public NDArray logits(NDArray image, NDArray prevMask, NDArray points) {
    Optional<NDArray> prev = network.withPrevMask() ? Optional.of(prevMask) : Optional.empty();
    return network.forward(image, prev, points).instances();
  }

  @Override
  public Optional<IisNetwork> iisNetwork() {
    return Optional.of(network);
  }

  @Override
  public boolean withPrevMask() {
    return network.withPrevMask();
  }

  @Override
  public String toString() {
    return "PredictorNetwork[" + network + "]";
  }
}
