package org.iseg.engine.predictors;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.iseg.api.Click;
import org.iseg.api.IisModel;
import org.iseg.api.Image;
import org.iseg.api.Mask;
import org.iseg.api.Prediction;
import org.iseg.api.PreviousPrediction;
import org.iseg.api.ProbabilityMap;
import org.iseg.api.State;
import org.iseg.models.IisNetwork;
import org.iseg.models.IisNetworks;
import org.iseg.models.nn.Ops;

/**
 * RITM's {@code BasePredictor} (NoBRS) as an {@link IisModel}: the previous prediction goes back to the network
 * as its extra channel, and the transforms run in RITM's order — ZoomIn, LimitLongestSide, sigmoid, horizontal
 * flip — and are undone in reverse (flip averages the logits, sigmoid, resize back, paste the crop).
 *
 * <pre>{@code
 * try (RitmPredictor model = RitmPredictor.fromRitmCheckpoint(Path.of("coco_lvis_h18s_itermask.pth"),
 *     Presets.evalMode("cvpr", "GrabCut"))) {
 *   State z = model.initialZ(image);
 *   Prediction p = model.predict(image, z, history.positives(), history.negatives());
 * }
 * }</pre>
 *
 * <p>Every prediction works in its own child {@link NDManager}, closed before {@code predict} returns; the
 * predictor holds no per-image state outside {@link PredictorState}. Not safe for concurrent calls unless the
 * network is.
 */
public final class RitmPredictor implements IisModel {
  private final String name;
  private final PredictorNetwork network;
  private final PredictorConfig config;
  private final NDManager manager;
  private final Optional<AutoCloseable> owned;
  private final Optional<Brs> brs;
  private List<Brs.Evaluation> lastBrsTrace = List.of();
  private Optional<Lbfgsb.Result> lastBrsResult = Optional.empty();

  /** A predictor over {@code network}; closing the predictor does not close the network. */
  public RitmPredictor(String name, PredictorNetwork network, PredictorConfig config) {
    this(name, network, config, Optional.empty());
  }

  private RitmPredictor(String name, PredictorNetwork network, PredictorConfig config, Optional<AutoCloseable> owned) {
    this.name = Objects.requireNonNull(name, "name");
    this.network = Objects.requireNonNull(network, "network");
    this.config = Objects.requireNonNull(config, "config");
    this.owned = owned;
    this.brs = config.brs().map(b -> new Brs(b, network.iisNetwork().orElseThrow(() -> new IllegalArgumentException(
        b.mode() + " backpropagates through the network; predictor '" + name + "' runs " + network
            + ", which is not an iseg network. Use NoBRS"))));
    this.manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
  }

  /** A predictor that closes {@code resource} (typically the network's model) when it is closed. */
  public static RitmPredictor owning(
      String name, PredictorNetwork network, PredictorConfig config, AutoCloseable resource) {
    return new RitmPredictor(name, network, config, Optional.of(resource));
  }

  /** A predictor over an {@link IisNetwork}; closing the predictor does not close the network. */
  public static RitmPredictor of(String name, IisNetwork network, PredictorConfig config) {
    return new RitmPredictor(name, new IisNetworkAdapter(network), config);
  }

  /**
   * A predictor that owns {@code network} and closes it when it is closed. Nothing else trains the network, so
   * without BRS it is prepared for inference ({@link IisNetworks#forInference}: batch norms folded).
   */
  public static RitmPredictor owning(String name, IisNetwork network, PredictorConfig config) {
    if (config.brs().isEmpty()) {
      IisNetworks.forInference(network);
    }
    return new RitmPredictor(name, new IisNetworkAdapter(network), config, Optional.of(network));
  }

  /**
   * A predictor over this one's network with another configuration (the annotation server's per-session BRS
   * mode); closing it closes neither the network nor this predictor.
   *
   * @throws IllegalArgumentException when the network cannot run {@code other}'s BRS mode, saying why
   */
  public RitmPredictor reconfigured(PredictorConfig other) {
    return new RitmPredictor(name, network, other);
  }

  /**
   * A predictor over a RITM checkpoint ({@code torch.save({'state_dict', 'config'})}, e.g. the official
   * {@code coco_lvis_h18s_itermask.pth}): the architecture from its config, the weights from its state dict.
   * The predictor owns the network; its name is the file name without extension.
   *
   * @throws org.iseg.models.checkpoint.CheckpointException when the file cannot be read, naming it
   */
  public static RitmPredictor fromRitmCheckpoint(Path checkpoint, PredictorConfig config) {
    IisNetwork network = IisNetworks.fromRitmCheckpoint(checkpoint);
    String file = checkpoint.getFileName().toString();
    String name = file.endsWith(".pth") ? file.substring(0, file.length() - 4) : file;
    return owning(name, network, config);
  }

  @Override
  public String name() {
    return name;
  }

  public PredictorConfig config() {
    return config;
  }

  @Override
  public State initialZ(Image x) {
    return new PredictorState(initialY(x), Optional.empty());
  }

  /** RITM's "Load mask": the mask becomes the previous prediction (object 1, everything else 0). */
  @Override
  public State initialZ(Image x, Mask startMask) {
    startMask.requireSameSize("start mask", x);
    if (!network.withPrevMask()) {
      return IisModel.super.initialZ(x, startMask);
    }
    return new PredictorState(ProbabilityMap.fromMask(startMask), Optional.empty(), false);
  }

  @Override
  public Prediction predict(Image x, State z, List<Click> pcs, List<Click> ncs) {
    int height = x.height();
    int width = x.width();
    PredictorState state = state(z, height, width);
    List<NetClick> clicks = ClickPoints.inOrder(pcs, ncs, height, width);
    float[] previous = state.previous().toArray();
    try (NDManager m = manager.newSubManager()) {
      NDArray input = input(m, x, previous);
      float[] zoomProbs = state.previousIsPrediction() ? previous : new float[previous.length];
      // Another mode's vector lives in another space (or means another optimisation): start afresh.
      Optional<BrsState> brsState = state.brs().filter(b -> b.mode() == config.brsMode());
      Pass pass = run(m, x, state.previous(), input, clicks, state.zoomRoi(), zoomProbs, brsState);
      if (config.zoomIn().isPresent() && config.zoomIn().get().recalculate(pass.roi, pass.probs, height, width)) {
        // RITM re-runs the prediction: ZoomIn now finds the object in the new probabilities, the network still
        // gets the old previous mask.
        pass = run(m, x, state.previous(), input, clicks, pass.roi, pass.probs, pass.brs);
      }
      float[] probs = pass.probs;
      for (int i = 0; i < probs.length; i++) {
        probs[i] = Math.min(1f, Math.max(0f, probs[i])); // bilinear weights may overshoot 1 by an ulp
      }
      ProbabilityMap y = ProbabilityMap.of(height, width, probs);
      return new Prediction(y, new PredictorState(y, pass.roi, true, pass.brs));
    }
  }

  /** The evaluations of the last BRS optimisation (empty when the last click was not optimised). */
  List<Brs.Evaluation> lastBrsTrace() {
    return lastBrsTrace;
  }

  /** The optimiser's outcome at the last click, when it ran. */
  Optional<Lbfgsb.Result> lastBrsResult() {
    return lastBrsResult;
  }

  private record Pass(float[] probs, Optional<Roi> roi, Optional<BrsState> brs) {}

  /** How one prediction transforms its input: ZoomIn's crop, LimitLongestSide, flip. */
  private record Geometry(Optional<Roi> crop, int[] cropSize, boolean limited, int[] limitSize) {
    NDArray apply(NDArray input, boolean flip) {
      NDArray t = input;
      if (crop.isPresent()) {
        t = Interpolation.bilinearAlignCorners(RitmPredictor.crop(t, crop.get()), cropSize[0], cropSize[1]);
      }
      if (limited) {
        t = Interpolation.bilinearAlignCorners(t, limitSize[0], limitSize[1]);
      }
      return flip ? NDArrays.concat(new NDList(t, t.flip(3)), 0) : t;
    }
  }

  private Pass run(
      NDManager m,
      Image x,
      ProbabilityMap previous,
      NDArray input,
      List<NetClick> clicks,
      Optional<Roi> keptRoi,
      float[] zoomProbs,
      Optional<BrsState> brsState) {
    int height = x.height();
    int width = x.width();
    List<NetClick> c = clicks;
    Optional<Roi> roi = Optional.empty();
    Optional<Roi> cropRoi = Optional.empty();
    int[] cropSize = null;
    boolean roiChanged = false;
    int beforeLimitH = height;
    int beforeLimitW = width;
    if (config.zoomIn().isPresent()) {
      ZoomIn zoom = config.zoomIn().get();
      ZoomIn.Plan plan = zoom.plan(keptRoi, zoomProbs, height, width, clicks);
      roi = plan.roi();
      roiChanged = plan.updated();
      if (plan.crop()) {
        Roi r = roi.orElseThrow();
        cropRoi = roi;
        cropSize = zoom.cropSize().resized(r);
        c = ZoomIn.toCrop(c, r, cropSize[0], cropSize[1]);
        beforeLimitH = cropSize[0];
        beforeLimitW = cropSize[1];
      }
    }
    boolean limited =
        config.maxSize().isPresent() && Math.max(beforeLimitH, beforeLimitW) > config.maxSize().getAsInt();
    int[] limitSize = null;
    if (limited) {
      Roi whole = Roi.whole(beforeLimitH, beforeLimitW);
      limitSize = new ZoomIn.LongestSide(config.maxSize().getAsInt()).resized(whole);
      c = ZoomIn.toCrop(c, whole, limitSize[0], limitSize[1]);
    }
    Geometry geometry = new Geometry(cropRoi, cropSize, limited, limitSize);
    NDArray t = geometry.apply(input, config.withFlip());
    int netH = (int) t.getShape().get(2);
    int netW = (int) t.getShape().get(3);
    List<List<NetClick>> lists = new ArrayList<>(2);
    lists.add(c);
    if (config.withFlip()) {
      lists.add(mirrored(c, netW));
    }
    NDArray points = ClickPoints.encode(m, lists, config.netClicksLimit());
    NDArray image = t.get(new NDIndex(":, 0:3"));
    NDArray prevMask =
        network.withPrevMask() ? t.get(new NDIndex(":, 3:4")) : m.zeros(new Shape(t.getShape().get(0), 1, netH, netW));
    NDArray logits;
    Optional<BrsState> nextBrs = brsState;
    if (brs.isPresent()) {
      Brs b = brs.get();
      ProbabilityMap headPrevious = previous;
      NDArray brsPrev = prevMask;
      if (b.config().mode().isFeatureBrs() && network.withPrevMask()
          && !b.recomputesHeadInput(clicks.size(), config.netClicksLimit().orElse(Integer.MAX_VALUE), roiChanged,
              brsState)) {
        // RITM keeps f-BRS's head input from the last click that recomputed it (net_clicks_limit).
        headPrevious = brsState.orElseThrow().headPrevious().orElseThrow();
        NDArray old = geometry.apply(input(m, x, headPrevious.toArray()), config.withFlip());
        brsPrev = old.get(new NDIndex(":, 3:4"));
      }
      Brs.Step step = b.step(m, image, brsPrev, points, lists, roiChanged, brsState, headPrevious);
      logits = step.logits();
      nextBrs = Optional.of(step.state());
      lastBrsTrace = step.trace();
      lastBrsResult = step.result();
    } else {
      logits = network.logits(image, prevMask, points);
    }
    checkLogits(logits, t.getShape().get(0));
    logits = Interpolation.bilinearAlignCorners(logits, netH, netW);
    if (config.withFlip()) {
      logits = Ops.mul(logits.get(new NDIndex("0:1")).add(logits.get(new NDIndex("1:2")).flip(3)), 0.5f);
    }
    NDArray probs = Activation.sigmoid(logits);
    if (limited) {
      probs = Interpolation.bilinearAlignCorners(probs, beforeLimitH, beforeLimitW);
    }
    if (roi.isEmpty()) {
      return new Pass(probs.toFloatArray(), roi, nextBrs);
    }
    Roi r = roi.get();
    float[] crop = Interpolation.bilinearAlignCorners(probs, r.height(), r.width()).toFloatArray();
    float[] full = new float[height * width];
    for (int row = 0; row < r.height(); row++) {
      System.arraycopy(crop, row * r.width(), full, (r.rowMin() + row) * width + r.colMin(), r.width());
    }
    return new Pass(full, roi, nextBrs);
  }

  private NDArray input(NDManager m, Image x, float[] previous) {
    int h = x.height();
    int w = x.width();
    int plane = h * w;
    int channels = network.withPrevMask() ? 4 : 3;
    float[] chw = new float[channels * plane];
    byte[] rgb = x.toRgbBytes();
    for (int i = 0; i < plane; i++) {
      chw[i] = (rgb[3 * i] & 0xFF) / 255f;
      chw[plane + i] = (rgb[3 * i + 1] & 0xFF) / 255f;
      chw[2 * plane + i] = (rgb[3 * i + 2] & 0xFF) / 255f;
    }
    if (channels == 4) {
      System.arraycopy(previous, 0, chw, 3 * plane, plane);
    }
    return m.create(chw, new Shape(1, channels, h, w));
  }

  private static NDArray crop(NDArray t, Roi r) {
    return t.get(new NDIndex(":, :, {}:{}, {}:{}", r.rowMin(), r.rowMax() + 1, r.colMin(), r.colMax() + 1));
  }

  private static List<NetClick> mirrored(List<NetClick> clicks, int width) {
    List<NetClick> out = new ArrayList<>(clicks.size());
    for (NetClick click : clicks) {
      out.add(click.withCoords(click.row(), width - click.col() - 1));
    }
    return out;
  }

  private void checkLogits(NDArray logits, long batch) {
    Shape s = logits.getShape();
    if (s.dimension() != 4 || s.get(0) != batch || s.get(1) != 1) {
      throw new IllegalStateException(
          "network of predictor '" + name + "' returned logits of shape " + s + ", expected " + batch
              + " x 1 x H x W");
    }
  }

  private PredictorState state(State z, int height, int width) {
    PredictorState state;
    if (z instanceof PredictorState s) {
      state = s;
    } else if (z instanceof PreviousPrediction p) {
      state = new PredictorState(p.probabilities(), Optional.empty());
    } else {
      throw new IllegalArgumentException(
          "predictor '" + name + "' got state " + z + "; pass the state returned by initialZ or by the last predict");
    }
    ProbabilityMap prev = state.previous();
    if (prev.height() != height || prev.width() != width) {
      throw new IllegalArgumentException(
          "state holds a " + prev.height() + "x" + prev.width() + " prediction but the image is " + height + "x"
              + width + "; start each image with initialZ(image)");
    }
    return state;
  }

  @Override
  public void close() {
    manager.close();
    if (owned.isPresent()) {
      try {
        owned.get().close();
      } catch (Exception e) {
        throw new IllegalStateException("closing the network of predictor '" + name + "' failed", e);
      }
    }
  }
}
