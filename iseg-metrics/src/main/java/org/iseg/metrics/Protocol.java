package org.iseg.metrics;

import java.util.List;
import java.util.OptionalDouble;

/**
 * How an NoC evaluation runs and is scored (RITM's defaults): at most {@code maxClicks} clicks per sample,
 * predictions thresholded at {@code predictionThreshold} ({@code p > 0.49}), an interaction stops once its IoU
 * reaches {@code stopIou} after at least {@code minClicks} clicks (absent: every sample gets all clicks, which
 * the mIoU-per-click curve needs), and NoC/NoF are reported at {@code nocThresholds}.
 *
 * <pre>{@code
 * Protocol noc = Protocol.ritm();                          // 20 clicks, 0.49, stop at 0.90
 * Protocol curves = Protocol.builder().allClicks().build(); // 20 clicks each, for mIoU curves
 * }</pre>
 */
public record Protocol(
    int maxClicks,
    double predictionThreshold,
    OptionalDouble stopIou,
    int minClicks,
    List<Double> nocThresholds) {

  /** RITM's NoC thresholds: 0.80, 0.85, 0.90. */
  public static final List<Double> RITM_THRESHOLDS = List.of(0.80, 0.85, 0.90);

  public Protocol {
    if (maxClicks < 1) {
      throw new IllegalArgumentException("maxClicks must be at least 1, got " + maxClicks);
    }
    if (!(predictionThreshold >= 0 && predictionThreshold <= 1)) {
      throw new IllegalArgumentException(
          "predictionThreshold must lie in [0, 1], got " + predictionThreshold);
    }
    if (stopIou == null) {
      throw new NullPointerException("stopIou must not be null; use OptionalDouble.empty() for no early stop");
    }
    if (stopIou.isPresent() && !(stopIou.getAsDouble() > 0 && stopIou.getAsDouble() <= 1)) {
      throw new IllegalArgumentException("stopIou must lie in (0, 1], got " + stopIou.getAsDouble());
    }
    if (minClicks < 1 || minClicks > maxClicks) {
      throw new IllegalArgumentException(
          "minClicks must lie in [1, maxClicks=" + maxClicks + "], got " + minClicks);
    }
    if (nocThresholds == null || nocThresholds.isEmpty()) {
      throw new IllegalArgumentException("nocThresholds must name at least one IoU threshold, e.g. 0.85, 0.90");
    }
    nocThresholds = List.copyOf(nocThresholds);
    for (double t : nocThresholds) {
      if (!(t > 0 && t <= 1)) {
        throw new IllegalArgumentException("NoC threshold must lie in (0, 1], got " + t);
      }
    }
  }

  /** RITM's NoC protocol: 20 clicks, threshold 0.49, stop at IoU 0.90, NoC at 0.80/0.85/0.90. */
  public static Protocol ritm() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Whether every sample runs all {@link #maxClicks} clicks (no early stop). */
  public boolean runsAllClicks() {
    return stopIou.isEmpty();
  }

  /**
   * Whether an interaction that reached {@code iou} after {@code clicks} clicks stops here: RITM's
   * {@code iou >= max_iou_thr and click_indx + 1 >= min_clicks}. The comparison is in double precision, as in
   * RITM's {@code evaluate_sample}, where {@code get_iou} returns a float64 (only the stored IoUs, and so NoC,
   * are float32): an IoU of 0.8999999 stops nothing there even though it is 0.9 in float32.
   */
  public boolean stopsAt(int clicks, double iou) {
    return stopIou.isPresent() && clicks >= minClicks && iou >= stopIou.getAsDouble();
  }

  /** Builder for {@link Protocol}; starts at RITM's defaults. */
  public static final class Builder {
    private int maxClicks = 20;
    private double predictionThreshold = 0.49;
    private OptionalDouble stopIou = OptionalDouble.of(0.90);
    private int minClicks = 1;
    private List<Double> nocThresholds = RITM_THRESHOLDS;

    private Builder() {}

    public Builder maxClicks(int maxClicks) {
      this.maxClicks = maxClicks;
      return this;
    }

    public Builder predictionThreshold(double predictionThreshold) {
      this.predictionThreshold = predictionThreshold;
      return this;
    }

    /** Stop a sample once its IoU reaches {@code stopIou}. */
    public Builder stopIou(double stopIou) {
      this.stopIou = OptionalDouble.of(stopIou);
      return this;
    }

    /** Run every sample for all clicks (no early stop), as mIoU-per-click curves need. */
    public Builder allClicks() {
      this.stopIou = OptionalDouble.empty();
      return this;
    }

    public Builder minClicks(int minClicks) {
      this.minClicks = minClicks;
      return this;
    }

    public Builder nocThresholds(List<Double> nocThresholds) {
      this.nocThresholds = nocThresholds;
      return this;
    }

    public Protocol build() {
      return new Protocol(maxClicks, predictionThreshold, stopIou, minClicks, nocThresholds);
    }
  }
}
