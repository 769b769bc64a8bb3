package org.iseg.api;

import java.util.List;

/**
 * An interactive segmentation model: image + state + clicks → probabilities + next state.
 *
 * <pre>{@code
 * State z = model.initialZ(image);
 * Prediction p = model.predict(image, z, history.positives(), history.negatives());
 * Mask mask = p.y().threshold(0.49);
 * }</pre>
 *
 * <p>Implementations must be safe to call from one thread per interaction; a model shared across threads says
 * so in its documentation. {@link #close()} frees native resources.
 */
public interface IisModel extends AutoCloseable {

  /** A short name for reports and error messages. */
  String name();

  /**
   * The next prediction.
   *
   * @param x the image
   * @param z the state returned with the previous prediction (or {@link #initialZ})
   * @param pcs positive clicks in order
   * @param ncs negative clicks in order
   */
  Prediction predict(Image x, State z, List<Click> pcs, List<Click> ncs);

  /** The state before the first click. */
  default State initialZ(Image x) {
    return new PreviousPrediction(initialY(x));
  }

  /** The prediction before the first click: nothing is selected. */
  default ProbabilityMap initialY(Image x) {
    return ProbabilityMap.zeros(x.height(), x.width());
  }

  /**
   * The state of a model started from an external mask (RITM's "Load mask"): the mask becomes the previous
   * prediction. Models that cannot use a previous mask keep the default, which refuses clearly.
   */
  default State initialZ(Image x, Mask startMask) {
    startMask.requireSameSize("start mask", x);
    throw new IllegalStateException(
        "model '" + name() + "' does not take a previous mask; start it with initialZ(image) instead");
  }

  /**
   * Bytes per image pixel that the state of one interaction keeps for its whole length besides the predictions
   * (for example per-query masks computed once per image), so that a server can count them against its memory
   * budget before it starts an interaction. Most models keep nothing of the kind.
   */
  default long stateBytesPerPixel() {
    return 0;
  }

  @Override
  default void close() {}
}
