package org.iseg.engine.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import org.iseg.models.IisNetwork;
import org.iseg.models.IisNetworks;

/**
 * RITM's iterative training step ({@code ISTrainer.batch_forward} + Adam): with no gradients, the network predicts
 * up to {@code maxNumNextClicks} times, each time {@link NextPoints} adds a click where the error is deepest and
 * the prediction becomes the next previous mask; then one forward pass with gradients on the final clicks and
 * previous mask, {@link RitmLoss}, backward, and an Adam update (backbone parameters, see {@link #isBackbone},
 * at {@code backboneLrMult} times the rate, as RITM's HRNetModel sets its {@code LRMult}s).
 *
 * <pre>{@code
 * IterativeTrainer trainer = new IterativeTrainer(network, IterativeTrainer.Settings.ritm(), 42L);
 * float loss = trainer.step(images, gtMasks, points);   // B x 3 x H x W, B x 1 x H x W (1/0/-1), B x 2N x 3
 * }</pre>
 *
 * <p>Every random choice (number of extra clicks, click positions, previous-mask dropout) comes from the
 * seeded source. Not thread-safe.
 */
public final class IterativeTrainer {
  private final IisNetwork network;
  private final Settings settings;
  private final Random random;
  private final Optimizer backboneOptimizer;
  private final Optimizer headOptimizer;
  private final ParameterStore parameterStore;
  private final Map<String, Parameter> parameters;

  /**
   * RITM's training settings.
   *
   * @param maxNumNextClicks extra simulated clicks drawn uniformly from 0..this per batch (RITM: 3)
   * @param prevMaskDropProb probability that a sample's previous mask is zeroed after simulation (RITM: 0)
   * @param predThresh threshold of the click simulator (RITM: 0.49)
   * @param loss the loss on the main and auxiliary outputs
   * @param learningRate Adam's rate (RITM: 5e-4, betas 0.9/0.999, eps 1e-8)
   * @param backboneLrMult factor on the rate of the backbone (RITM: 0.1)
   */
  public record Settings(
      int maxNumNextClicks,
      double prevMaskDropProb,
      double predThresh,
      RitmLoss loss,
      float learningRate,
      float backboneLrMult) {
    public Settings {
      Objects.requireNonNull(loss, "loss");
      if (maxNumNextClicks < 0) {
        throw new IllegalArgumentException("maxNumNextClicks must be >= 0, got " + maxNumNextClicks);
      }
      if (!(learningRate > 0)) {
        throw new IllegalArgumentException("learningRate must be > 0, got " + learningRate);
      }
    }

    /** RITM's HRNet ITER-M training: 3 extra clicks, NFL + 0.4 BCE, Adam 5e-4, backbone x0.1. */
    public static Settings ritm() {
      return new Settings(3, 0.0, 0.49, RitmLoss.hrnetDefaults(), 5e-4f, 0.1f);
    }

    public Settings withLearningRate(float rate) {
      return new Settings(maxNumNextClicks, prevMaskDropProb, predThresh, loss, rate, backboneLrMult);
    }

    public Settings withMaxNumNextClicks(int clicks) {
      return new Settings(clicks, prevMaskDropProb, predThresh, loss, learningRate, backboneLrMult);
    }
  }

  public IterativeTrainer(IisNetwork network, Settings settings, long seed) {
    this.network = Objects.requireNonNull(network, "network");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.random = new Random(seed);
    this.backboneOptimizer = adam(settings.learningRate() * settings.backboneLrMult());
    this.headOptimizer = adam(settings.learningRate());
    this.parameterStore = new ParameterStore(network.manager(), false);
    this.parameters = IisNetworks.parameters(network);
  }

  private static Optimizer adam(float rate) {
    return Optimizer.adam()
        .optLearningRateTracker(Tracker.fixed(rate))
        .optBeta1(0.9f)
        .optBeta2(0.999f)
        .optEpsilon(1e-8f)
        .build();
  }

  /**
   * One training step on a batch; returns the loss before the update.
   *
   * @param images {@code B x 3 x H x W} RGB in [0, 1]
   * @param gt {@code B x 1 x H x W} labels 1 / 0 / -1 (ignore)
   * @param points {@code B x 2N x 3} initial clicks (RITM's MultiPointSampler), -1 padding
   */
  public float step(NDArray images, NDArray gt, NDArray points) {
    Shape s = images.getShape();
    if (s.dimension() != 4 || s.get(1) != 3) {
      throw new IllegalArgumentException("images must be B x 3 x H x W, got " + s);
    }
    int batch = (int) s.get(0);
    int h = (int) s.get(2);
    int w = (int) s.get(3);
    if (!gt.getShape().equals(new Shape(batch, 1, h, w))) {
      throw new IllegalArgumentException("gt must be " + new Shape(batch, 1, h, w) + ", got " + gt.getShape());
    }
    int n = (int) points.getShape().get(1) / 2;
    try (NDManager m = network.manager().newSubManager()) {
      NDArray img = images.duplicate();
      img.attach(m);
      float[] gtValues = gt.toFloatArray();
      float[] pointRows = points.toFloatArray();
      NDArray prev = m.zeros(new Shape(batch, 1, h, w));
      int extra = random.nextInt(settings.maxNumNextClicks() + 1);
      for (int k = 0; k < extra && k < n; k++) {
        NDArray pts = m.create(pointRows, points.getShape());
        NDArray logits = network.forward(img, optionalPrev(prev), pts).instances();
        prev = Activation.sigmoid(logits);
        NextPoints.addClicks(
            prev.toFloatArray(), gtValues, pointRows, batch, h, w, n, k + 1, settings.predThresh(), random);
      }
      if (network.withPrevMask() && extra > 0 && settings.prevMaskDropProb() > 0) {
        float[] p = prev.toFloatArray();
        for (int b = 0; b < batch; b++) {
          if (random.nextDouble() < settings.prevMaskDropProb()) {
            java.util.Arrays.fill(p, b * h * w, (b + 1) * h * w, 0f);
          }
        }
        prev = m.create(p, prev.getShape());
      }
      prev = prev.stopGradient();
      NDArray pts = m.create(pointRows, points.getShape());
      NDArray labels = m.create(gtValues, gt.getShape());
      float value;
      try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
        NDList inputs = new NDList(img);
        if (network.withPrevMask()) {
          inputs.add(prev);
        }
        inputs.add(pts);
        NDList out = network.block().forward(parameterStore, inputs, true);
        Optional<NDArray> aux = out.size() > 1 ? Optional.of(out.get(1)) : Optional.empty();
        NDArray loss = settings.loss().total(out.get(0), aux, labels);
        value = loss.getFloat();
        gc.backward(loss);
      }
      for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
        Parameter p = e.getValue();
        if (!p.requiresGradient()) {
          continue;
        }
        NDArray weight = p.getArray();
        NDArray grad = weight.getGradient();
        Optimizer opt = isBackbone(e.getKey()) ? backboneOptimizer : headOptimizer;
        opt.update(p.getId(), weight, grad);
      }
      return value;
    }
  }

  /**
   * Whether RITM's HRNetModel trains a parameter at the backbone rate: everything under
   * {@code feature_extractor.} except the OCR modules ({@code ocr_distri_head}, {@code ocr_gather_head},
   * {@code conv3x3_ocr}), which RITM resets to the full rate.
   */
  public static boolean isBackbone(String parameterName) {
    if (!parameterName.startsWith("feature_extractor.")) {
      return false;
    }
    String rest = parameterName.substring("feature_extractor.".length());
    return !(rest.startsWith("ocr_distri_head.") || rest.startsWith("ocr_gather_head.") || rest.startsWith("conv3x3_ocr."));
  }

  private Optional<NDArray> optionalPrev(NDArray prev) {
    return network.withPrevMask() ? Optional.of(prev) : Optional.empty();
  }
}
