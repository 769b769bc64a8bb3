package org.iseg.examples.annotator;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import org.iseg.api.Click;
import org.iseg.api.ClickHistory;
import org.iseg.api.IisModel;
import org.iseg.api.Image;
import org.iseg.api.Mask;
import org.iseg.api.Prediction;
import org.iseg.api.ProbabilityMap;
import org.iseg.api.State;
import org.iseg.engine.predictors.BrsMode;
import org.iseg.engine.session.InteractiveSession;

/**
 * The logic behind the annotator window, free of any UI (the counterpart of RITM's
 * {@code InteractiveController}): an {@link InteractiveSession} (the image, the clicks of the object being
 * segmented, the objects already finished, the probability threshold) plus what only the window needs: the
 * predictor settings, the overlay, and the split of a click across threads.
 *
 * <pre>{@code
 * AnnotatorController c = new AnnotatorController(model);
 * c.setImage(image);
 * c.addClick(120, 80, true);      // left click: positive
 * c.addClick(40, 200, false);     // right click: negative
 * c.finishObject();               // Space: the object becomes label 1
 * int[] labels = c.resultLabels();
 * c.save(Path.of("mask.png"));     // mask.png (labels) and mask-cutout.png (RGBA); the work counts as saved
 * }</pre>
 *
 * <p><b>Threads.</b> The controller is confined to one thread (the Swing event thread in the window). A click is
 * split so that the slow model call can run elsewhere: {@link #prepareClick} (cheap, on the owning thread)
 * captures the current session (an immutable value) and the predictor, {@link PendingClick#run()} clicks that
 * snapshot on any thread without touching the controller, and {@link #apply} (owning thread) installs the result
 * unless the controller changed in between (then the result is stale and dropped). {@link #addClick} does all
 * three in a row.
 *
 * <p><b>Objects.</b> Finished objects get labels 1, 2, 3 ... in the order they were finished; a later object
 * overwrites an earlier one where they overlap, as in RITM. The object being segmented shows as the next label.
 */
public final class AnnotatorController {
  /** Labels must fit an 8-bit PNG. */
  public static final int MAX_OBJECTS = 255;

  private final IisModel model;
  private final PredictorFactory predictorFactory;
  private PredictorSettings predictorSettings = PredictorSettings.defaults();
  private IisModel predictor;

  /** Empty until an image is loaded. */
  private Optional<InteractiveSession> session = Optional.empty();
  /** Kept here as well because the slider has a value before any image is loaded. */
  private double threshold = InteractiveSession.DEFAULT_THRESHOLD;
  private double alpha = 0.5;
  private int clickRadius = 3;
  private long generation;
  /** The generation and threshold that were last saved; unsaved work is any change since. */
  private long savedGeneration = -1;
  private double savedThreshold = Double.NaN;

  /** A controller that calls {@code model} directly (no ZoomIn). */
  public AnnotatorController(IisModel model) {
    this(model, PredictorFactory.PLAIN);
  }

  public AnnotatorController(IisModel model, PredictorFactory predictorFactory) {
    this.model = Objects.requireNonNull(model, "model");
    this.predictorFactory = Objects.requireNonNull(predictorFactory, "predictorFactory");
    this.predictor = predictorFor(predictorSettings);
  }

  // ------------------------------------------------------------------------------------------ image and mask

  /** Starts over on a new image: no objects, no clicks. */
  public void setImage(Image newImage) {
    Objects.requireNonNull(newImage, "image");
    change(InteractiveSession.start(predictor, newImage).withThreshold(threshold));
  }

  public Optional<Image> image() {
    return session.map(InteractiveSession::image);
  }

  /**
   * Starts the current object from an external mask (RITM's "Load mask"): its clicks are dropped and the mask
   * becomes the model's previous prediction, so the next clicks correct it.
   *
   * @throws IllegalArgumentException when the mask's size differs from the image's
   * @throws IllegalStateException when no image is loaded or the model cannot start from a mask (not ITER-M)
   */
  public void loadMask(Mask mask) {
    change(requireSession("load a mask").loadMask(predictor, mask));
  }

  // ------------------------------------------------------------------------------------------ settings

  public double threshold() {
    return threshold;
  }

  /** The probability above which a pixel belongs to the current object (RITM: {@code p > threshold}). */
  public void setThreshold(double t) {
    threshold = InteractiveSession.checkThreshold(t);
    // Re-thresholds the stored probabilities: no prediction, and a click being predicted stays valid.
    session = session.map(s -> s.withThreshold(t));
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

  /** Whether the predictor factory runs RITM's BRS types (the view greys the BRS type out otherwise). */
  public boolean supportsBrs() {
    return predictorFactory.supportsBrs();
  }

  /**
   * New predictor settings: the predictor is rebuilt and used from the next click on; the clicks and the shown
   * prediction stay (as RITM's demo resets its predictor), so changing a setting never runs the model on the
   * UI thread. A new BRS type starts its optimisation afresh at the next click, from the shown prediction
   * (RITM's demo builds a new predictor, and greys its BRS options out once an object has clicks).
   *
   * @throws IllegalArgumentException when the model cannot run the settings' BRS type (not a RITM network, or
   *     f-BRS without HRNet); the settings and the predictor stay as they were
   */
  public void setPredictorSettings(PredictorSettings settings) {
    Objects.requireNonNull(settings, "settings");
    if (settings.equals(predictorSettings)) {
      return;
    }
    IisModel next = predictorFor(settings); // first: a refused setting changes nothing
    predictorSettings = settings;
    predictor = next;
  }

  // ------------------------------------------------------------------------------------------ clicks

  /** The clicks of the current object, in order. */
  public ClickHistory clicks() {
    return session.map(InteractiveSession::clicks).orElse(ClickHistory.empty());
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
    InteractiveSession current = requireSession("click");
    return new PendingClick(generation, predictor, current, current.nextClick(row, col, positive));
  }

  /**
   * Installs a prediction computed by {@link PendingClick#run()}; false (and nothing changes) when the
   * controller changed since the click was prepared.
   */
  public boolean apply(ClickOutcome outcome) {
    if (outcome.generation() != generation || session.isEmpty()) {
      return false;
    }
    change(outcome.session().withThreshold(threshold));
    return true;
  }

  /**
   * Removes the last click and restores the prediction before it (or steps back over the last
   * {@link #partiallyFinishObject}); false when there is nothing to undo.
   */
  public boolean undoClick() {
    return changeIfAny(InteractiveSession::undo);
  }

  /** Whether {@link #undoClick} has something to undo. */
  public boolean canUndo() {
    return session.map(InteractiveSession::canUndo).orElse(false);
  }

  /** Drops the current object's clicks, any loaded mask and its parts set aside (RITM's "Reset clicks"). */
  public void resetClicks() {
    change(requireSession("reset").reset());
  }

  /**
   * Adds the current object to the result with the next label and starts a new object (Space); false when
   * there is nothing to finish (no click and no loaded mask).
   *
   * @throws IllegalStateException when {@link #MAX_OBJECTS} objects are already finished
   */
  public boolean finishObject() {
    if (!hasCurrentObject()) {
      return false;
    }
    if (objectCount() >= MAX_OBJECTS) {
      throw new IllegalStateException("an 8-bit mask holds at most " + MAX_OBJECTS + " objects; save this mask "
          + "and start a new one");
    }
    change(session.get().finishObject().orElseThrow());
    return true;
  }

  /**
   * Sets the current object's prediction aside and drops its clicks, so that the next clicks segment another
   * part of the same object from scratch (RITM's {@code a} key); Space then finishes all parts as one object.
   * False when there is nothing to set aside.
   */
  public boolean partiallyFinishObject() {
    return changeIfAny(InteractiveSession::partiallyFinishObject);
  }

  /** Applies a session step that may have nothing to do (empty); whether it changed anything. */
  private boolean changeIfAny(Function<InteractiveSession, Optional<InteractiveSession>> step) {
    Optional<InteractiveSession> next = session.flatMap(step);
    next.ifPresent(this::change);
    return next.isPresent();
  }

  // ------------------------------------------------------------------------------------------ results

  /** Number of finished objects. */
  public int objectCount() {
    return session.map(InteractiveSession::objectCount).orElse(0);
  }

  /** Whether there is an object being segmented (clicks or a loaded mask). */
  public boolean hasCurrentObject() {
    return session.map(InteractiveSession::hasObject).orElse(false);
  }

  /** The current object's probabilities, if there is a current object. */
  public Optional<ProbabilityMap> currentProbabilities() {
    return session.filter(InteractiveSession::hasObject).map(InteractiveSession::probabilities);
  }

  /** The current object thresholded, if there is one. */
  public Optional<Mask> currentMask() {
    return session.filter(InteractiveSession::hasObject).map(InteractiveSession::mask);
  }

  /**
   * The label of every pixel, row by row: finished objects 1..n, the current object as n + 1 on top, 0 for
   * background. This is what "Save mask" writes.
   */
  public int[] resultLabels() {
    return requireSession("read the result").labels();
  }

  /**
   * The image with every object blended in its colour and the current clicks drawn; the current object's parts
   * set aside with {@link #partiallyFinishObject} are blended twice, as in RITM's demo.
   */
  public BufferedImage render() {
    InteractiveSession current = requireSession("render");
    int[] labels = current.labels();
    int[] parts = new int[labels.length];
    current.partsSetAside().ifPresent(mask -> {
      int label = current.objectCount() + 1;
      for (int i = 0; i < parts.length; i++) {
        parts[i] = mask.labelAt(i) == Mask.OBJECT ? label : 0;
      }
    });
    return Overlay.render(current.image(), labels, parts, current.clicks().all(), alpha, clickRadius);
  }

  /**
   * Writes the result as {@code file}, an 8-bit label PNG (see {@link #resultLabels}), and beside it RITM's
   * RGBA cut-out ({@link AnnotatorFiles#cutoutFile}); from then on {@link #hasUnsavedWork} is false until the
   * next change.
   *
   * @return the two files written: the labels, then the cut-out
   * @throws IllegalStateException when no image is loaded
   * @throws IllegalArgumentException when {@code file} does not end in .png
   */
  public List<Path> save(Path file) {
    InteractiveSession current = requireSession("save");
    Path cutout = AnnotatorFiles.cutoutFile(file);
    int[] labels = current.labels();
    AnnotatorFiles.writeLabels(file, current.image().height(), current.image().width(), labels);
    AnnotatorFiles.writeCutout(cutout, current.image(), labels);
    savedGeneration = generation;
    savedThreshold = threshold;
    return List.of(file, cutout);
  }

  /**
   * Whether there are objects or clicks that were changed since the last {@link #save} (or never saved): what
   * loading another image, or quitting, would lose.
   */
  public boolean hasUnsavedWork() {
    boolean hasWork = objectCount() > 0 || hasCurrentObject();
    return hasWork && (generation != savedGeneration || threshold != savedThreshold);
  }

  /** Increases on every change of the clicks, objects, image or predictor; a view repaints when it moves. */
  public long generation() {
    return generation;
  }

  // ------------------------------------------------------------------------------------------ internals

  private void change(InteractiveSession next) {
    session = Optional.of(next);
    generation++;
  }

  private InteractiveSession requireSession(String action) {
    return session.orElseThrow(() -> new IllegalStateException("load an image before you " + action));
  }

  /**
   * The factory's predictor; with NoBRS and a clicks limit it sees only the most recent clicks (with a BRS type
   * the predictor applies RITM's limit itself).
   */
  private IisModel predictorFor(PredictorSettings settings) {
    if (settings.brsMode() != BrsMode.NO_BRS && !predictorFactory.supportsBrs()) {
      throw new IllegalArgumentException(settings.brsMode() + " needs RITM's predictor over an iseg network, and "
          + "model '" + model.name() + "' runs as it is (an exported or plug-in model); use NoBRS, or open a RITM "
          + "checkpoint, network folder or .safetensors file with --checkpoint");
    }
    IisModel made = predictorFactory.create(model, settings);
    OptionalInt limit = settings.netClicksLimit();
    boolean recent = limit.isPresent() && settings.brsMode() == BrsMode.NO_BRS;
    return recent ? new RecentClicks(made, limit.getAsInt()) : made;
  }

  /** A click ready to be predicted; {@link #run()} may be called on any thread. */
  public static final class PendingClick {
    private final long generation;
    private final IisModel predictor;
    private final InteractiveSession before;
    private final Click click;

    private PendingClick(long generation, IisModel predictor, InteractiveSession before, Click click) {
      this.generation = generation;
      this.predictor = predictor;
      this.before = before;
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
      return new ClickOutcome(generation, before.click(predictor, click));
    }
  }

  /**
   * A prediction for a {@link PendingClick}, to be {@linkplain #apply applied} on the owning thread.
   *
   * @param generation the controller's generation when the click was prepared
   * @param session the session after the click
   */
  public record ClickOutcome(long generation, InteractiveSession session) {}

  /**
   * The network sees only the most recent {@code limit} clicks (see {@link PredictorSettings#netClicksLimit()});
   * the session still records every click. Never closes the model it wraps.
   */
  private static final class RecentClicks extends ForwardingIisModel {
    private final int limit;

    RecentClicks(IisModel inner, int limit) {
      super(inner);
      this.limit = limit;
    }

    @Override
    public Prediction predict(Image x, State z, List<Click> pcs, List<Click> ncs) {
      int total = pcs.size() + ncs.size();
      if (total <= limit) {
        return delegate().predict(x, z, pcs, ncs);
      }
      int firstSeen = total - limit; // click indices run 0..total-1 over both lists
      return delegate().predict(x, z, recent(pcs, firstSeen), recent(ncs, firstSeen));
    }

    private static List<Click> recent(List<Click> clicks, int firstSeen) {
      return clicks.stream().filter(c -> c.index() >= firstSeen).toList();
    }
  }
}
