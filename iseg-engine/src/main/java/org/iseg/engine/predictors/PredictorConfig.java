package org.iseg.engine.predictors;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How a {@link RitmPredictor} runs its network, RITM's {@code BasePredictor} arguments.
 *
 * <pre>{@code
 * PredictorConfig config = PredictorConfig.builder().zoomIn(ZoomIn.builder().build()).withFlip(true).build();
 * }</pre>
 *
 * @param zoomIn the ZoomIn transform, first in RITM's order, if any
 * @param maxSize LimitLongestSide: images whose longer side exceeds this are scaled down for the network
 * @param withFlip average the logits of the image and of its horizontal mirror
 * @param netClicksLimit only the first N clicks (in click order) reach the network
 * @param brs backpropagating refinement (RITM's BRS modes), empty for NoBRS
 */
public record PredictorConfig(
    Optional<ZoomIn> zoomIn, OptionalInt maxSize, boolean withFlip, OptionalInt netClicksLimit,
    Optional<BrsConfig> brs) {

  /** Without BRS. */
  public PredictorConfig(Optional<ZoomIn> zoomIn, OptionalInt maxSize, boolean withFlip, OptionalInt netClicksLimit) {
    this(zoomIn, maxSize, withFlip, netClicksLimit, Optional.empty());
  }

  public PredictorConfig {
    Objects.requireNonNull(zoomIn, "zoomIn (use Optional.empty())");
    Objects.requireNonNull(maxSize, "maxSize (use OptionalInt.empty())");
    Objects.requireNonNull(netClicksLimit, "netClicksLimit (use OptionalInt.empty())");
    Objects.requireNonNull(brs, "brs (use Optional.empty())");
    brs = brs.filter(b -> b.mode() != BrsMode.NO_BRS);
    if (maxSize.isPresent() && maxSize.getAsInt() <= 0) {
      throw new IllegalArgumentException("maxSize must be positive, got " + maxSize.getAsInt());
    }
    if (netClicksLimit.isPresent() && netClicksLimit.getAsInt() <= 0) {
      throw new IllegalArgumentException("netClicksLimit must be positive, got " + netClicksLimit.getAsInt());
    }
  }

  /**
   * This configuration with RITM's BRS {@code mode} as {@code get_predictor} builds it: an unset
   * {@code netClicksLimit} becomes the mode's (8 for f-BRS, 5 for input BRS); NoBRS removes BRS.
   */
  public PredictorConfig withBrs(BrsConfig config) {
    if (config.mode() == BrsMode.NO_BRS) {
      return new PredictorConfig(zoomIn, maxSize, withFlip, netClicksLimit, Optional.empty());
    }
    OptionalInt limit = netClicksLimit.isPresent() ? netClicksLimit : OptionalInt.of(config.mode().defaultNetClicksLimit());
    return new PredictorConfig(zoomIn, maxSize, withFlip, limit, Optional.of(config));
  }

  /** The BRS mode, {@link BrsMode#NO_BRS} without BRS. */
  public BrsMode brsMode() {
    return brs.map(BrsConfig::mode).orElse(BrsMode.NO_BRS);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Starts with no transform at all: the plain network on the whole image. */
  public static final class Builder {
    private Optional<ZoomIn> zoomIn = Optional.empty();
    private OptionalInt maxSize = OptionalInt.empty();
    private boolean withFlip;
    private OptionalInt netClicksLimit = OptionalInt.empty();

    private Builder() {}

    public Builder zoomIn(ZoomIn zoomIn) {
      this.zoomIn = Optional.of(zoomIn);
      return this;
    }

    public Builder maxSize(int maxSize) {
      this.maxSize = OptionalInt.of(maxSize);
      return this;
    }

    public Builder withFlip(boolean withFlip) {
      this.withFlip = withFlip;
      return this;
    }

    public Builder netClicksLimit(int limit) {
      this.netClicksLimit = OptionalInt.of(limit);
      return this;
    }

    public PredictorConfig build() {
      return new PredictorConfig(zoomIn, maxSize, withFlip, netClicksLimit);
    }
  }
}
