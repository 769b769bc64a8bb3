package org.iseg.examples.annotator;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
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
 * The logic behind the annotator window, free of any UI (the counterpart of RITM's
 * {@code InteractiveController}): one image, the clicks of the object being segmented, the objects already
 * finished, the probability threshold, and the overlay the window shows.
 *
 * <pre>{@code
 * AnnotatorController c = new AnnotatorController(model);
 * c.setImage(image);
 * c.addClick(120, 80, true);      // left click: positive
 * c.addClick(40, 200, false);     // right click: negative
 * c.finishObject();               // Space: the object becomes label 1
 * int[] labels = c.resultLabels();
 * }</pre>
 *
 * <p><b>Threads.</b> The controller is confined to one thread (the Swing event thread in the window). A click is
 * split so that the slow model call can run elsewhere: {@link #prepareClick} (cheap, on the owning thread)
 * captures everything the model needs, {@link PendingClick#run()} calls the model on any thread without
 * touching the controller, and {@link #apply} (owning thread) installs the result unless the controller changed
 * in between (then the result is stale and dropped). {@link #addClick} does all three in a row.
 *
 * <p><b>Objects.</b> Finished objects get labels 1, 2, 3 ... in the order they were finished; a later object
 * overwrites an earlier one where they overlap, as in RITM. The object being segmented shows as the next label.
 */
public final class AnnotatorController {
  /** Labels must fit an 8-bit PNG. */
  public static final int MAX_OBJECTS = 255;

  private record Step(Click click, Prediction prediction) {}

  private final IisModel model;
  private final PredictorFactory predictorFactory;
  private PredictorSettings predictorSettings = PredictorSettings.defaults();
  private IisModel predictor;

  private Image image;
  private int[] finished;
  private int objectCount;
  /** The state before the first click; empty until a click needs it, so the model computes it off this thread. */
  private Optional<State> startZ = Optional.empty();
  private ProbabilityMap startY;
  private boolean startedFromMask;
  private final List<Step> steps = new ArrayList<>();

  private double threshold = 0.5;
  private double alpha = 0.5;
  private int clickRadius = 3;
  private long generation;

  /** A controller that calls {@code model} directly (no ZoomIn). */
  public AnnotatorController(IisModel model) {
    this(model, PredictorFactory.PLAIN);
  }

  public AnnotatorController(IisModel model, PredictorFactory predictorFactory) {
    this.model = Objects.requireNonNull(model, "model");
    this.predictorFactory = Objects.requireNonNull(predictorFactory, "predictorFactory");
    this.predictor = predictorFactory.create(model, predictorSettings);
  }

  // ------------------------------------------------------------------------------------------ image and mask

  /** Starts over on a new image: no objects, no clicks. */
  public void setImage(Image newImage) {
    this.image = Objects.requireNonNull(newImage, "image");
    this.finished = new int[newImage.height() * newImage.width()];
    this.objectCount = 0;
    startObject();
  }

  public Optional<Image> image() {
    return Optional.ofNullable(image);
  }

  /**
   * Starts the current object from an external mask (RITM's "Load mask"): its clicks are dropped and the mask
   * becomes the model's previous prediction, so the next clicks correct it.
   *
   * @throws IllegalArgumentException when the mask's size differs from the image's
   * @throws IllegalStateException when no image is loaded or the model cannot start from a mask (not ITER-M)
   */
  public void loadMask(Mask mask) {
    requireImage("load a mask");
    if (mask.height() != image.height() || mask.width() != image.width()) {
      throw new IllegalArgumentException("the mask is " + mask.width() + "x" + mask.height() + " but the image is "
          + image.width() + "x" + image.height() + "; load a mask made for this image");
    }
    State z = predictor.initialZ(image, mask);
    steps.clear();
    startZ = Optional.of(z);
    startY = ProbabilityMap.fromMask(mask);
    startedFromMask = true;
    generation++;
  }

  // ------------------------------------------------------------------------------------------ settings

  public double threshold() {
    return threshold;
  }

  /** The probability above which a pixel belongs to the current object (RITM: {@code p > threshold}). */
  public void setThreshold(double t) {
    if (!(t >= 0 && t <= 1)) {
      throw new IllegalArgumentException("threshold must lie in [0, 1], got " + t);
    }
    threshold = t;
  }

  public double alpha() {
    return alpha;
  }

  /** How strongly object colours cover the image, 0 (invisible) .. 1 (opaque). */
  public void setAlpha(double a) {
    if (!(a >= 0 && a <= 1)) {
      throw new IllegalArgumentException("alpha must lie in [0, 1], got " + a);
    }
    alpha = a;
  }

  public int clickRadius() {
    return clickRadius;
  }

  /** Radius of the drawn click disks in image pixels, 0..50. */
  public void setClickRadius(int radius) {
    if (radius < 0 || radius > 50) {
      throw new IllegalArgumentException("click radius must lie in 0..50, got " + radius);
    }
    clickRadius = radius;
  }

  /** The name of the model being used. */
  public String modelName() {
    return model.name();
  }

  public PredictorSettings predictorSettings() {
    return predictorSettings;
  }

  public boolean supportsZoomIn() {
    return predictorFactory.supportsZoomIn();
  }

  /**
   * New predictor settings: the predictor is rebuilt and used from the next click on; the clicks and the shown
   * prediction stay (as RITM's demo resets its predictor), so changing a setting never runs the model on the
   * UI thread.
   */
  public void setPredictorSettings(PredictorSettings settings) {
    Objects.requireNonNull(settings, "settings");
    if (settings.equals(predictorSettings)) {
      return;
    }
    predictorSettings = settings;
    predictor = predictorFactory.create(model, settings);
  }

  // ------------------------------------------------------------------------------------------ clicks

  /** The clicks of the current object, in order. */
  public ClickHistory clicks() {
    ClickHistory history = ClickHistory.empty();
    for (Step step : steps) {
      history = history.plus(step.click());
    }
    return history;
  }

  /** A click at (row, col) with its prediction computed now, on this thread. */
  public void addClick(int row, int col, boolean positive) {
    if (!apply(prepareClick(row, col, positive).run())) {
      throw new IllegalStateException("the controller changed while predicting on its own thread");
    }
  }

  /**
   * Everything the model needs for a click at (row, col), captured now; run it on any thread.
   *
   * @throws IllegalArgumentException when (row, col) lies outside the image
   * @throws IllegalStateException when no image is loaded
   */
  public PendingClick prepareClick(int row, int col, boolean positive) {
    requireImage("click");
    if (!image.contains(row, col)) {
      throw new IllegalArgumentException("click (row " + row + ", col " + col + ") lies outside the "
          + image.width() + "x" + image.height() + " image");
    }
    ClickHistory history = clicks().plus(new Click(row, col, positive, steps.size()));
    Optional<State> z = steps.isEmpty() ? startZ : Optional.of(steps.get(steps.size() - 1).prediction().z());
    List<Click> all = history.all();
    int limit = predictorSettings.netClicksLimit().orElse(Integer.MAX_VALUE);
    List<Click> seen = all.size() > limit ? all.subList(all.size() - limit, all.size()) : all;
    List<Click> pcs = new ArrayList<>();
    List<Click> ncs = new ArrayList<>();
    for (Click click : seen) {
      (click.positive() ? pcs : ncs).add(click);
    }
    return new PendingClick(generation, predictor, image, z, List.copyOf(pcs), List.copyOf(ncs),
        all.get(all.size() - 1));
  }

  /**
   * Installs a prediction computed by {@link PendingClick#run()}; false (and nothing changes) when the
   * controller changed since the click was prepared.
   */
  public boolean apply(ClickOutcome outcome) {
    if (outcome.generation() != generation || image == null) {
      return false;
    }
    ProbabilityMap y = outcome.prediction().y();
    if (y.height() != image.height() || y.width() != image.width()) {
      throw new IllegalStateException("model '" + predictor.name() + "' returned a " + y.height() + "x" + y.width()
          + " prediction for a " + image.height() + "x" + image.width() + " image");
    }
    if (steps.isEmpty()) {
      startZ = Optional.of(outcome.startZ()); // computed off-thread for the first click; reused after undo
    }
    steps.add(new Step(outcome.click(), outcome.prediction()));
    generation++;
    return true;
  }

  /** Removes the last click and restores the prediction before it; false when there is no click. */
  public boolean undoClick() {
    if (steps.isEmpty()) {
      return false;
    }
    steps.remove(steps.size() - 1);
    generation++;
    return true;
  }

  /** Drops the current object's clicks and any loaded mask (RITM's "Reset clicks"). */
  public void resetClicks() {
    requireImage("reset");
    startObject();
  }

  /**
   * Adds the current object to the result with the next label and starts a new object (Space); false when
   * there is nothing to finish (no click and no loaded mask).
   *
   * @throws IllegalStateException when {@link #MAX_OBJECTS} objects are already finished
   */
  public boolean finishObject() {
    Optional<Mask> current = currentMask();
    if (current.isEmpty()) {
      return false;
    }
    if (objectCount >= MAX_OBJECTS) {
      throw new IllegalStateException("an 8-bit mask holds at most " + MAX_OBJECTS + " objects; save this mask "
          + "and start a new one");
    }
    objectCount++;
    Mask mask = current.get();
    for (int i = 0; i < finished.length; i++) {
      if (mask.labelAt(i) == Mask.OBJECT) {
        finished[i] = objectCount;
      }
    }
    startObject();
    return true;
  }

  // ------------------------------------------------------------------------------------------ results

  /** Number of finished objects. */
  public int objectCount() {
    return objectCount;
  }

  /** Whether there is an object being segmented (clicks or a loaded mask). */
  public boolean hasCurrentObject() {
    return image != null && (!steps.isEmpty() || startedFromMask);
  }

  /** The current object's probabilities, if there is a current object. */
  public Optional<ProbabilityMap> currentProbabilities() {
    if (!hasCurrentObject()) {
      return Optional.empty();
    }
    return Optional.of(steps.isEmpty() ? startY : steps.get(steps.size() - 1).prediction().y());
  }

  /** The current object thresholded, if there is one. */
  public Optional<Mask> currentMask() {
    return currentProbabilities().map(p -> p.threshold(threshold));
  }

  /**
   * The label of every pixel, row by row: finished objects 1..n, the current object as n + 1 on top, 0 for
   * background. This is what "Save mask" writes.
   */
  public int[] resultLabels() {
    requireImage("read the result");
    int[] out = finished.clone();
    Optional<Mask> current = currentMask();
    if (current.isPresent()) {
      Mask mask = current.get();
      int label = objectCount + 1;
      for (int i = 0; i < out.length; i++) {
        if (mask.labelAt(i) == Mask.OBJECT) {
          out[i] = label;
        }
      }
    }
    return out;
  }

  /** The image with every object blended in its colour and the current clicks drawn. */
  public BufferedImage render() {
    requireImage("render");
    return Overlay.render(image, resultLabels(), clicks().all(), alpha, clickRadius);
  }

  /** Increases on every change of the clicks, objects, image or predictor; a view repaints when it moves. */
  public long generation() {
    return generation;
  }

  // ------------------------------------------------------------------------------------------ internals

  private void startObject() {
    steps.clear();
    startZ = Optional.empty();
    startY = predictor.initialY(image);
    startedFromMask = false;
    generation++;
  }

  private void requireImage(String action) {
    if (image == null) {
      throw new IllegalStateException("load an image before you " + action);
    }
  }

  /** A click ready to be predicted; {@link #run()} may be called on any thread. */
  public static final class PendingClick {
    private final long generation;
    private final IisModel predictor;
    private final Image image;
    private final Optional<State> z;
    private final List<Click> pcs;
    private final List<Click> ncs;
    private final Click click;

    private PendingClick(long generation, IisModel predictor, Image image, Optional<State> z, List<Click> pcs,
        List<Click> ncs, Click click) {
      this.generation = generation;
      this.predictor = predictor;
      this.image = image;
      this.z = z;
      this.pcs = pcs;
      this.ncs = ncs;
      this.click = click;
    }

    public Click click() {
      return click;
    }

    /**
     * Calls the model (and, for an object's first click, {@code initialZ}, which some models make expensive,
     * e.g. by encoding the image); touches nothing of the controller.
     */
    public ClickOutcome run() {
      State start = z.orElseGet(() -> predictor.initialZ(image));
      return new ClickOutcome(generation, click, start, predictor.predict(image, start, pcs, ncs));
    }
  }

  /**
   * A prediction for a {@link PendingClick}, to be {@linkplain #apply applied} on the owning thread.
   *
   * @param startZ the state the prediction started from
   */
  public record ClickOutcome(long generation, Click click, State startZ, Prediction prediction) {}
}
