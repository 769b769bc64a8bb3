package org.iseg.engine.predictors;

import ai.djl.ndarray.NDArray;

/**
 * What a predictor needs from a click network: logits for a batch of images, previous masks and click points.
 *
 * <pre>{@code
 * PredictorNetwork net = PredictorNetwork.of(iisNetwork);
 * }</pre>
 */
public interface PredictorNetwork {

  /**
   * Main-output logits at the input size.
   *
   * @param image {@code B x 3 x H x W} RGB in [0, 1]
   * @param prevMask {@code B x 1 x H x W} previous probabilities (zeros when the network takes none)
   * @param points {@code B x 2N x 3} float rows (row, col, click index): N positive then N negative, -1 padding
   * @return {@code B x 1 x H' x W'} logits; the predictor resizes them to {@code H x W} when they differ
   */
  NDArray logits(NDArray image, NDArray prevMask, NDArray points);

  /** True for ITER-M networks, which read the previous prediction as an extra input channel. */
  boolean withPrevMask();

  /** The iseg network underneath, when there is one (BRS backpropagates through it). */
  default java.util.Optional<org.iseg.models.IisNetwork> iisNetwork() {
    return java.util.Optional.empty();
  }

  /** The main output of an iseg network; the previous mask reaches ITER-M networks only. */
  static PredictorNetwork of(org.iseg.models.IisNetwork network) {
    return new IisNetworkAdapter(network);
  }
}
