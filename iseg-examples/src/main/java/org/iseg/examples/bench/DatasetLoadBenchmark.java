package org.iseg.examples.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.IntToLongFunction;
import org.iseg.data.EvaluationDataset;
import org.iseg.data.SegDataset;
import org.iseg.data.spi.DatasetProvider;

/**
 * How fast datasets load: samples per second for decoding every DAVIS evaluation sample (image + RITM target),
 * plus GrabCut, Berkeley and the BSDS500 training view (image + every annotator's .mat). Single thread.
 *
 * <pre>
 * java -cp ... org.iseg.examples.bench.DatasetLoadBenchmark [datasets-dir] [passes]
 * </pre>
 * The datasets folder defaults to {@code ../shared/datasets}; each figure is the best of {@code passes} (3)
 * passes after one warm-up pass.
 */
public final class DatasetLoadBenchmark {
  private DatasetLoadBenchmark() {}

  public static void main(String[] args) {
    Path root = Path.of(args.length > 0 ? args[0] : "../shared/datasets");
    int passes = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    if (!Files.isDirectory(root)) {
      System.err.println("datasets folder " + root.toAbsolutePath() + " is missing; pass it as the first argument");
      System.exit(2);
    }
    System.out.printf(Locale.ROOT, "%-22s %8s %10s %12s%n", "dataset", "samples", "open ms", "samples/s");
    evaluation("davis", root.resolve("DAVIS"), passes);
    evaluation("grabcut", root.resolve("GrabCut"), passes);
    evaluation("berkeley", root.resolve("Berkeley"), passes);
    long t0 = System.nanoTime();
    SegDataset bsds = DatasetProvider.registry().get("bsds500").open(root.resolve("BSDS500"));
    double openMs = (System.nanoTime() - t0) / 1e6;
    double best = bestRate(bsds.size(), passes, i -> bsds.get(i).mask().layerCount(), "no layers");
    System.out.printf(Locale.ROOT, "%-22s %8d %10.1f %12.1f%n", "bsds500 (train view)", bsds.size(), openMs, best);
  }

  private static void evaluation(String name, Path dir, int passes) {
    long t0 = System.nanoTime();
    EvaluationDataset dataset = DatasetProvider.registry().get(name).openEvaluation(dir);
    double openMs = (System.nanoTime() - t0) / 1e6;
    double best = bestRate(dataset.size(), passes, i -> dataset.get(i).target().area(), "empty targets");
    System.out.printf(Locale.ROOT, "%-22s %8d %10.1f %12.1f%n", name + " (evaluation)", dataset.size(), openMs, best);
  }

  /**
   * Reads samples 0..size-1 once to warm up, then {@code passes} more times: the best of those rates, samples/s.
   * {@code read} returns something of each sample, summed so the reads are not optimised away.
   */
  private static double bestRate(int size, int passes, IntToLongFunction read, String whenAllZero) {
    double best = 0;
    for (int pass = 0; pass <= passes; pass++) {
      long start = System.nanoTime();
      long sink = 0;
      for (int i = 0; i < size; i++) {
        sink += read.applyAsLong(i);
      }
      double rate = size / ((System.nanoTime() - start) / 1e9);
      if (pass > 0) {
        best = Math.max(best, rate);
      }
      if (sink == 0) {
        throw new AssertionError(whenAllZero);
      }
    }
    return best;
  }
}
