package org.iseg.engine.training.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Activation;
import org.iseg.models.nn.Ops;

/**
 * RITM's normalized focal loss on sigmoid outputs ({@code NormalizedFocalLossSigmoid} in {@code isegm/model/losses.py}).
 *
 * <p>With {@code p = sigmoid(logit)} and {@code pt = 1 - |label - p|} on labelled pixels (1 on ignored ones), each
 * pixel weighs {@code beta = (1 - pt)^gamma}, rescaled per sample and channel so the weights sum to the number of
 * labelled pixels ({@code mult = labelled / (sum beta + eps)}, detached from the graph by default). The pixel loss
 * is {@code -alpha_t * beta * mult * log(min(pt + eps, 1))}; a sample's loss is the sum over its labelled pixels
 * divided by their count ({@code sizeAverage}) or the plain sum.
 *
 * <pre>{@code
 * NormalizedFocalLoss nfl = NormalizedFocalLoss.ritm();                // alpha 0.5, gamma 2: RITM's training setting
 * NormalizedFocalLoss custom = NormalizedFocalLoss.builder().alpha(0.25).build();
 * NDArray perSample = nfl.perSample(logits, labels);
 * }</pre>
 *
 * @param alpha weight of object pixels; background pixels weigh {@code 1 - alpha}
 * @param gamma focusing exponent
 * @param eps added to the normaliser, inside the log and to the pixel count
 * @param ignoreLabel the label that marks pixels without loss
 * @param maxMult when positive, the rescaled weights are clamped to at most this value
 * @param detachNormalizer true (RITM) to treat the rescaling factor as a constant in backpropagation
 * @param sizeAverage true (RITM) to divide a sample's loss by its number of labelled pixels
 * @param weight a constant factor on the loss
 */
public record NormalizedFocalLoss(
    double alpha,
    double gamma,
    double eps,
    float ignoreLabel,
    double maxMult,
    boolean detachNormalizer,
    boolean sizeAverage,
    double weight)
    implements SegmentationLoss {

  public NormalizedFocalLoss {
    if (!(alpha >= 0 && alpha <= 1)) {
      throw new IllegalArgumentException("alpha must lie in [0, 1], got " + alpha);
    }
    if (!(gamma >= 0)) {
      throw new IllegalArgumentException("gamma must be >= 0, got " + gamma);
    }
    if (!(eps >= 0)) {
      throw new IllegalArgumentException("eps must be >= 0, got " + eps);
    }
  }

  /** RITM's training loss: alpha 0.5, gamma 2, eps 1e-12, ignore label -1, detached normaliser, size average. */
  public static NormalizedFocalLoss ritm() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public NDArray perSample(NDArray logits, NDArray labels) {
    SegmentationLoss.requireSameShape("NormalizedFocalLoss", logits, labels);
    NDArray label = labels.toType(DataType.FLOAT32, false);
    NDArray isObject = label.gt(0.5);
    NDArray labelled = label.neq(ignoreLabel);
    NDArray labelledF = labelled.toType(DataType.FLOAT32, false);

    NDArray prob = Activation.sigmoid(logits);
    NDArray alphaT = NDArrays.where(isObject, Ops.mul(labelledF, (float) alpha), Ops.mul(labelledF, (float) (1 - alpha)));
    NDArray pt = NDArrays.where(labelled, label.sub(prob).abs().neg().add(1f), prob.onesLike());
    NDArray beta = Ops.pow(pt.neg().add(1f), (float) gamma);

    int[] spatial = {-2, -1};
    NDArray mult = labelledF.sum(spatial, true).div(beta.sum(spatial, true).add(eps));
    if (detachNormalizer) {
      mult = mult.stopGradient();
    }
    beta = beta.mul(mult);
    if (maxMult > 0) {
      beta = Ops.minimum(beta, (float) maxMult);
    }
    NDArray pixelLoss = alphaT.neg().mul(beta).mul(Ops.minimum(pt.add(eps), 1f).log());
    pixelLoss = Ops.mul(pixelLoss.mul(labelledF), (float) weight);

    int[] axes = SegmentationLoss.nonBatchAxes(pixelLoss);
    NDArray total = pixelLoss.sum(axes);
    if (!sizeAverage) {
      return total;
    }
    return total.div(labelledF.sum(axes).add(eps));
  }

  /** Builder with RITM's defaults for the training setting (alpha 0.5, gamma 2). */
  public static final class Builder {
    private double alpha = 0.5;
    private double gamma = 2;
    private double eps = 1e-12;
    private float ignoreLabel = -1f;
    private double maxMult = -1;
    private boolean detachNormalizer = true;
    private boolean sizeAverage = true;
    private double weight = 1;

    private Builder() {}

    public Builder alpha(double alpha) {
      this.alpha = alpha;
      return this;
    }

    public Builder gamma(double gamma) {
      this.gamma = gamma;
      return this;
    }

    public Builder eps(double eps) {
      this.eps = eps;
      return this;
    }

    public Builder ignoreLabel(float ignoreLabel) {
      this.ignoreLabel = ignoreLabel;
      return this;
    }

    public Builder maxMult(double maxMult) {
      this.maxMult = maxMult;
      return this;
    }

    public Builder detachNormalizer(boolean detachNormalizer) {
      this.detachNormalizer = detachNormalizer;
      return this;
    }

    public Builder sizeAverage(boolean sizeAverage) {
      this.sizeAverage = sizeAverage;
      return this;
    }

    public Builder weight(double weight) {
      this.weight = weight;
      return this;
    }

    public NormalizedFocalLoss build() {
      return new NormalizedFocalLoss(alpha, gamma, eps, ignoreLabel, maxMult, detachNormalizer, sizeAverage, weight);
    }
  }
}
