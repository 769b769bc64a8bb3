package org.iseg.clicking.sampling;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.iseg.api.Click;
import org.iseg.api.Mask;
import org.iseg.clicking.masks.MaskOps;

/**
 * RITM's training click sampler ({@code isegm/data/points_sampler.py}, {@code MultiPointSampler}) for one
 * selected object.
 *
 * <ul>
 *   <li>Positives: with probability {@code positiveErodeProb} the target is eroded {@code positiveErodeIters} times
 *       with a 3x3 square, kept only if more than 10 pixels remain; then {@code 1 + i} points are drawn uniformly
 *       (with replacement, as RITM) from it, {@code i ∈ [0, maxNumPoints)} with {@code P(i) ∝ probGamma^i}.
 *   <li>Negatives: {@code i ∈ [0, maxNumPoints]} points, {@code P(i) ∝ probGamma^i}; for each, a strategy is
 *       drawn (background {@code 0.1}, other objects {@code 0.4}, border {@code 0.5}) and a pixel uniformly from
 *       its region; an empty region gives no point. "Other objects" is the background when no other objects are
 *       given; "border" is the target dilated {@code ceil(expandRatio * sqrt(area))} times minus the target.
 * </ul>
 *
 * <p>Deviations, on purpose: ignore pixels of the target are left out of every region (RITM's training data has
 * none); the hierarchy / object merging / soft-target / first-click-centre options of RITM are not implemented
 * (RITM's released configurations leave them off, except merging, which belongs to object selection in
 * iseg-data); the random streams are Java's, so draws are reproducible by seed but not equal to numpy's. RITM pads
 * to {@code maxNumPoints} with (-1, -1); here the list is just shorter. Positives come first, then negatives,
 * indexed 0, 1, 2, ...
 *
 * <pre>{@code
 * InitialClickSampler sampler = MultiPointSampler.builder().maxNumPoints(24).probGamma(0.8).build();
 * }</pre>
 */
public final class MultiPointSampler implements InitialClickSampler {
  private final int maxNumPoints;
  private final double positiveErodeProb;
  private final int positiveErodeIters;
  private final double expandRatio;
  private final double[] negativeStrategyProbs;
  private final double[] positiveCountProbs;
  private final double[] negativeCountProbs;

  private MultiPointSampler(Builder b) {
    this.maxNumPoints = b.maxNumPoints;
    this.positiveErodeProb = b.positiveErodeProb;
    this.positiveErodeIters = b.positiveErodeIters;
    this.expandRatio = b.expandRatio;
    this.negativeStrategyProbs = new double[] {b.negativeBgProb, b.negativeOtherProb, b.negativeBorderProb};
    this.positiveCountProbs = Samplers.geometric(maxNumPoints, b.probGamma);
    this.negativeCountProbs = Samplers.geometric(maxNumPoints + 1, b.probGamma);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** P(1 + i positive points), i = 0..maxNumPoints-1. */
  double[] positiveCountProbabilities() {
    return positiveCountProbs.clone();
  }

  @Override
  public List<Click> sample(Mask target, Optional<Mask> otherObjects, RandomGenerator random) {
    Samplers.checkTarget(target, otherObjects);
    int n = target.height() * target.width();
    int w = target.width();
    Mask positiveRegion = target;
    if (random.nextDouble() <= positiveErodeProb) { // RITM: skip erosion when random() > prob
      positiveRegion = MaskOps.safeErode(target, positiveErodeIters, 10);
    }
    byte[] pos = MaskOps.objectBytes(positiveRegion);
    byte[] bg = new byte[n];
    byte[] other = new byte[n];
    Mask border = MaskOps.borderMask(target.withoutIgnore(), expandRatio);
    byte[] borderBytes = new byte[n];
    for (int i = 0; i < n; i++) {
      byte t = target.labelAt(i);
      if (t == Mask.IGNORE) {
        continue;
      }
      bg[i] = t == Mask.BACKGROUND ? (byte) 1 : 0;
      borderBytes[i] = border.labelAt(i) == Mask.OBJECT ? (byte) 1 : 0;
    }
    if (otherObjects.isPresent()) {
      Mask o = otherObjects.get();
      for (int i = 0; i < n; i++) {
        other[i] = bg[i] != 0 && o.labelAt(i) == Mask.OBJECT ? (byte) 1 : 0;
      }
    } else {
      System.arraycopy(bg, 0, other, 0, n);
    }
    byte[][] negativeRegions = {bg, other, borderBytes};

    List<Click> out = new ArrayList<>();
    int positives = 1 + Samplers.choice(positiveCountProbs, random);
    for (int k = 0; k < positives; k++) {
      int at = Samplers.uniform(pos, random);
      if (at >= 0) {
        out.add(new Click(at / w, at % w, true, out.size()));
      }
    }
    int negatives = Samplers.choice(negativeCountProbs, random);
    for (int k = 0; k < negatives; k++) {
      byte[] region = negativeRegions[Samplers.choice(negativeStrategyProbs, random)];
      int at = Samplers.uniform(region, random);
      if (at >= 0) {
        out.add(new Click(at / w, at % w, false, out.size()));
      }
    }
    return List.copyOf(out);
  }

  /** RITM's defaults, except {@code probGamma} 0.8 and 24 points as in its released training configurations. */
  public static final class Builder {
    private int maxNumPoints = 24;
    private double probGamma = 0.8;
    private double expandRatio = 0.1;
    private double positiveErodeProb = 0.9;
    private int positiveErodeIters = 3;
    private double negativeBgProb = 0.1;
    private double negativeOtherProb = 0.4;
    private double negativeBorderProb = 0.5;

    private Builder() {}

    public Builder maxNumPoints(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("maxNumPoints must be at least 1, got " + n);
      }
      this.maxNumPoints = n;
      return this;
    }

    public Builder probGamma(double gamma) {
      if (!(gamma > 0 && gamma <= 1)) {
        throw new IllegalArgumentException("probGamma must be in (0, 1], got " + gamma);
      }
      this.probGamma = gamma;
      return this;
    }

    public Builder expandRatio(double ratio) {
      if (!(ratio >= 0) || Double.isInfinite(ratio)) {
        throw new IllegalArgumentException("expandRatio must be >= 0, got " + ratio);
      }
      this.expandRatio = ratio;
      return this;
    }

    public Builder positiveErosion(double probability, int iterations) {
      if (!(probability >= 0 && probability <= 1) || iterations < 0) {
        throw new IllegalArgumentException(
            "erosion probability must be in [0, 1] and iterations >= 0, got " + probability + ", " + iterations);
      }
      this.positiveErodeProb = probability;
      this.positiveErodeIters = iterations;
      return this;
    }

    /** Probabilities of the background, other-objects and border strategies; must sum to 1. */
    public Builder negativeStrategies(double background, double otherObjects, double border) {
      double sum = background + otherObjects + border;
      if (background < 0 || otherObjects < 0 || border < 0 || Math.abs(sum - 1) > 1e-9) {
        throw new IllegalArgumentException("negative strategy probabilities must be >= 0 and sum to 1, got "
            + background + ", " + otherObjects + ", " + border);
      }
      this.negativeBgProb = background;
      this.negativeOtherProb = otherObjects;
      this.negativeBorderProb = border;
      return this;
    }

    public MultiPointSampler build() {
      return new MultiPointSampler(this);
    }
  }
}
