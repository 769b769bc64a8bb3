package org.iseg.engine.session;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.iseg.api.Click;
import org.iseg.api.ClickHistory;
import org.iseg.api.IisModel;
import org.iseg.api.Image;
import org.iseg.api.Mask;
import org.iseg.api.Prediction;
import org.iseg.api.ProbabilityMap;
import org.iseg.api.State;

/**
 * One person annotating one image, click by click: the clicks of the object being segmented with the model's
 * prediction after each, the objects already finished, and the probability threshold. The semantics are those
 * of RITM's demo controller ({@code interactive_demo/controller.py}): undo restores exactly the prediction
 * before the last click, "reset" drops the object's clicks and a loaded mask, "finish" gives the object the next
 * label, "finish partially" (RITM's {@code a} key) sets the object's prediction aside so that the next clicks
 * add another part of the same object, and a later object overwrites an earlier one where they overlap.
 *
 * <pre>{@code
 * InteractiveSession s = InteractiveSession.start(model, image);
 * s = s.click(model, s.nextClick(120, 80, true));     // runs the model once
 * s = s.click(model, s.nextClick(40, 200, false));
 * s = s.undo().orElse(s);                              // back to the prediction after the first click
 * s = s.withThreshold(0.7);                            // re-thresholds, does not predict again
 * s = s.finishObject().orElse(s);                      // object 1; the next object starts empty
 * int[] labels = s.labels();
 * }</pre>
 *
 * <p><b>Values.</b> A session is immutable: every change returns a new session and leaves this one as it was,
 * so a caller keeps old sessions for free (an undo stack, a snapshot to answer a request from) and can compute a
 * click on a worker thread from a snapshot, then decide whether to install the result.
 *
 * <p><b>Threads.</b> Sessions may be shared freely between threads. The methods that take a model
 * ({@link #start}, {@link #click}, {@link #clickAll}, {@link #loadMask}, {@link #withStartState}) call it on
 * the calling thread; {@link IisModel} is only safe for one thread at a time, so callers that share a model
 * serialise those calls (the annotation server lends each worker thread a model of its own).
 *
 * <p><b>Models.</b> A session does not own a model. Each call may pass a different instance, as long as they
 * are the same network: a state returned by one is handed to the next (the server's model pool relies on it,
 * and the annotator rebuilds its predictor when its ZoomIn or BRS settings change; a BRS predictor ignores an
 * optimised vector that another mode left in the state and starts afresh).
 */
public final class InteractiveSession {
  /** RITM demo's default probability threshold. */
  public static final double DEFAULT_THRESHOLD = 0.5;

  /** One step: the clicks added together (the history's size after them) and the model's answer to them. */
  private record Step(int clicksAfter, Prediction prediction) {}

  /**
   * What {@link #partiallyFinishObject} set aside: the union (pixel-wise maximum) of the object's probabilities
   * so far (RITM's {@code prob_total}), and the session before it, which {@link #undo} returns to.
   */
  private record Kept(ProbabilityMap union, InteractiveSession before) {}

  private final Image image;
  private final double threshold;
  /** The prediction of an object without clicks or mask; computed once per session, by {@link #start}. */
  private final ProbabilityMap blankY;
  /** Finished objects' labels, row by row; never written after construction (copied on change and on read). */
  private final int[] finished;
  private final int objectCount;
  /** The object's state before its first click; empty until a click or {@link #withStartState} needs it. */
  private final Optional<State> startZ;
  /** The object's prediction before its first click: {@link #blankY} or a loaded mask. */
  private final ProbabilityMap startY;
  private final boolean startedFromMask;
  private final ClickHistory history;
  private final ImmutableList<Step> steps;
  /** The object's parts set aside with {@link #partiallyFinishObject}; empty when there is none. */
  private final Optional<Kept> kept;

  private InteractiveSession(Image image, double threshold, ProbabilityMap blankY, int[] finished,
      int objectCount, Optional<State> startZ, ProbabilityMap startY, boolean startedFromMask,
      ClickHistory history, ImmutableList<Step> steps, Optional<Kept> kept) {
    this.image = image;
    this.threshold = threshold;
    this.blankY = blankY;
    this.finished = finished;
    this.objectCount = objectCount;
    this.startZ = startZ;
    this.startY = startY;
    this.startedFromMask = startedFromMask;
    this.history = history;
    this.steps = steps;
    this.kept = kept;
  }

  /**
   * A session on {@code image} with no object, no click and the {@linkplain #DEFAULT_THRESHOLD default
   * threshold}. Only {@link IisModel#initialY} is called here; the model's start state (which some models make
   * expensive, e.g. by encoding the image) waits for the first click or {@link #withStartState}.
   */
  public static InteractiveSession start(IisModel model, Image image) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(image, "image");
    ProbabilityMap blank = requireSize(model, image, model.initialY(image));
    return new InteractiveSession(image, DEFAULT_THRESHOLD, blank, new int[image.height() * image.width()], 0,
        Optional.empty(), blank, false, ClickHistory.empty(), ImmutableList.of(), Optional.empty());
  }

  // ------------------------------------------------------------------------------------------ reading

  public Image image() {
    return image;
  }

  /** The probability above which a pixel belongs to the current object ({@code p > threshold}, as RITM). */
  public double threshold() {
    return threshold;
  }

  /** The clicks of the current object, in order. */
  public ClickHistory clicks() {
    return history;
  }

  /**
   * Whether there is an object being segmented: it has clicks, started from a loaded mask, or has parts set
   * aside with {@link #partiallyFinishObject}.
   */
  public boolean hasObject() {
    return !steps.isEmpty() || startedFromMask || kept.isPresent();
  }

  /**
   * The current object's probabilities: the last prediction, or the start (a loaded mask, else the blank one);
   * with parts set aside by {@link #partiallyFinishObject}, their maximum with the new part's last prediction
   * (RITM's {@code np.maximum(prob_total, prob_additive)}).
   */
  public ProbabilityMap probabilities() {
    ProbabilityMap part = steps.isEmpty() ? startY : steps.get(steps.size() - 1).prediction().y();
    if (kept.isEmpty()) {
      return part;
    }
    ProbabilityMap union = kept.get().union();
    if (steps.isEmpty()) {
      return union;   // the new part has no click yet; its blank start is no part of the object
    }
    float[] max = union.toArray();
    for (int i = 0; i < max.length; i++) {
      max[i] = Math.max(max[i], part.getAt(i));
    }
    return ProbabilityMap.of(union.height(), union.width(), max);
  }

  /** {@link #probabilities()} thresholded at {@link #threshold()}. */
  public Mask mask() {
    return probabilities().threshold(threshold);
  }

  /**
   * The parts of the current object set aside with {@link #partiallyFinishObject}, thresholded (RITM's demo
   * shows them blended twice); empty when there is none.
   */
  public Optional<Mask> partsSetAside() {
    return kept.map(k -> k.union().threshold(threshold));
  }

  /** The number of finished objects. */
  public int objectCount() {
    return objectCount;
  }

  /**
   * A new array with the label of every pixel, row by row: finished objects 1..n in the order they were
   * finished, the current object as n + 1 on top of them (RITM's {@code result_mask}), 0 for background.
   */
  public int[] labels() {
    int[] out = finished.clone();
    if (hasObject()) {
      Mask mask = mask();
      int label = objectCount + 1;
      for (int i = 0; i < out.length; i++) {
        if (mask.labelAt(i) == Mask.OBJECT) {
          out[i] = label;
        }
      }
    }
    return out;
  }

  // ------------------------------------------------------------------------------------------ clicks

  /**
   * The click at (row, col) that would come next, with its index; nothing is predicted.
   *
   * @throws IllegalArgumentException when (row, col) lies outside the image
   */
  public Click nextClick(int row, int col, boolean positive) {
    requireInside(row, col);
    return new Click(row, col, positive, history.nextIndex());
  }

  /** This session after {@code click} (see {@link #nextClick}) and the model's prediction for it. */
  public InteractiveSession click(IisModel model, Click click) {
    return clickAll(model, List.of(click));
  }

  /**
   * This session after {@code clicks}, added together as one step: the model runs once on all of them (CVAT's
   * stateless interactor, a robot's several clicks per step), and {@link #undo} removes them together. The
   * first click of an object also computes the model's start state, which the object keeps through undo.
   *
   * @throws IllegalArgumentException when there is no click, a click lies outside the image, or the indices
   *     do not continue {@link #clicks()} (0, 1, 2, ... over the object)
   * @throws IllegalStateException when the model answers with a prediction of another size than the image
   */
  public InteractiveSession clickAll(IisModel model, List<Click> clicks) {
    Objects.requireNonNull(model, "model");
    if (clicks.isEmpty()) {
      throw new IllegalArgumentException("a step needs at least one click");
    }
    for (Click click : clicks) {
      requireInside(click.row(), click.col());
    }
    ClickHistory after = history.plus(clicks);
    // The start state is computed once per object, here when no one asked for it before, and kept for undo.
    State start = startZ.orElseGet(() -> model.initialZ(image));
    State z = steps.isEmpty() ? start : steps.get(steps.size() - 1).prediction().z();
    Prediction prediction = model.predict(image, z, after.positives(), after.negatives());
    requireSize(model, image, prediction.y());
    ImmutableList<Step> more = ImmutableList.<Step>builderWithExpectedSize(steps.size() + 1)
        .addAll(steps).add(new Step(after.size(), prediction)).build();
    return new InteractiveSession(image, threshold, blankY, finished, objectCount, Optional.of(start), startY,
        startedFromMask, after, more, kept);
  }

  /**
   * This session without its last step, with exactly the prediction before it; right after
   * {@link #partiallyFinishObject} (no click since), the session before it, clicks included. Empty when there is
   * nothing to undo.
   */
  public Optional<InteractiveSession> undo() {
    if (steps.isEmpty()) {
      return kept.map(k -> k.before().withThreshold(threshold));
    }
    ImmutableList<Step> fewer = steps.subList(0, steps.size() - 1);
    return Optional.of(new InteractiveSession(image, threshold, blankY, finished, objectCount, startZ, startY,
        startedFromMask, history.first(fewer.isEmpty() ? 0 : fewer.get(fewer.size() - 1).clicksAfter()), fewer,
        kept));
  }

  /** Whether {@link #undo} has something to undo. */
  public boolean canUndo() {
    return !steps.isEmpty() || kept.isPresent();
  }

  /**
   * This session without the current object's clicks, back to where the object started: a loaded mask stays
   * (the server's reset: a session created from a mask returns to that mask), and so do the parts set aside
   * with {@link #partiallyFinishObject}.
   */
  public InteractiveSession clearClicks() {
    return new InteractiveSession(image, threshold, blankY, finished, objectCount, startZ, startY,
        startedFromMask, ClickHistory.empty(), ImmutableList.of(), kept);
  }

  /**
   * This session without the current object's clicks, loaded mask and set-aside parts (RITM's "Reset clicks",
   * {@code reset_last_object}).
   */
  public InteractiveSession reset() {
    return new InteractiveSession(image, threshold, blankY, finished, objectCount, Optional.empty(), blankY,
        false, ClickHistory.empty(), ImmutableList.of(), Optional.empty());
  }

  // ------------------------------------------------------------------------------------------ objects, settings

  /**
   * This session with the current object added to the result as label {@code objectCount() + 1} and a new,
   * empty object started; empty when there is nothing to finish (no click and no loaded mask).
   */
  public Optional<InteractiveSession> finishObject() {
    if (!hasObject()) {
      return Optional.empty();
    }
    return Optional.of(new InteractiveSession(image, threshold, blankY, labels(), objectCount + 1,
        Optional.empty(), blankY, false, ClickHistory.empty(), ImmutableList.of(), Optional.empty()));
  }

  /**
   * This session with the current object's prediction set aside and its clicks dropped, so that the next
   * clicks segment another part of the same object from scratch (RITM's {@code a} key,
   * {@code partially_finish_object}): the model starts afresh (new start state, no previous mask, click
   * indices from 0), the object's probabilities become the pixel-wise maximum of the parts set aside and the
   * new part's prediction, and {@link #finishObject} labels their union as one object. {@link #undo} right
   * after it returns to this session (RITM's undo there restores the prediction but shows one click fewer).
   * Empty when there is nothing to set aside (no click, no loaded mask, no earlier part).
   */
  public Optional<InteractiveSession> partiallyFinishObject() {
    if (!hasObject()) {
      return Optional.empty();
    }
    return Optional.of(new InteractiveSession(image, threshold, blankY, finished, objectCount, Optional.empty(),
        blankY, false, ClickHistory.empty(), ImmutableList.of(), Optional.of(new Kept(probabilities(), this))));
  }

  /**
   * This session with the current object started from {@code mask} (RITM's "Load mask"): its clicks are
   * dropped and the mask becomes the model's previous prediction, so the next clicks correct it.
   *
   * @throws IllegalArgumentException when the mask's size differs from the image's
   * @throws IllegalStateException when the model cannot start from a mask (it is not ITER-M)
   */
  public InteractiveSession loadMask(IisModel model, Mask mask) {
    Objects.requireNonNull(model, "model");
    if (mask.height() != image.height() || mask.width() != image.width()) {
      throw new IllegalArgumentException("the mask is " + mask.width() + "x" + mask.height() + " but the image is "
          + image.width() + "x" + image.height() + "; load a mask made for this image");
    }
    State z = model.initialZ(image, mask);
    return new InteractiveSession(image, threshold, blankY, finished, objectCount, Optional.of(z),
        ProbabilityMap.fromMask(mask), true, ClickHistory.empty(), ImmutableList.of(), Optional.empty());
  }

  /**
   * This session with the current object's start state computed now, so that its first click only predicts
   * (the server does it when a session is created; the annotator leaves it to the first click, off the UI
   * thread). Returns this session when the state is already known.
   */
  public InteractiveSession withStartState(IisModel model) {
    Objects.requireNonNull(model, "model");
    if (startZ.isPresent()) {
      return this;
    }
    return new InteractiveSession(image, threshold, blankY, finished, objectCount,
        Optional.of(model.initialZ(image)), startY, startedFromMask, history, steps, kept);
  }

  /** This session with another threshold; the stored probabilities are re-thresholded, the model is not run. */
  public InteractiveSession withThreshold(double newThreshold) {
    checkThreshold(newThreshold);
    if (newThreshold == threshold) {
      return this;
    }
    return new InteractiveSession(image, newThreshold, blankY, finished, objectCount, startZ, startY,
        startedFromMask, history, steps, kept);
  }

  /**
   * Returns {@code threshold} when it lies in [0, 1].
   *
   * @throws IllegalArgumentException otherwise (NaN included)
   */
  public static double checkThreshold(double threshold) {
    if (!(threshold >= 0 && threshold <= 1)) {
      throw new IllegalArgumentException("threshold must lie in [0, 1], got " + threshold);
    }
    return threshold;
  }

  private void requireInside(int row, int col) {
    if (!image.contains(row, col)) {
      throw new IllegalArgumentException("click (row " + row + ", col " + col + ") lies outside the "
          + image.width() + "x" + image.height() + " image");
    }
  }

  private static ProbabilityMap requireSize(IisModel model, Image image, ProbabilityMap y) {
    if (y.height() != image.height() || y.width() != image.width()) {
      throw new IllegalStateException("model '" + model.name() + "' returned a " + y.height() + "x" + y.width()
          + " prediction for a " + image.height() + "x" + image.width() + " image");
    }
    return y;
  }

  @Override
  public String toString() {
    return "InteractiveSession[" + image.width() + "x" + image.height() + ", " + objectCount
        + " finished, clicks " + history.all() + (startedFromMask ? ", from a mask" : "")
        + (kept.isPresent() ? ", with parts set aside" : "") + ", threshold "
        + threshold + "]";
  }
}
