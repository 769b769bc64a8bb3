package org.iseg.engine.predictors;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.iseg.api.ProbabilityMap;
import org.iseg.models.DjlIisNetwork;
import org.iseg.models.IisNetwork;
import org.iseg.models.IisNetworks;
import org.iseg.models.NetworkConfig;
import org.iseg.models.backbones.HighResolutionNet.FeaturePoint;
import org.iseg.models.fusion.IisNetBlock;
import org.iseg.models.nn.Ops;

/**
 * One BRS prediction as RITM's {@code FeatureBRSPredictor} / {@code HRNetFeatureBRSPredictor} and
 * {@code InputBRSPredictor} make it ({@code _get_prediction}), with the objective of RITM's
 * {@code BaseOptimizer.__call__} minimised by {@link Lbfgsb}, gradients by libtorch's autograd through the network.
 *
 * <p>The objective at an optimisation vector x: the network's logits with the modulation x (f-BRS:
 * {@code features * (1 + scale) + bias} per channel at the insertion point; RGB-BRS: a bias on the normalised
 * image; DistMap-BRS: a bias on the two click maps; the mirrored batch item gets the same scale and bias, or the
 * mirrored correction), p = sigmoid, then RITM's {@code BRSMaskLoss} on 3 x 3 squares around every click of both
 * batch items, plus {@code regWeight * (|scale|^2 + regBiasWeight |bias|^2)} or {@code regWeight * |[x, flip x]|^2}.
 * The gradient is zero when every click is satisfied or the mask stalls (IoU with the last evaluation's mask above
 * {@code 1 - minIouDiff}). The logits of the evaluation with the lowest objective are returned.
 */
final class Brs {
  private final BrsConfig config;
  private final IisNetwork network;
  private final IisNetBlock block;
  private final ParameterStore ps;
  private final Optional<FeaturePoint> point;
  private final int channels;
  private final List<Parameter> parameters;

  /**
   * @throws IllegalArgumentException when the network is not an iseg RITM network at its input size, or (f-BRS)
   *     has no HRNet modulation point
   */
  Brs(BrsConfig config, IisNetwork network) {
    this.config = Objects.requireNonNull(config, "config");
    this.network = network;
    if (!(network instanceof DjlIisNetwork) || !(network.block() instanceof IisNetBlock b)
        || network.config().workingSize() != NetworkConfig.INPUT_SIZE) {
      throw new IllegalArgumentException(config.mode() + " backpropagates through RITM's network (iseg's "
          + "IisNetBlock at its input size); network " + network + " is not one. Use NoBRS");
    }
    this.block = b;
    this.ps = new ParameterStore(network.manager(), false);
    if (config.mode().isFeatureBrs()) {
      FeaturePoint p = config.mode() == BrsMode.F_BRS_C ? FeaturePoint.OCR_FEATURES : FeaturePoint.HRNET_FEATURES;
      this.point = Optional.of(p);
      this.channels = block.hrnet().channels(p);
    } else {
      this.point = Optional.empty();
      this.channels = config.mode() == BrsMode.RGB_BRS ? 3 : 2;
    }
    this.parameters = new ArrayList<>(IisNetworks.parameters(network).values());
  }

  BrsConfig config() {
    return config;
  }

  /** One evaluation of the objective: f, |g|, RITM's f_max_pos and f_max_neg, and why g is zero (0: it is not). */
  record Evaluation(double f, double gradNorm, double fMaxPos, double fMaxNeg, int zeroReason) {}

  /**
   * @param logits B x 1 x h x w, the best evaluation's (flip halves not averaged), in the caller's manager
   * @param state what the next click starts from
   * @param trace every evaluation, empty when this click was not optimised
   * @param result the optimiser's outcome when it ran
   */
  record Step(NDArray logits, BrsState state, List<Evaluation> trace, Optional<Lbfgsb.Result> result) {}

  /** Whether this click recomputes f-BRS's head input (RITM: up to net_clicks_limit clicks, or a new crop). */
  boolean recomputesHeadInput(int numClicks, int netClicksLimit, boolean roiChanged, Optional<BrsState> previous) {
    return numClicks <= netClicksLimit || roiChanged || previous.flatMap(BrsState::headPrevious).isEmpty();
  }

  /**
   * RITM's {@code _get_prediction} for one click.
   *
   * @param image B x 3 x h x w network input (B = 2 with flip: the image and its mirror)
   * @param prevMask B x 1 x h x w
   * @param points the network's click points (limited to net_clicks_limit)
   * @param clickLists all clicks of each batch item in network-input coordinates (the loss sees all)
   * @param roiChanged ZoomIn (re)computed its crop at this click
   * @param previous the state after the last click, if any
   * @param headPrevious f-BRS: the image-size previous mask the head input is computed from at this click
   */
  Step step(NDManager m, NDArray image, NDArray prevMask, NDArray points, List<List<NetClick>> clickLists,
      boolean roiChanged, Optional<BrsState> previous, ProbabilityMap headPrevious) {
    int batch = (int) image.getShape().get(0);
    int h = (int) image.getShape().get(2);
    int w = (int) image.getShape().get(3);
    int numClicks = clickLists.get(0).size();
    double[] x0;
    if (point.isPresent()) {
      x0 = previous.map(BrsState::x).filter(x -> x.length == 2 * channels).orElse(new double[2 * channels]);
    } else {
      boolean keep = previous.isPresent() && !roiChanged && previous.get().height() == h && previous.get().width() == w
          && previous.get().x().length == channels * h * w;
      x0 = keep ? previous.get().x() : new double[channels * h * w];
    }
    boolean grad = JniUtils.isGradMode();
    List<Boolean> requiresGrad = freezeParameters();
    try {
      Objective objective = objective(m, image, prevMask, points, clickLists);
      Optional<Lbfgsb.Result> result = Optional.empty();
      double[] x = x0;
      if (numClicks > config.optimizeAfterNClicks()) {
        Lbfgsb.Result r = Lbfgsb.minimize(objective, x0, config.lbfgs());
        result = Optional.of(r);
        x = r.x();
      }
      NDArray logits = objective.best != null ? objective.best : objective.logitsAt(x);
      Optional<ProbabilityMap> head = point.isPresent() ? Optional.of(headPrevious) : Optional.empty();
      BrsState state = point.isPresent()
          ? new BrsState(config.mode(), x, 0, 0, head) : new BrsState(config.mode(), x, h, w, head);
      return new Step(logits, state, Collections.unmodifiableList(objective.trace), result);
    } finally {
      JniUtils.setGradMode(grad);
      restoreParameters(requiresGrad);
    }
  }

  /**
   * RITM's optimiser functor for one click ({@code init_click} with the modulated network): the objective and its
   * gradient at any vector. Runs the network without gradients for f-BRS's head input; the caller restores grad mode.
   */
  Objective objective(NDManager m, NDArray image, NDArray prevMask, NDArray points, List<List<NetClick>> clickLists) {
    int batch = (int) image.getShape().get(0);
    int h = (int) image.getShape().get(2);
    int w = (int) image.getShape().get(3);
    JniUtils.setGradMode(false);
    Forward forward;
    if (point.isPresent()) {
      NDArray features = block.features(ps, block.prepare(new NDList(image, prevMask, points), false), point.get(),
          false);
      forward = v -> {
        NDArray scale = v.get(new NDIndex("0:" + channels)).add(1f).reshape(1, channels, 1, 1);
        NDArray bias = v.get(new NDIndex(channels + ":")).reshape(1, channels, 1, 1);
        NDArray modulated = scale.mul(features).add(bias); // in the evaluation's manager, as scale is
        return block.logitsFromFeatures(ps, modulated, point.get(), h, w, false);
      };
    } else {
      forward = v -> {
        NDArray correction = v.reshape(1, channels, h, w);
        if (batch == 2) {
          correction = NDArrays.concat(new NDList(correction, correction.flip(3)), 0);
        }
        NDManager e = v.getManager();
        IisNetBlock.Prepared in =
            block.prepare(new NDList(copy(image, e), copy(prevMask, e), copy(points, e)), false);
        if (config.mode() == BrsMode.RGB_BRS) {
          in = new IisNetBlock.Prepared(in.image().add(correction), in.coords());
        } else {
          NDArray coords = in.coords();
          long c = coords.getShape().get(1);
          NDArray maps = coords.get(new NDIndex(":, " + (c - 2) + ":")).add(correction);
          NDArray joined = c == 2 ? maps : NDArrays.concat(new NDList(coords.get(new NDIndex(":, 0:1")), maps), 1);
          in = new IisNetBlock.Prepared(in.image(), joined);
        }
        return block.instances(ps, in, false);
      };
    }
    float[][] clickMaps = clickMaps(clickLists, h, w);
    return new Objective(m, forward, clickMaps[0], clickMaps[1], batch, h, w, image.getDataType());
  }

  /** The network's weights take no gradient during BRS (only the optimisation vector does). */
  List<Boolean> freezeParameters() {
    List<Boolean> flags = new ArrayList<>(parameters.size());
    for (Parameter p : parameters) {
      boolean requires = p.isInitialized() && p.getArray().hasGradient();
      flags.add(requires);
      if (requires) {
        JniUtils.attachGradient((PtNDArray) p.getArray(), false);
      }
    }
    return flags;
  }

  void restoreParameters(List<Boolean> flags) {
    for (int i = 0; i < flags.size(); i++) {
      if (flags.get(i)) {
        JniUtils.attachGradient((PtNDArray) parameters.get(i).getArray(), true);
      }
    }
  }

  /** The modulated network: logits B x 1 x h x w for an optimisation vector (float32, in the vector's manager). */
  @FunctionalInterface
  interface Forward {
    NDArray logits(NDArray vector);
  }

  /**
   * RITM's {@code _get_clicks_maps_nd}: 3 x 3 squares (radius 1) around {@code (round(row), round(col))} of every
   * click, NumPy slice semantics at the borders (a start of -1 wraps to the end and selects nothing).
   *
   * @return {positive, negative} maps, B x h x w row-major
   */
  static float[][] clickMaps(List<List<NetClick>> clickLists, int h, int w) {
    int batch = clickLists.size();
    float[] pos = new float[batch * h * w];
    float[] neg = new float[batch * h * w];
    for (int b = 0; b < batch; b++) {
      for (NetClick click : clickLists.get(b)) {
        int y = (int) Math.rint(click.row());
        int x = (int) Math.rint(click.col());
        int[] rows = slice(y - 1, y + 2, h);
        int[] cols = slice(x - 1, x + 2, w);
        float[] map = click.positive() ? pos : neg;
        for (int r = rows[0]; r < rows[1]; r++) {
          for (int c = cols[0]; c < cols[1]; c++) {
            map[(b * h + r) * w + c] = 1f;
          }
        }
      }
    }
    return new float[][] {pos, neg};
  }

  /** Python's {@code [start:stop]} on an axis of {@code length}: {start, stop} clamped (empty when start >= stop). */
  private static int[] slice(int start, int stop, int length) {
    int s = start < 0 ? Math.max(0, start + length) : Math.min(start, length);
    int e = stop < 0 ? Math.max(0, stop + length) : Math.min(stop, length);
    return new int[] {s, Math.max(s, e)};
  }

  /** RITM's {@code BaseOptimizer.__call__} for one click. */
  final class Objective implements Lbfgsb.Objective {
    private final NDManager manager;
    private final Forward forward;
    private final float[] pos;
    private final float[] neg;
    private final int batch;
    private final int h;
    private final int w;
    private final List<Evaluation> trace = new ArrayList<>();
    private NDArray best;
    private float bestF;
    private boolean[] lastMask;
    private final ai.djl.ndarray.types.DataType dtype;

    Objective(NDManager manager, Forward forward, float[] pos, float[] neg, int batch, int h, int w,
        ai.djl.ndarray.types.DataType dtype) {
      this.dtype = dtype;
      this.manager = manager;
      this.forward = forward;
      this.pos = pos;
      this.neg = neg;
      this.batch = batch;
      this.h = h;
      this.w = w;
    }

    List<Evaluation> trace() {
      return trace;
    }

    /** The logits of the evaluation with the lowest objective so far (null before the first). */
    NDArray best() {
      return best;
    }

    /** The logits at {@code x} without gradients, in the objective's manager. */
    NDArray logitsAt(double[] x) {
      boolean grad = JniUtils.isGradMode();
      JniUtils.setGradMode(false);
      try (NDManager e = manager.newSubManager()) {
        NDArray logits = forward.logits(vector(e, x));
        return manager.create(logits.toFloatArray(), logits.getShape());
      } finally {
        JniUtils.setGradMode(grad);
      }
    }

    @Override
    public double evaluate(double[] x, double[] gradient) {
      boolean grad = JniUtils.isGradMode();
      try (NDManager e = manager.newSubManager()) {
        JniUtils.setGradMode(true);
        NDArray v = vector(e, x);
        v.setRequiresGradient(true);
        NDArray logits = forward.logits(v);
        NDArray p = Activation.sigmoid(logits);
        Shape shape = new Shape(batch, 1, h, w);
        NDArray posMask = e.create(pos, shape).toType(dtype, false);
        NDArray negMask = e.create(neg, shape).toType(dtype, false);
        NDArray posDiff = p.neg().add(1f).mul(posMask);
        NDArray posTarget = posDiff.square().sum().div(posMask.sum().add(1e-5f));
        NDArray negDiff = p.mul(negMask);
        NDArray negTarget = negDiff.square().sum().div(negMask.sum().add(1e-5f));
        NDArray loss = posTarget.add(negTarget).add(regulariser(v));
        float f = loss.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).getFloat();
        float fMaxPos = posDiff.abs().max().toType(ai.djl.ndarray.types.DataType.FLOAT32, false).getFloat();
        float fMaxNeg = negDiff.abs().max().toType(ai.djl.ndarray.types.DataType.FLOAT32, false).getFloat();
        if (best == null || f < bestF) {
          if (best != null) {
            best.close();
          }
          best = manager.create(logits.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray(),
              logits.getShape());
          bestF = f;
        }
        java.util.Arrays.fill(gradient, 0);
        int reason = 0;
        if (fMaxPos < 1 - config.probThresh() && fMaxNeg < config.probThresh()) {
          reason = 1;
        } else {
          boolean[] mask = mask(p.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray());
          if (lastMask != null && config.minIouDiff() > 0 && stalled(mask, lastMask)) {
            reason = 2;
          } else {
            lastMask = mask;
            JniUtils.backward((PtNDArray) loss, (PtNDArray) e.ones(loss.getShape()), false, false);
            float[] g = v.getGradient().toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
            for (int i = 0; i < g.length; i++) {
              gradient[i] = g[i];
            }
          }
        }
        double norm = 0;
        for (double gi : gradient) {
          norm += gi * gi;
        }
        trace.add(new Evaluation(f, Math.sqrt(norm), fMaxPos, fMaxNeg, reason));
        return f;
      } finally {
        JniUtils.setGradMode(grad);
      }
    }

    /** The optimisation vector as the network computes: float32 (RITM's {@code .float()}), float64 networks float64. */
    private NDArray vector(NDManager e, double[] x) {
      return dtype == ai.djl.ndarray.types.DataType.FLOAT64 ? e.create(x) : e.create(toFloat(x));
    }

    private NDArray regulariser(NDArray v) {
      float weight = (float) config.regWeight();
      if (point.isPresent()) {
        NDArray scale = v.get(new NDIndex("0:" + channels));
        NDArray bias = v.get(new NDIndex(channels + ":"));
        return Ops.mul(scale.square().sum().add(Ops.mul(bias.square().sum(), (float) config.regBiasWeight())), weight);
      }
      NDArray all = v.reshape(1, channels, h, w);
      if (batch == 2) {
        all = NDArrays.concat(new NDList(all, all.flip(3)), 0);
      }
      return Ops.mul(all.square().sum(), weight);
    }

    private boolean[] mask(float[] probs) {
      boolean[] mask = new boolean[probs.length];
      for (int i = 0; i < probs.length; i++) {
        mask[i] = probs[i] > config.probThresh();
      }
      return mask;
    }

    /** RITM's {@code _compute_iou} per batch item (float32 means), averaged over items with a non-empty union. */
    private boolean stalled(boolean[] mask, boolean[] last) {
      int plane = h * w;
      float sum = 0;
      int count = 0;
      for (int b = 0; b < batch; b++) {
        int union = 0;
        int inter = 0;
        for (int i = b * plane; i < (b + 1) * plane; i++) {
          union += mask[i] || last[i] ? 1 : 0;
          inter += mask[i] && last[i] ? 1 : 0;
        }
        float u = (float) union / plane;
        if (u > 0) {
          sum += ((float) inter / plane) / u;
          count++;
        }
      }
      return count > 0 && sum / count > (float) (1 - config.minIouDiff());
    }
  }

  /** A copy of {@code a} owned by {@code manager}, so that everything computed from it is freed with it. */
  private static NDArray copy(NDArray a, NDManager manager) {
    NDArray c = a.duplicate();
    c.attach(manager);
    return c;
  }

  private static float[] toFloat(double[] x) {
    float[] out = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = (float) x[i];
    }
    return out;
  }
}
