package org.iseg.examples.server;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.iseg.api.Click;
import org.iseg.api.ClickHistory;
import org.iseg.api.IisModel;
import org.iseg.api.Image;
import org.iseg.api.Mask;
import org.iseg.api.Prediction;
import org.iseg.api.ProbabilityMap;
import org.iseg.api.State;

/**
 * One image being annotated through the session API: the clicks in order and, after each, the model's
 * prediction and state, so that undo restores exactly the previous prediction (what CVAT's stateless call
 * cannot do). All methods lock the session, so concurrent requests on one session run one after another.
 */
final class AnnotationSession {
  private record Step(Click click, Prediction prediction) {}

  private final String id;
  private final Image image;
  private final double threshold;
  private final State startZ;
  private final ProbabilityMap startY;
  private final List<Step> steps = new ArrayList<>();
  private Instant lastUsed;

  AnnotationSession(String id, Image image, double threshold, State startZ, ProbabilityMap startY, Instant now) {
    this.id = id;
    this.image = image;
    this.threshold = threshold;
    this.startZ = startZ;
    this.startY = startY;
    this.lastUsed = now;
  }

  String id() {
    return id;
  }

  Image image() {
    return image;
  }

  double threshold() {
    return threshold;
  }

  synchronized Instant lastUsed() {
    return lastUsed;
  }

  synchronized void touch(Instant now) {
    lastUsed = now;
  }

  synchronized ClickHistory history() {
    ClickHistory history = ClickHistory.empty();
    for (Step step : steps) {
      history = history.plus(step.click());
    }
    return history;
  }

  synchronized ProbabilityMap probabilities() {
    return steps.isEmpty() ? startY : steps.get(steps.size() - 1).prediction().y();
  }

  synchronized Mask mask() {
    return probabilities().threshold(threshold);
  }

  /** Adds a click at (row, col) and runs the model on the whole history. */
  synchronized void addClick(int row, int col, boolean positive, IisModel model) {
    ClickHistory history = history().plus(new Click(row, col, positive, steps.size()));
    State z = steps.isEmpty() ? startZ : steps.get(steps.size() - 1).prediction().z();
    Prediction prediction = model.predict(image, z, history.positives(), history.negatives());
    if (prediction.y().height() != image.height() || prediction.y().width() != image.width()) {
      throw new IllegalStateException("model '" + model.name() + "' returned a " + prediction.y().height() + "x"
          + prediction.y().width() + " prediction for a " + image.height() + "x" + image.width() + " image");
    }
    steps.add(new Step(history.all().get(history.size() - 1), prediction));
  }

  /** Removes the last click; false when there was none. */
  synchronized boolean undo() {
    if (steps.isEmpty()) {
      return false;
    }
    steps.remove(steps.size() - 1);
    return true;
  }

  synchronized void reset() {
    steps.clear();
  }
}
