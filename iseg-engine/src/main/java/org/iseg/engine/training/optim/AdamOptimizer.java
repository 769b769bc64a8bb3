package org.iseg.engine.training.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.iseg.models.nn.Ops;

/**
 * Adam (Kingma and Ba, as {@code torch.optim.Adam} without weight decay, or AdamW's decoupled decay) whose moments are plain arrays that a
 * {@link TrainingCheckpoint} saves, so a resumed run continues exactly. A learning-rate multiplier per parameter
 * gives RITM's smaller backbone rate ({@code backbone_lr_mult 0.1}).
 *
 * <pre>{@code
 * AdamOptimizer adam = new AdamOptimizer(0.9, 0.999, 1e-8);
 * adam.step(params, lr, name -> name.startsWith("feature_extractor") ? 0.1 : 1.0);
 * }</pre>
 */
public final class AdamOptimizer {
  private final double beta1;
  private final double beta2;
  private final double eps;
  private final Map<String, NDArray> mean = new HashMap<>();
  private final Map<String, NDArray> var = new HashMap<>();
  private long steps;

  public AdamOptimizer(double beta1, double beta2, double eps) {
    if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(eps > 0)) {
      throw new IllegalArgumentException("Adam needs 0 <= beta1, beta2 < 1 and eps > 0, got " + beta1 + ", "
          + beta2 + ", " + eps);
    }
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
  }

  /** RITM's (PyTorch's) defaults: betas (0.9, 0.999), eps 1e-8. */
  public static AdamOptimizer pytorchDefaults() {
    return new AdamOptimizer(0.9, 0.999, 1e-8);
  }

  /** Number of updates made so far. */
  public long steps() {
    return steps;
  }

  /** A rate multiplier for a parameter, by name. */
  @FunctionalInterface
  public interface LrMultiplier {
    double of(String parameterName);
  }

  /**
   * One update of every parameter that has a gradient; the moments are created (zeros) in {@code stateManager}.
   *
   * @param params name to parameter array (with its gradient from the last backward pass)
   */
  public void step(Map<String, NDArray> params, double lr, LrMultiplier multiplier, NDManager stateManager) {
    step(params, lr, multiplier, name -> 0.0, stateManager);
  }

  /**
   * AdamW ({@code torch.optim.AdamW}, Loshchilov and Hutter): before the Adam update each parameter decays by
   * {@code 1 - rate * weightDecay(name)}, where rate = {@code lr * multiplier(name)} (its group's rate), decoupled
   * from the gradient's moments.
   */
  public void step(Map<String, NDArray> params, double lr, LrMultiplier multiplier, LrMultiplier weightDecay,
      NDManager stateManager) {
    // The in-place updates of the parameters must not be recorded. libtorch's grad mode is per thread and on by
    // default; DJL turns it off only on the thread that loaded the engine, which need not be this one.
    boolean grad = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    try {
      update(params, lr, multiplier, weightDecay, stateManager);
    } finally {
      JniUtils.setGradMode(grad);
    }
  }

  private void update(Map<String, NDArray> params, double lr, LrMultiplier multiplier, LrMultiplier weightDecay,
      NDManager stateManager) {
    steps++;
    double c1 = 1 - Math.pow(beta1, steps);
    double c2 = 1 - Math.pow(beta2, steps);
    for (Map.Entry<String, NDArray> e : params.entrySet()) {
      NDArray w = e.getValue();
      NDArray g = w.getGradient();
      String name = e.getKey();
      NDArray m = mean.computeIfAbsent(name, k -> stateManager.zeros(w.getShape()));
      NDArray v = var.computeIfAbsent(name, k -> stateManager.zeros(w.getShape()));
      double stepSize = lr * multiplier.of(name) / c1;
      // every temporary must live in tmp: results of ops on m, v or w would otherwise stay in the long-lived
      // manager and leak a parameter-sized array per step
      try (NDManager tmp = stateManager.newSubManager()) {
        double decay = lr * multiplier.of(name) * weightDecay.of(name);
        if (decay != 0) {
          w.muli((float) (1 - decay));
        }
        NDArray gt = g.duplicate();
        gt.attach(tmp);
        m.muli((float) beta1).addi(Ops.mul(gt, (float) (1 - beta1)));
        v.muli((float) beta2).addi(gt.square().muli((float) (1 - beta2)));
        NDArray vt = v.duplicate();
        vt.attach(tmp);
        NDArray mt = m.duplicate();
        mt.attach(tmp);
        NDArray denom = vt.divi((float) c2).sqrt().addi((float) eps);
        w.subi(mt.divi(denom).muli((float) stepSize));
      }
      g.subi(g); // zero the gradient in place for the next step
      g.close(); // only this handle: the gradient tensor stays with the parameter
    }
  }

  /** The moments, keyed {@code m:<name>} and {@code v:<name>}, for saving. */
  public Map<String, NDArray> state() {
    Map<String, NDArray> out = new LinkedHashMap<>();
    mean.forEach((k, a) -> out.put("m:" + k, a));
    var.forEach((k, a) -> out.put("v:" + k, a));
    return out;
  }

  /** Restores moments and the step count written by {@link #state()} (arrays are adopted, not copied). */
  public void restore(NDList arrays, long stepCount) {
    mean.clear();
    var.clear();
    for (NDArray a : arrays) {
      String name = a.getName();
      if (name == null || name.length() < 3 || name.charAt(1) != ':') {
        throw new IllegalArgumentException("optimizer state array has no m:/v: name: " + name);
      }
      (name.charAt(0) == 'm' ? mean : var).put(name.substring(2), a);
    }
    steps = stepCount;
  }
}
