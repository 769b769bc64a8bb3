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

  /** A predictor over {@code network}; closing the predictor does not close the network. */
  public RitmPredictor(String name, PredictorNetwork network, PredictorConfig config) {
    this(name, network, config, Optional.empty());
  }

  private RitmPredictor(String name, PredictorNetwork network, PredictorConfig config, Optional<AutoCloseable> owned) {
    this.name = Objects.requireNonNull(name, "name");
    this.network = Objects.requireNonNull(network, "network");
    this.config = Objects.requireNonNull(config, "config");
    this.owned = owned;
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

  /** A predictor that owns {@code network} and closes it when it is closed. */
  public static RitmPredictor owning(String name, IisNetwork network, PredictorConfig config) {
    return new RitmPredictor(name, new IisNetworkAdapter(network), config, Optional.of(network));
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
      Pass pass = run(m, input, clicks, state.zoomRoi(), zoomProbs, height, width);
      if (config.zoomIn().isPresent() && config.zoomIn().get().recalculate(pass.roi, pass.probs, height, width)) {
        // RITM re-runs the prediction: ZoomIn now finds the object in the new probabilities, the network still
        // gets the old previous mask.
        pass = run(m, input, clicks, pass.roi, pass.probs, height, width);
      }
      float[] probs = pass.probs;
      for (int i = 0; i < probs.length; i++) {
        probs[i] = Math.min(1f, Math.max(0f, probs[i])); // bilinear weights may overshoot 1 by an ulp
      }
      ProbabilityMap y = ProbabilityMap.of(height, width, probs);
      return new Prediction(y, new PredictorState(y, pass.roi));
    }
  }

  private record Pass(float[] probs, Optional<Roi> roi) {}

  private Pass run(
      NDManager m,
      NDArray input,
      List<NetClick> clicks,
      Optional<Roi> keptRoi,
      float[] zoomProbs,
      int height,
      int width) {
    NDArray t = input;
    List<NetClick> c = clicks;
    Optional<Roi> roi = Optional.empty();
    if (config.zoomIn().isPresent()) {
      ZoomIn zoom = config.zoomIn().get();
      ZoomIn.Plan plan = zoom.plan(keptRoi, zoomProbs, height, width, clicks);
      roi = plan.roi();
      if (plan.crop()) {
        Roi r = roi.orElseThrow();
        int[] size = zoom.cropSize().resized(r);
        t = crop(t, r);
        t = Interpolation.bilinearAlignCorners(t, size[0], size[1]);
        c = ZoomIn.toCrop(c, r, size[0], size[1]);
      }
    }
    int beforeLimitH = (int) t.getShape().get(2);
    int beforeLimitW = (int) t.getShape().get(3);
    boolean limited =
        config.maxSize().isPresent() && Math.max(beforeLimitH, beforeLimitW) > config.maxSize().getAsInt();
    if (limited) {
      Roi whole = Roi.whole(beforeLimitH, beforeLimitW);
      int[] size = new ZoomIn.LongestSide(config.maxSize().getAsInt()).resized(whole);
      t = Interpolation.bilinearAlignCorners(t, size[0], size[1]);
      c = ZoomIn.toCrop(c, whole, size[0], size[1]);
    }
    int netH = (int) t.getShape().get(2);
    int netW = (int) t.getShape().get(3);
    List<List<NetClick>> lists = new ArrayList<>(2);
    lists.add(c);
    if (config.withFlip()) {
      t = NDArrays.concat(new NDList(t, t.flip(3)), 0);
      lists.add(mirrored(c, netW));
    }
    NDArray points = ClickPoints.encode(m, lists, config.netClicksLimit());
    NDArray image = t.get(new NDIndex(":, 0:3"));
    NDArray prevMask =
        network.withPrevMask() ? t.get(new NDIndex(":, 3:4")) : m.zeros(new Shape(t.getShape().get(0), 1, netH, netW));
    NDArray logits = network.logits(image, prevMask, points);
    checkLogits(logits, t.getShape().get(0));
    logits = Interpolation.bilinearAlignCorners(logits, netH, netW);
    if (config.withFlip()) {
      logits = logits.get(new NDIndex("0:1")).add(logits.get(new NDIndex("1:2")).flip(3)).mul(0.5f);
    }
    NDArray probs = Activation.sigmoid(logits);
    if (limited) {
      probs = Interpolation.bilinearAlignCorners(probs, beforeLimitH, beforeLimitW);
    }
    if (roi.isEmpty()) {
      return new Pass(probs.toFloatArray(), roi);
    }
    Roi r = roi.get();
    float[] crop = Interpolation.bilinearAlignCorners(probs, r.height(), r.width()).toFloatArray();
    float[] full = new float[height * width];
    for (int row = 0; row < r.height(); row++) {
      System.arraycopy(crop, row * r.width(), full, (r.rowMin() + row) * width + r.colMin(), r.width());
    }
    return new Pass(full, roi);
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
