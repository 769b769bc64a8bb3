package org.iseg.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The results of one model on one dataset under one {@link Protocol}: every sample's result and the figures
 * computed from them (NoC/NoF, the mIoU curve, seconds per click). Failed samples are kept and listed, but no
 * figure counts them.
 *
 * <pre>{@code
 * DatasetResult r = new DatasetResult("GrabCut", "hrnet18", "NoBRS", "ritm", Protocol.ritm(), samples, wall);
 * double noc90 = r.noc(0.90).meanNoc();
 * float[] miou = r.miouAtClick();
 * }</pre>
 *
 * @param dataset dataset name (GrabCut, Berkeley, DAVIS, ...)
 * @param model the model's name
 * @param pipeline how the model was run (RITM's "BRS type" column: NoBRS, ...)
 * @param robot the clicking robot's name
 * @param protocol the protocol the samples ran under
 * @param samples per-sample results, sorted by index on construction
 * @param wallSeconds wall time of the run over this dataset
 */
public record DatasetResult(
    String dataset,
    String model,
    String pipeline,
    String robot,
    Protocol protocol,
    List<SampleResult> samples,
    double wallSeconds) {

  /** RITM's {@code eps} in {@code get_time_metrics}. */
  private static final double EPS = 1e-8;

  public DatasetResult {
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(pipeline, "pipeline");
    Objects.requireNonNull(robot, "robot");
    Objects.requireNonNull(protocol, "protocol");
    List<SampleResult> sorted = new ArrayList<>(samples);
    sorted.sort(Comparator.comparingInt(SampleResult::index));
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).index() == sorted.get(i - 1).index()) {
        throw new IllegalArgumentException(
            dataset + ": sample index " + sorted.get(i).index() + " appears twice (" + sorted.get(i - 1).id()
                + ", " + sorted.get(i).id() + ")");
      }
    }
    for (SampleResult s : sorted) {
      if (s.clickCount() > protocol.maxClicks()) {
        throw new IllegalArgumentException(
            dataset + ": sample " + s.id() + " has " + s.clickCount() + " clicks, more than maxClicks="
                + protocol.maxClicks());
      }
    }
    samples = List.copyOf(sorted);
  }

  /** Samples that completed, in index order: what every figure is computed from. */
  public List<SampleResult> completed() {
    return samples.stream().filter(SampleResult::completed).toList();
  }

  /** Samples on which the model or robot failed. */
  public List<SampleResult> failures() {
    return samples.stream().filter(s -> !s.completed()).toList();
  }

  /** Per-sample IoU curves of the completed samples, in index order. */
  public List<float[]> curves() {
    return completed().stream().map(SampleResult::ious).toList();
  }

  /** NoC@t and NoF@t over the completed samples. */
  public NocSummary noc(double threshold) {
    return Noc.summarize(requireCompleted(), threshold, protocol.maxClicks());
  }

  /** NoC/NoF at each of the protocol's thresholds, in order. */
  public Map<Double, NocSummary> nocSummaries() {
    List<float[]> curves = requireCompleted();
    Map<Double, NocSummary> out = new LinkedHashMap<>();
    for (double t : protocol.nocThresholds()) {
      out.put(t, Noc.summarize(curves, t, protocol.maxClicks()));
    }
    return out;
  }

  /** mIoU after each of 1..maxClicks clicks (see {@link MiouCurve} for early-stopped samples). */
  public float[] miouAtClick() {
    return MiouCurve.meanIouPerClick(requireCompleted(), protocol.maxClicks());
  }

  /** Clicks placed over the completed samples. */
  public long totalClicks() {
    return completed().stream().mapToLong(SampleResult::clickCount).sum();
  }

  /** Summed interaction time of the completed samples, seconds. */
  public double sampleSeconds() {
    return completed().stream().mapToDouble(SampleResult::seconds).sum();
  }

  /**
   * Seconds per click: interaction time / clicks (RITM's {@code elapsed_time / (n_clicks + eps)}; with one
   * worker the two agree, with several this stays the per-click latency rather than the throughput).
   */
  public double secondsPerClick() {
    return sampleSeconds() / (totalClicks() + EPS);
  }

  /** Seconds per image: interaction time / completed samples (RITM's {@code mean_spi}). */
  public double secondsPerImage() {
    return sampleSeconds() / (completed().size() + EPS);
  }

  /** Wall seconds per click over the whole run: the inverse throughput with all workers. */
  public double wallSecondsPerClick() {
    return wallSeconds / (totalClicks() + EPS);
  }

  /** Seconds inside the model per click, over the completed samples. */
  public double modelSecondsPerClick() {
    return completed().stream().mapToDouble(SampleResult::modelSeconds).sum() / (totalClicks() + EPS);
  }

  private List<float[]> requireCompleted() {
    List<float[]> curves = curves();
    if (curves.isEmpty()) {
      throw new IllegalStateException(
          dataset + ": no sample completed (" + samples.size() + " failed), so no figure can be computed");
    }
    return curves;
  }
}
