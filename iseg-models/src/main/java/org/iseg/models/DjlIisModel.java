package org.iseg.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.iseg.api.Click;
import org.iseg.api.IisModel;
import org.iseg.api.Image;
import org.iseg.api.Mask;
import org.iseg.api.Normalization;
import org.iseg.api.Prediction;
import org.iseg.api.PreviousPrediction;
import org.iseg.api.ProbabilityMap;
import org.iseg.api.State;
import org.iseg.models.external.ClickTensors;
import org.iseg.models.fusion.TensorClickEncoder;

/**
 * An {@link IisModel} around an {@link IisNetwork}: RITM's base predictor without ZoomIn or flips. The image
 * becomes a 1 x 3 x H x W tensor in [0, 1], the clicks RITM's points tensor (positives, then negatives, each padded
 * with (-1, -1, -1) to the larger count, at least 1; rows (row, col, click index)), the state {@code z} the
 * previous prediction (ITER-M's 4th channel); the output is {@code sigmoid(instances)}.
 *
 * <p>Each prediction runs in a child manager of the network's manager that is closed before returning, so
 * nothing accumulates over hundreds of predictions. Not thread-safe (one network, one forward at a time).
 *
 * <pre>{@code
 * try (IisModel model = new DjlIisModel("hrnet18s-itermask", IisNetworks.fromRitmCheckpoint(pth))) {
 *   State z = model.initialZ(image);
 *   Prediction p = model.predict(image, z, List.of(Click.positive(120, 80, 0)), List.of());
 * }
 * }</pre>
 */
public final class DjlIisModel implements IisModel {
  // The network normalises inside (RITM's BatchImageNormalize): it takes RGB / 255 as is.
  private final String name;
  private final IisNetwork network;

  /** A model that owns {@code network}: {@link #close()} closes it. */
  public DjlIisModel(String name, IisNetwork network) {
    this.name = Objects.requireNonNull(name, "name");
    this.network = Objects.requireNonNull(network, "network");
  }

  @Override
  public String name() {
    return name;
  }

  public IisNetwork network() {
    return network;
  }

  @Override
  public Prediction predict(Image x, State z, List<Click> pcs, List<Click> ncs) {
    int h = x.height();
    int w = x.width();
    for (Click c : pcs) {
      requireClick(c, true, h, w);
    }
    for (Click c : ncs) {
      requireClick(c, false, h, w);
    }
    try (NDManager call = network.manager().newSubManager()) {
      NDArray image = call.create(ClickTensors.image(x, Normalization.NONE, Optional.empty()), new Shape(1, 3, h, w));
      Optional<NDArray> prev = Optional.empty();
      if (network.withPrevMask()) {
        prev = Optional.of(call.create(previous(z, h, w).toArray(), new Shape(1, 1, h, w)));
      }
      NDArray points = call.create(TensorClickEncoder.points(pcs, ncs),
          new Shape(1, 2L * TensorClickEncoder.pointsPerSign(pcs, ncs), 3));
      NDArray logits = network.forward(image, prev, points).atSize(h, w).instances();
      float[] probs = logits.getNDArrayInternal().sigmoid().toFloatArray();
      ProbabilityMap y = ProbabilityMap.of(h, w, probs);
      return new Prediction(y, network.withPrevMask() ? new PreviousPrediction(y) : State.NONE);
    }
  }

  @Override
  public State initialZ(Image x) {
    return network.withPrevMask() ? new PreviousPrediction(initialY(x)) : State.NONE;
  }

  @Override
  public State initialZ(Image x, Mask startMask) {
    startMask.requireSameSize("start mask", x);
    if (!network.withPrevMask()) {
      return IisModel.super.initialZ(x, startMask);
    }
    return new PreviousPrediction(ProbabilityMap.fromMask(startMask));
  }

  @Override
  public void close() {
    network.close();
  }

  @Override
  public String toString() {
    return "DjlIisModel[" + name + ", " + network + "]";
  }

  private ProbabilityMap previous(State z, int h, int w) {
    if (!(z instanceof PreviousPrediction pp)) {
      throw new IllegalArgumentException("model '" + name + "' is an ITER-M model and needs a PreviousPrediction state "
          + "(from initialZ or its last prediction), got " + z);
    }
    ProbabilityMap p = pp.probabilities();
    if (p.height() != h || p.width() != w) {
      throw new IllegalArgumentException("previous prediction is " + p.height() + "x" + p.width() + " but the image is "
          + h + "x" + w + "; use the state returned with this image's last prediction");
    }
    return p;
  }

  private static void requireClick(Click c, boolean positive, int h, int w) {
    c.requireInside(h, w);
    if (c.positive() != positive) {
      throw new IllegalArgumentException("click " + c + " is in the " + (positive ? "positive" : "negative")
          + " list but has positive=" + c.positive());
    }
  }
}
