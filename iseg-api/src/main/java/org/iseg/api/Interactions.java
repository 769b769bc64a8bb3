package org.iseg.api;

import java.util.ArrayList;
import java.util.List;

/**
 * The interaction loop of click-based segmentation:
 *
 * <pre>
 * z = model.initialZ(image); y = model.initialY(image)
 * for k in 1..K: clicks += oracle.next(y &gt; threshold, target, clicks); (y, z) = model.predict(image, z, pcs, ncs)
 * return y
 * </pre>
 *
 * <pre>{@code
 * import static org.iseg.api.Interactions.fullInference;
 * InteractionTrace trace = fullInference(model, robot, image, target, 20);
 * Mask finalMask = trace.finalPrediction().threshold(0.49);
 * }</pre>
 */
public final class Interactions {
  private Interactions() {}

  /** Runs {@code maxSteps} oracle/model steps with threshold 0.49 and no early stop. */
  public static InteractionTrace fullInference(
      IisModel model, ClickingRobot oracle, Image image, Mask target, int maxSteps) {
    return fullInference(model, oracle, image, target, maxSteps, InteractionOptions.defaults());
  }

  /** Runs up to {@code maxSteps} oracle/model steps as {@code options} say. */
  public static InteractionTrace fullInference(
      IisModel model,
      ClickingRobot oracle,
      Image image,
      Mask target,
      int maxSteps,
      InteractionOptions options) {
    Checks.checkNotNull("model", model);
    Checks.checkNotNull("oracle", oracle);
    Checks.checkNotNull("image", image);
    Checks.checkNotNull("options", options);
    target.requireSameSize("target mask", image);
    if (maxSteps < 1) {
      throw new IllegalArgumentException("maxSteps (K) must be at least 1, got " + maxSteps);
    }

    State z;
    ProbabilityMap y;
    if (options.startMask().isPresent()) {
      Mask start = options.startMask().get();
      z = model.initialZ(image, start);
      y = ProbabilityMap.fromMask(start);
    } else {
      z = model.initialZ(image);
      y = model.initialY(image);
    }
    ClickHistory history = ClickHistory.empty();
    List<InteractionStep> steps = new ArrayList<>(maxSteps);
    Mask mask = y.threshold(options.threshold());
    for (int k = 1; k <= maxSteps; k++) {
      long t0 = System.nanoTime();
      List<Click> added = oracle.next(mask, target, history);
      long t1 = System.nanoTime();
      if (added.isEmpty()) {
        throw new IllegalStateException(
            "oracle " + oracle.getClass().getName() + " returned no click at step " + k);
      }
      for (Click click : added) {
        click.requireInside(image.height(), image.width());
      }
      history = history.plus(added);

      long t2 = System.nanoTime();
      Prediction prediction = model.predict(image, z, history.positives(), history.negatives());
      long t3 = System.nanoTime();
      y = prediction.y();
      z = prediction.z();
      if (y.height() != image.height() || y.width() != image.width()) {
        throw new IllegalStateException(
            "model '" + model.name() + "' returned a " + y.height() + "x" + y.width()
                + " prediction for a " + image.height() + "x" + image.width() + " image");
      }
      mask = y.threshold(options.threshold());
      steps.add(new InteractionStep(added, history, y, mask, t1 - t0, t3 - t2));
      if (options.stopRule().shouldStop(history.size(), mask, target)) {
        break;
      }
    }
    return new InteractionTrace(y, steps);
  }
}
