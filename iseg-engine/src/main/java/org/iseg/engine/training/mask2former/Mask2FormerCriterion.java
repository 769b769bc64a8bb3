package org.iseg.engine.training.mask2former;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.iseg.models.nn.Ops;

/**
 * Mask2Former's training criterion (EasyCV's {@code SetCriterion}): per prediction (final and each auxiliary
 * decoder layer, deep supervision) a Hungarian matching of queries to target segments, then
 *
 * <ul>
 *   <li>{@code loss_ce}: cross-entropy of every query's class logits against its matched target's label, or
 *       no-object for unmatched queries, with class weights 1 and {@code eosCoef} for no-object, reduced as
 *       Σ w·nll / Σ w;
 *   <li>{@code loss_mask}, {@code loss_dice}: sigmoid BCE (mean over points) and dice of each matched mask at
 *       {@code numPoints} points chosen by importance sampling (PointRend's
 *       {@code get_uncertain_point_coords_with_randomness}: {@code numPoints · oversampleRatio} uniform
 *       candidates, the {@code importanceSampleRatio · numPoints} with the smallest |logit|, plus uniform
 *       ones), summed over masks and divided by numMasks = max(number of targets, 1);
 * </ul>
 *
 * weighted by {@code weightClass}, {@code weightMask}, {@code weightDice}. The matching and the point choice
 * are constants (computed on Java arrays, as under {@code no_grad}); the three losses are NDArray expressions,
 * so DJL's autograd carries the gradient to the class logits and, through the bilinear weights at the points,
 * to the matched mask logits.
 *
 * <p>NDArrays it creates belong to the manager of the mask logits: run a step in a sub-manager.
 *
 * <pre>{@code
 * Mask2FormerCriterion criterion = Mask2FormerCriterion.easyCv(12);
 * try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
 *   Mask2FormerLosses losses = criterion.compute(List.of(last, aux0, aux1, aux2), targets, PointDraws.seeded(0));
 *   gc.backward(losses.total());
 * }
 * }</pre>
 *
 * @param numClasses classes without no-object (no-object is class {@code numClasses})
 * @param matcher the Hungarian matcher
 * @param eosCoef the class weight of no-object in {@code loss_ce}
 * @param numPoints points per matched mask in the mask losses
 * @param oversampleRatio candidates per point for importance sampling (≥ 1)
 * @param importanceSampleRatio share of the points taken as the most uncertain candidates, in [0, 1]
 * @param weightClass weight of {@code loss_ce}
 * @param weightMask weight of {@code loss_mask}
 * @param weightDice weight of {@code loss_dice}
 */
public record Mask2FormerCriterion(
    int numClasses,
    MaskHungarianMatcher matcher,
    double eosCoef,
    int numPoints,
    double oversampleRatio,
    double importanceSampleRatio,
    double weightClass,
    double weightMask,
    double weightDice) {

  public Mask2FormerCriterion {
    checkArgument(numClasses > 0, "numClasses %s must be positive", numClasses);
    checkArgument(numPoints > 0, "numPoints %s must be positive", numPoints);
    checkArgument(oversampleRatio >= 1, "oversampleRatio %s must be >= 1", oversampleRatio);
    checkArgument(
        importanceSampleRatio >= 0 && importanceSampleRatio <= 1,
        "importanceSampleRatio %s outside [0, 1]",
        importanceSampleRatio);
  }

  /**
   * EasyCV's Mask2Former configs ({@code train_cfg}): matcher class 2 / mask 5 / dice 5, no-object weight 0.1,
   * 12554 points, oversampling 3, importance ratio 0.75, loss weights 2 / 5 / 5.
   */
  public static Mask2FormerCriterion easyCv(int numClasses) {
    return new Mask2FormerCriterion(numClasses, MaskHungarianMatcher.easyCv(), 0.1, 12554, 3.0, 0.75, 2.0, 5.0, 5.0);
  }

  /** This criterion with another no-object weight. */
  public Mask2FormerCriterion withEosCoef(double coef) {
    return new Mask2FormerCriterion(
        numClasses, matcher, coef, numPoints, oversampleRatio, importanceSampleRatio, weightClass, weightMask, weightDice);
  }

  /** {@code loss_ce}'s class weights: 1 per class, {@code eosCoef} for no-object. */
  public float[] emptyWeight() {
    float[] w = new float[numClasses + 1];
    Arrays.fill(w, 1f);
    w[numClasses] = (float) eosCoef;
    return w;
  }

  /**
   * The losses of a batch.
   *
   * @param predictions the final prediction first, then the auxiliary ones (EasyCV's {@code aux_outputs} order)
   * @param targets one per image of the batch
   * @param draws the random points, drawn per prediction in EasyCV's order
   */
  public Mask2FormerLosses compute(List<MaskSetPrediction> predictions, List<MaskSetTarget> targets, PointDraws draws) {
    checkArgument(!predictions.isEmpty(), "no predictions");
    int total = 0;
    for (MaskSetTarget t : targets) {
      total += t.size();
    }
    float numMasks = Math.max(total, 1);
    List<Mask2FormerLayerLoss> layers = new ArrayList<>();
    for (int i = 0; i < predictions.size(); i++) {
      layers.add(layer(predictions.get(i), targets, draws, numMasks, i == 0 ? "" : "_" + (i - 1)));
    }
    return new Mask2FormerLosses(List.copyOf(layers), numMasks, weightClass, weightMask, weightDice);
  }

  private Mask2FormerLayerLoss layer(
      MaskSetPrediction prediction, List<MaskSetTarget> targets, PointDraws draws, float numMasks, String suffix) {
    Shape cs = prediction.classLogits().getShape();
    Shape ms = prediction.maskLogits().getShape();
    int batch = (int) cs.get(0);
    int queries = (int) cs.get(1);
    int classes = (int) cs.get(2);
    int h = (int) ms.get(2);
    int w = (int) ms.get(3);
    checkArgument(classes == numClasses + 1, "class logits %s: expected %s classes + no-object", cs, numClasses);
    checkArgument(targets.size() == batch, "%s targets for a batch of %s", targets.size(), batch);
    float[] classLogits = prediction.classLogits().toType(DataType.FLOAT32, false).toFloatArray();
    float[] maskLogits = prediction.maskLogits().toType(DataType.FLOAT32, false).toFloatArray();
    int plane = h * w;

    List<MaskMatching> matchings = new ArrayList<>();
    for (int b = 0; b < batch; b++) {
      matchings.add(
          matcher.match(
              Arrays.copyOfRange(classLogits, b * queries * classes, (b + 1) * queries * classes),
              queries,
              classes,
              Arrays.copyOfRange(maskLogits, b * queries * plane, (b + 1) * queries * plane),
              h,
              w,
              targets.get(b),
              draws));
    }
    NDArray classLoss = classLoss(prediction.classLogits(), matchings, targets, queries);

    // Matched (image, query, target) triples, images in order, queries ascending within an image.
    int matched = 0;
    for (MaskMatching m : matchings) {
      matched += m.size();
    }
    int[] maskOffset = new int[matched];
    MaskSetTarget[] maskTarget = new MaskSetTarget[matched];
    int[] targetIndex = new int[matched];
    int n = 0;
    for (int b = 0; b < batch; b++) {
      MaskMatching m = matchings.get(b);
      for (int i = 0; i < m.size(); i++) {
        maskOffset[n] = (b * queries + m.queries()[i]) * plane;
        maskTarget[n] = targets.get(b);
        targetIndex[n] = m.targets()[i];
        n++;
      }
    }
    NDArray logits = prediction.maskLogits();
    NDManager manager = logits.getManager();
    if (matched == 0) {
      NDArray zero = manager.create(0f); // no matched mask: EasyCV's sums over no masks

      return new Mask2FormerLayerLoss(
          suffix, List.copyOf(matchings), classLoss, zero, zero, new int[0][], manager.zeros(new Shape(0, numPoints)), new float[0]);
    }

    int sampled = (int) (numPoints * oversampleRatio);
    int uncertain = (int) (importanceSampleRatio * numPoints);
    int random = numPoints - uncertain;
    float[] candidates = draws.uniform(matched, sampled);
    checkArgument(candidates.length == 2 * matched * sampled, "a draw gave %s values", candidates.length);
    int[][] uncertainIndex = new int[matched][];
    float[] coords = new float[matched * numPoints * 2];
    for (int i = 0; i < matched; i++) {
      float[] uncertainty = new float[sampled];
      int base = i * sampled * 2;
      for (int p = 0; p < sampled; p++) {
        float v = PointSampling.sample(maskLogits, maskOffset[i], h, w, candidates[base + 2 * p], candidates[base + 2 * p + 1]);
        uncertainty[p] = -Math.abs(v);
      }
      uncertainIndex[i] = topK(uncertainty, uncertain);
      for (int k = 0; k < uncertain; k++) {
        int c = uncertainIndex[i][k];
        coords[(i * numPoints + k) * 2] = candidates[base + 2 * c];
        coords[(i * numPoints + k) * 2 + 1] = candidates[base + 2 * c + 1];
      }
    }
    if (random > 0) {
      float[] extra = draws.uniform(matched, random);
      checkArgument(extra.length == 2 * matched * random, "a draw gave %s values", extra.length);
      for (int i = 0; i < matched; i++) {
        System.arraycopy(extra, i * random * 2, coords, (i * numPoints + uncertain) * 2, random * 2);
      }
    }

    // Targets at the points (constants) and the bilinear taps of the predictions (4 per point).
    float[] pointLabels = new float[matched * numPoints];
    long[] index = new long[PointSampling.TAPS * matched * numPoints];
    float[] weight = new float[PointSampling.TAPS * matched * numPoints];
    int slab = matched * numPoints;
    for (int i = 0; i < matched; i++) {
      MaskSetTarget t = maskTarget[i];
      int tOffset = targetIndex[i] * t.height() * t.width();
      for (int p = 0; p < numPoints; p++) {
        int c = (i * numPoints + p) * 2;
        pointLabels[i * numPoints + p] = PointSampling.sample(t.masks(), tOffset, t.height(), t.width(), coords[c], coords[c + 1]);
      }
      PointSampling.Taps taps = PointSampling.taps(coords, i * numPoints * 2, numPoints, h, w);
      for (int p = 0; p < numPoints; p++) {
        for (int k = 0; k < PointSampling.TAPS; k++) {
          int to = k * slab + i * numPoints + p;
          index[to] = (long) maskOffset[i] + taps.index()[PointSampling.TAPS * p + k];
          weight[to] = taps.weight()[PointSampling.TAPS * p + k];
        }
      }
    }
    Shape tapShape = new Shape(PointSampling.TAPS, matched, numPoints);
    NDArray idx = manager.create(index, tapShape);
    NDArray wgt = manager.create(weight, tapShape);
    NDArray pointLogits = logits.reshape(-1).take(idx).mul(wgt).sum(new int[] {0});
    NDArray labels = manager.create(pointLabels, new Shape(matched, numPoints));

    NDArray bce =
        Activation.relu(pointLogits).sub(pointLogits.mul(labels)).add(Activation.softPlus(pointLogits.abs().neg()));
    NDArray maskLoss = Ops.div(bce.mean(new int[] {1}).sum(), numMasks);
    NDArray sig = Activation.sigmoid(pointLogits);
    NDArray numerator = Ops.mul(sig.mul(labels).sum(new int[] {1}), 2f);
    NDArray denominator = sig.sum(new int[] {1}).add(labels.sum(new int[] {1}));
    NDArray dice = numerator.add(1f).div(denominator.add(1f)).neg().add(1f);
    NDArray diceLoss = Ops.div(dice.sum(), numMasks);
    return new Mask2FormerLayerLoss(
        suffix, List.copyOf(matchings), classLoss, maskLoss, diceLoss, uncertainIndex, pointLogits, pointLabels);
  }

  /** Weighted cross-entropy: Σ w[target]·(−log softmax[target]) / Σ w[target] over all B × Q queries. */
  private NDArray classLoss(NDArray classLogits, List<MaskMatching> matchings, List<MaskSetTarget> targets, int queries) {
    int batch = matchings.size();
    int classes = numClasses + 1;
    float[] emptyWeight = emptyWeight();
    float[] pick = new float[batch * queries * classes];
    double weightSum = 0;
    for (int b = 0; b < batch; b++) {
      int[] cls = new int[queries];
      Arrays.fill(cls, numClasses);
      MaskMatching m = matchings.get(b);
      for (int i = 0; i < m.size(); i++) {
        cls[m.queries()[i]] = targets.get(b).labels()[m.targets()[i]];
      }
      for (int q = 0; q < queries; q++) {
        pick[(b * queries + q) * classes + cls[q]] = emptyWeight[cls[q]];
        weightSum += emptyWeight[cls[q]];
      }
    }
    NDArray weights = classLogits.getManager().create(pick, classLogits.getShape());
    return Ops.div(classLogits.logSoftmax(2).mul(weights).sum().neg(), (float) weightSum);
  }

  /**
   * Indices of the k largest values, largest first, ties to the lower index (Float.compare's order: -0 below
   * +0). Sorts primitive keys: the value's order-preserving bits, negated, above the index.
   */
  static int[] topK(float[] values, int k) {
    long[] keys = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      int bits = Float.floatToIntBits(values[i]);
      int ordered = bits ^ ((bits >> 31) & 0x7fffffff); // signed-int order = float order
      keys[i] = ((long) ~ordered << 32) | i;
    }
    Arrays.sort(keys);
    int[] out = new int[k];
    for (int i = 0; i < k; i++) {
      out[i] = (int) keys[i];
    }
    return out;
  }
}
