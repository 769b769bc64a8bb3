package org.iseg.engine.segmentation;

import ai.djl.ndarray.types.DataType;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.iseg.api.Click;
import org.iseg.api.IisModel;
import org.iseg.api.Image;
import org.iseg.api.Mask;
import org.iseg.api.Prediction;
import org.iseg.api.PreviousPrediction;
import org.iseg.api.ProbabilityMap;
import org.iseg.api.State;
import org.iseg.models.mask2former.Mask2FormerModel;

/**
 * Click-to-mask on any Mask2Former model (instance, panoptic or semantic export): clicks select and combine the
 * network's query masks, so a segmentation checkpoint works wherever an {@link IisModel} does ({@code iseg
 * evaluate}, {@code annotate}, {@code serve}).
 *
 * <pre>{@code
 * try (Mask2FormerClickModel model = Mask2FormerClickModel.load(Path.of("mask2former_pan_export.pth"),
 *     DataType.FLOAT32, 0.0)) {
 *   InteractionTrace trace = Interactions.fullInference(model, robot, image, target, 20);
 * }
 * }</pre>
 *
 * <p>The network runs once per image, in {@link #initialZ(Image)} (or in the first {@link #predict} when given a
 * state of another kind): the state keeps every query's mask probabilities at the image's size and its objectness
 * ({@link QueryMasks}), and each click only re-scores the queries with the rule {@link QueryMasks} documents
 * (seed: most positives minus negatives covered; growth: queries covering uncovered positives and no negative; the
 * previous mask breaks ties). No positive click gives an empty mask. A start mask ({@link #initialZ(Image, Mask)})
 * becomes the previous mask, so the first clicks prefer the queries that resemble it.
 *
 * <p>One thread per interaction, as any {@link IisModel}; states are immutable and can be shared.
 */
public final class Mask2FormerClickModel implements IisModel {
  private final String name;
  private final Mask2FormerModel model;
  private final double minObjectness;
  private final AtomicInteger forwardPasses = new AtomicInteger();

  /**
   * Takes ownership of {@code model}.
   *
   * @param minObjectness queries whose objectness {@code 1 - p(no-object)} is below it are never selected
   */
  public Mask2FormerClickModel(String name, Mask2FormerModel model, double minObjectness) {
    this.name = Objects.requireNonNull(name, "name");
    this.model = Objects.requireNonNull(model, "model");
    if (!(minObjectness >= 0 && minObjectness <= 1)) {
      throw new IllegalArgumentException("minimum objectness must lie in [0, 1], got " + minObjectness);
    }
    this.minObjectness = minObjectness;
  }

  /**
   * Loads an EasyCV Mask2Former export.
   *
   * @throws org.iseg.models.checkpoint.CheckpointException naming the file if it is not a Mask2Former export
   */
  public static Mask2FormerClickModel load(Path checkpoint, DataType precision, double minObjectness) {
    Mask2FormerModel model = Mask2FormerModel.load(checkpoint, precision);
    try {
      return new Mask2FormerClickModel(checkpoint.getFileName().toString(), model, minObjectness);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  @Override
  public String name() {
    return name;
  }

  /** How many times the network ran (once per image an interaction starts on). */
  public int forwardPasses() {
    return forwardPasses.get();
  }

  /** The image's query masks: one network run. */
  public QueryMasks queryMasks(Image x) {
    forwardPasses.incrementAndGet();
    return Mask2FormerPredictor.queryMasks(model, x);
  }

  /** The cached query masks: one byte per pixel and query. */
  @Override
  public long stateBytesPerPixel() {
    return model.config().decoder().numQueries();
  }

  @Override
  public State initialZ(Image x) {
    return new Mask2FormerClickState(x, queryMasks(x), initialY(x), List.of());
  }

  @Override
  public State initialZ(Image x, Mask startMask) {
    startMask.requireSameSize("start mask", x);
    return new Mask2FormerClickState(x, queryMasks(x), ProbabilityMap.fromMask(startMask), List.of());
  }

  @Override
  public Prediction predict(Image x, State z, List<Click> pcs, List<Click> ncs) {
    Mask2FormerClickState state = stateFor(x, z);
    QueryMasks queries = state.queries();
    List<Integer> selected = queries.select(pcs, ncs, state.previous(), minObjectness);
    ProbabilityMap y = queries.union(selected);
    return new Prediction(y, new Mask2FormerClickState(x, queries, y, selected));
  }

  private Mask2FormerClickState stateFor(Image x, State z) {
    if (z instanceof Mask2FormerClickState s) {
      // identity first: an image's pixels are compared only when the caller rebuilt it
      if (s.image() != x && !s.image().equals(x)) {
        throw new IllegalArgumentException("model '" + name + "' got the state of another image ("
            + s.image().width() + "x" + s.image().height() + "); start each image with initialZ(image)");
      }
      return s;
    }
    if (z instanceof PreviousPrediction p) {
      if (p.probabilities().height() != x.height() || p.probabilities().width() != x.width()) {
        throw new IllegalArgumentException("model '" + name + "': previous prediction is "
            + p.probabilities().width() + "x" + p.probabilities().height() + " but the image is " + x.width()
            + "x" + x.height() + "; start each image with initialZ(image)");
      }
      return new Mask2FormerClickState(x, queryMasks(x), p.probabilities(), List.of());
    }
    if (z == State.NONE) {
      return new Mask2FormerClickState(x, queryMasks(x), initialY(x), List.of());
    }
    throw new IllegalArgumentException("model '" + name + "' got state " + z
        + "; pass the state returned by initialZ or by the last predict");
  }

  @Override
  public void close() {
    model.close();
  }

  @Override
  public String toString() {
    return "Mask2FormerClickModel[" + name + "]";
  }
}
