package org.iseg.api;

import java.util.Optional;

/**
 * How {@link Interactions#fullInference} runs: the probability threshold that turns predictions into masks for
 * the robot, an early-stop rule, and an optional external mask to start from.
 *
 * <pre>{@code
 * InteractionOptions options = InteractionOptions.builder().threshold(0.49).stopRule(myRule).build();
 * }</pre>
 */
public record InteractionOptions(double threshold, StopRule stopRule, Optional<Mask> startMask) {
  /** RITM's evaluation threshold. */
  public static final double DEFAULT_THRESHOLD = 0.49;

  public InteractionOptions {
    if (!(threshold >= 0 && threshold <= 1)) {
      throw new IllegalArgumentException("threshold must lie in [0, 1], got " + threshold);
    }
    Checks.checkNotNull("stopRule", stopRule);
    Checks.checkNotNull("startMask", startMask);
  }

  /** Threshold 0.49, no early stop, no start mask. */
  public static InteractionOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder for {@link InteractionOptions}. */
  public static final class Builder {
    private double threshold = DEFAULT_THRESHOLD;
    private StopRule stopRule = StopRule.NEVER;
    private Optional<Mask> startMask = Optional.empty();

    private Builder() {}

    public Builder threshold(double threshold) {
      this.threshold = threshold;
      return this;
    }

    public Builder stopRule(StopRule stopRule) {
      this.stopRule = stopRule;
      return this;
    }

    public Builder startMask(Mask startMask) {
      this.startMask = Optional.of(Checks.checkNotNull("startMask", startMask));
      return this;
    }

    public InteractionOptions build() {
      return new InteractionOptions(threshold, stopRule, startMask);
    }
  }
}
