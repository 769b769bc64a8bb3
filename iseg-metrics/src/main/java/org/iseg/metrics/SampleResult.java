package org.iseg.metrics;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.iseg.api.Click;

/**
 * What one sample of an evaluation produced: its clicks, the IoU after each click (float32, as RITM stores
 * them) and the time spent; or, when the model failed on it, the failure and whatever ran before.
 *
 * <pre>{@code
 * SampleResult r = SampleResult.builder(index, "bush.jpg").size(h, w).target(objectPixels, ignorePixels)
 *     .clicks(history.all()).ious(ious).seconds(1.2, 1.0, 0.1).build();
 * int noc90 = Noc.clicksToReach(r.ious(), 0.90, 20);
 * }</pre>
 *
 * @param index the sample's position in its dataset
 * @param id the sample's id (the image file name for RITM's datasets)
 * @param height image height (0 when the sample failed to load)
 * @param width image width (0 when the sample failed to load)
 * @param objectPixels target object pixels
 * @param ignorePixels target ignore pixels
 * @param clicks the clicks placed, in order
 * @param ious IoU after each click; {@code ious.length == clicks.size()} unless the sample failed
 * @param seconds wall time of the whole interaction
 * @param modelSeconds wall time inside the model
 * @param oracleSeconds wall time inside the clicking robot
 * @param failure why the sample failed (the model or robot threw), absent when it completed
 */
public record SampleResult(
    int index,
    String id,
    int height,
    int width,
    long objectPixels,
    long ignorePixels,
    List<Click> clicks,
    float[] ious,
    double seconds,
    double modelSeconds,
    double oracleSeconds,
    Optional<String> failure) {

  public SampleResult {
    if (index < 0) {
      throw new IllegalArgumentException("sample index must be >= 0, got " + index);
    }
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(failure, "failure (use Optional.empty())");
    // A sample that failed to load has no known size (0 x 0); a completed one has a real size.
    int min = failure.isPresent() ? 0 : 1;
    if (height < min || width < min) {
      throw new IllegalArgumentException("sample " + id + " has size " + height + "x" + width);
    }
    clicks = List.copyOf(clicks);
    ious = ious.clone();
    if (failure.isEmpty() && ious.length != clicks.size()) {
      throw new IllegalArgumentException(
          "sample " + id + " has " + clicks.size() + " clicks but " + ious.length + " IoUs; need one per click");
    }
    if (failure.isEmpty() && ious.length == 0) {
      throw new IllegalArgumentException("sample " + id + " ran no click; a completed sample has at least one");
    }
    for (float iou : ious) {
      if (!(iou >= 0f && iou <= 1f)) {
        throw new IllegalArgumentException("sample " + id + " has IoU " + iou + " outside [0, 1]");
      }
    }
  }

  public static Builder builder(int index, String id) {
    return new Builder(index, id);
  }

  /** A copy of the IoU after each click. */
  @Override
  public float[] ious() {
    return ious.clone();
  }

  /** Whether the sample completed (no failure). */
  public boolean completed() {
    return failure.isEmpty();
  }

  /** Number of clicks placed. */
  public int clickCount() {
    return clicks.size();
  }

  /** IoU after the last click. */
  public float finalIou() {
    if (ious.length == 0) {
      throw new IllegalStateException("sample " + id + " has no IoU");
    }
    return ious[ious.length - 1];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SampleResult r
        && r.index == index
        && r.id.equals(id)
        && r.height == height
        && r.width == width
        && r.objectPixels == objectPixels
        && r.ignorePixels == ignorePixels
        && r.clicks.equals(clicks)
        && Arrays.equals(r.ious, ious)
        && Double.compare(r.seconds, seconds) == 0
        && Double.compare(r.modelSeconds, modelSeconds) == 0
        && Double.compare(r.oracleSeconds, oracleSeconds) == 0
        && r.failure.equals(failure);
  }

  @Override
  public int hashCode() {
    return Objects.hash(index, id, height, width, objectPixels, clicks, Arrays.hashCode(ious), failure);
  }

  @Override
  public String toString() {
    return "SampleResult[" + index + " " + id + ", " + clicks.size() + " clicks, ious=" + Arrays.toString(ious)
        + failure.map(f -> ", failed: " + f).orElse("") + "]";
  }

  /** Builder for {@link SampleResult}. */
  public static final class Builder {
    private final int index;
    private final String id;
    private int height;
    private int width;
    private long objectPixels;
    private long ignorePixels;
    private List<Click> clicks = List.of();
    private float[] ious = new float[0];
    private double seconds;
    private double modelSeconds;
    private double oracleSeconds;
    private Optional<String> failure = Optional.empty();

    private Builder(int index, String id) {
      this.index = index;
      this.id = id;
    }

    public Builder size(int height, int width) {
      this.height = height;
      this.width = width;
      return this;
    }

    public Builder target(long objectPixels, long ignorePixels) {
      this.objectPixels = objectPixels;
      this.ignorePixels = ignorePixels;
      return this;
    }

    public Builder clicks(List<Click> clicks) {
      this.clicks = clicks;
      return this;
    }

    public Builder ious(float[] ious) {
      this.ious = ious;
      return this;
    }

    public Builder seconds(double seconds, double modelSeconds, double oracleSeconds) {
      this.seconds = seconds;
      this.modelSeconds = modelSeconds;
      this.oracleSeconds = oracleSeconds;
      return this;
    }

    public Builder failure(String failure) {
      this.failure = Optional.of(failure);
      return this;
    }

    public SampleResult build() {
      return new SampleResult(
          index, id, height, width, objectPixels, ignorePixels, clicks, ious, seconds, modelSeconds,
          oracleSeconds, failure);
    }
  }
}
