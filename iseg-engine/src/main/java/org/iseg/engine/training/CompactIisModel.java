package org.iseg.engine.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.iseg.api.Click;
import org.iseg.api.IisModel;
import org.iseg.api.Image;
import org.iseg.api.Mask;
import org.iseg.api.Prediction;
import org.iseg.api.PreviousPrediction;
import org.iseg.api.ProbabilityMap;
import org.iseg.api.State;

/**
 * An {@link IisModel} around a trained ITER-M block that takes {@code NDList(image, prevMask, points)} (such as
 * {@link CompactIisNet}): the image, the previous prediction and the clicks are resized so the longer side is
 * {@code workingSize} (both sides multiples of 16), the network runs in evaluation mode, and its probabilities
 * are resized back bilinearly. The state is the previous prediction at full resolution; a start mask (RITM's
 * "Load mask") becomes that state. With {@code flip}, the prediction is averaged with that of the mirrored input
 * (RITM's flip test-time augmentation). Not thread-safe: use one instance per thread.
 *
 * <pre>{@code
 * try (IisModel model = DefaultModel.load()) {
 *   Prediction p = model.predict(image, model.initialZ(image), List.of(Click.positive(120, 200, 0)), List.of());
 * }
 * }</pre>
 */
public final class CompactIisModel implements IisModel {
  private final String name;
  private final Block network;
  private final NDManager manager;
  private final boolean ownsManager;
  private final ParameterStore store;
  private final int workingSize;
  private final boolean flip;

  /**
   * @param name the model's name in reports
   * @param network an initialised block with trained parameters in {@code manager}
   * @param manager the manager holding the parameters; closed by {@link #close} when {@code ownsManager}
   * @param workingSize longer side of the network input
   * @param flip average with the horizontally mirrored prediction
   */
  public CompactIisModel(String name, Block network, NDManager manager, boolean ownsManager, int workingSize,
      boolean flip) {
    this.name = Objects.requireNonNull(name, "name");
    this.network = Objects.requireNonNull(network, "network");
    this.manager = Objects.requireNonNull(manager, "manager");
    this.ownsManager = ownsManager;
    if (workingSize < 16) {
      throw new IllegalArgumentException("working size must be >= 16, got " + workingSize);
    }
    this.workingSize = workingSize;
    this.flip = flip;
    this.store = new ParameterStore(manager, false);
  }

  @Override
  public String name() {
    return name;
  }

  /** The network block (for wrapping it in another predictor). */
  public Block network() {
    return network;
  }

  /** The manager holding the network's parameters. */
  public NDManager manager() {
    return manager;
  }

  public int workingSize() {
    return workingSize;
  }

  @Override
  public State initialZ(Image x, Mask startMask) {
    startMask.requireSameSize("start mask", x);
    return new PreviousPrediction(ProbabilityMap.fromMask(startMask));
  }

  @Override
  public Prediction predict(Image x, State z, List<Click> pcs, List<Click> ncs) {
    int h = x.height();
    int w = x.width();
    for (Click c : pcs) {
      c.requireInside(h, w);
    }
    for (Click c : ncs) {
      c.requireInside(h, w);
    }
    double scale = (double) workingSize / Math.max(h, w);
    int nh = Math.max(16, (int) Math.round(h * scale / 16) * 16);
    int nw = Math.max(16, (int) Math.round(w * scale / 16) * 16);
    float[] image = Resampling.bilinear(Resampling.rgbToChw(x.toRgbBytes(), h, w), 3, h, w, nh, nw);
    float[] prev;
    if (z instanceof PreviousPrediction pp) {
      ProbabilityMap p = pp.probabilities();
      if (p.height() != h || p.width() != w) {
        throw new IllegalArgumentException("state holds a " + p.height() + "x" + p.width() + " prediction but the "
            + "image is " + h + "x" + w + "; start the interaction with initialZ(image)");
      }
      prev = Resampling.bilinear(p.toArray(), 1, h, w, nh, nw);
    } else {
      prev = new float[nh * nw];
    }
    double ry = (double) nh / h;
    double rx = (double) nw / w;
    float[] probs;
    try (NDManager m = manager.newSubManager()) {
      NDArray out = forward(m, image, prev, pcs, ncs, nh, nw, ry, rx, false);
      if (flip) {
        NDArray mirrored = forward(m, mirror(image, 3, nh, nw), mirror(prev, 1, nh, nw), pcs, ncs, nh, nw, ry, rx,
            true);
        out = out.add(mirrored.flip(3)).div(2f);
      }
      probs = out.toFloatArray();
    }
    float[] full = Resampling.bilinear(probs, 1, nh, nw, h, w);
    for (int i = 0; i < full.length; i++) {
      full[i] = Math.min(1f, Math.max(0f, full[i]));
    }
    ProbabilityMap y = ProbabilityMap.of(h, w, full);
    return new Prediction(y, new PreviousPrediction(y));
  }

  private NDArray forward(NDManager m, float[] image, float[] prev, List<Click> pcs, List<Click> ncs, int nh,
      int nw, double ry, double rx, boolean mirrored) {
    List<List<Click>> pos = new ArrayList<>();
    List<List<Click>> neg = new ArrayList<>();
    pos.add(scaled(pcs, ry, rx, nh, nw, mirrored));
    neg.add(scaled(ncs, ry, rx, nh, nw, mirrored));
    NDList in = new NDList(m.create(image, new Shape(1, 3, nh, nw)), m.create(prev, new Shape(1, 1, nh, nw)),
        Trainer.points(m, pos, neg));
    return network.forward(store, in, false).get(0).getNDArrayInternal().sigmoid();
  }

  /** Click coordinates in the working resolution (pixel centres mapped), rounded; mirrored if asked. */
  private static List<Click> scaled(List<Click> clicks, double ry, double rx, int nh, int nw, boolean mirrored) {
    List<Click> out = new ArrayList<>(clicks.size());
    for (Click c : clicks) {
      int r = (int) Math.round((c.row() + 0.5) * ry - 0.5);
      int col = (int) Math.round((c.col() + 0.5) * rx - 0.5);
      r = Math.max(0, Math.min(nh - 1, r));
      col = Math.max(0, Math.min(nw - 1, col));
      out.add(new Click(r, mirrored ? nw - 1 - col : col, c.positive(), c.index()));
    }
    return out;
  }

  private static float[] mirror(float[] planes, int count, int h, int w) {
    float[] out = new float[planes.length];
    for (int p = 0; p < count; p++) {
      for (int r = 0; r < h; r++) {
        int base = p * h * w + r * w;
        for (int c = 0; c < w; c++) {
          out[base + c] = planes[base + w - 1 - c];
        }
      }
    }
    return out;
  }

  @Override
  public void close() {
    if (ownsManager) {
      manager.close();
    }
  }

  @Override
  public String toString() {
    return name + "[" + network + ", working size " + workingSize + (flip ? ", flip" : "") + "]";
  }
}
