package org.iseg.examples.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.api.java.JavaSparkContext;
import org.iseg.api.IisModel;
import org.iseg.api.spi.IisModelProvider;
import org.iseg.api.testing.SharedData;
import org.iseg.data.DatasetViews;
import org.iseg.data.spi.DatasetProvider;
import org.iseg.engine.evaluation.EvaluationReport;
import org.iseg.engine.evaluation.Evaluator;
import org.iseg.examples.testing.CliRun;
import org.iseg.metrics.DatasetResult;
import org.iseg.metrics.Protocol;
import org.iseg.metrics.ResultsJson;
import org.iseg.metrics.SampleResult;
import org.iseg.models.compact.DefaultNetwork;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Evaluation on Spark in {@code local[2]} gives the single-machine evaluator's results on real GrabCut images with
 * the embedded default model, sharded over two partitions that load the model once each.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SparkEvaluationTest {
  /** Models made in this JVM by {@link CountingRecipe} (local mode: the executors are threads here). */
  private static final AtomicInteger LOADS = new AtomicInteger();

  @TempDir Path tmp;

  @Test
  @Order(1)
  void evaluateOnSparkWritesTheSingleMachineResults() throws Exception {
    Path root = SharedData.dataset("GrabCut").getParent();
    List<String> common = List.of("evaluate", "--datasets", "GrabCut", "--datasets-root", root.toString(),
        "--samples", "4", "--n-clicks", "3", "--eval-mode", "fixed256", "--no-flip");
    Path local = tmp.resolve("local");
    Path spark = tmp.resolve("spark");
    CliRun one = cli(common, "--workers", "1", "--out", local.toString());
    assertEquals(0, one.code(), one.err());
    CliRun two = cli(common, "--spark", "local[2]", "--out", spark.toString());
    assertEquals(0, two.code(), two.err());

    DatasetResult a = ResultsJson.read(local.resolve("GrabCut.json"));
    DatasetResult b = ResultsJson.read(spark.resolve("GrabCut.json"));
    assertEquals(4, a.samples().size());
    assertEquals(withoutTimes(a.samples()), withoutTimes(b.samples()));
    assertEquals(a.nocSummaries(), b.nocSummaries());
    assertTrue(java.util.Arrays.equals(a.miouAtClick(), b.miouAtClick()));
    // the resume log holds the same samples, so a rerun into the Spark folder has nothing left to do
    assertEquals(4, Files.readAllLines(spark.resolve("GrabCut.samples.jsonl")).size());
    // the table's figures (all but the times) are the same
    List<String> table = withoutTimes(Files.readString(local.resolve("results.txt")));
    assertTrue(table.stream().anyMatch(l -> l.contains("GrabCut") && l.contains("NoBRS")), table.toString());
    assertEquals(table, withoutTimes(Files.readString(spark.resolve("results.txt"))));
  }

  @Test
  @Order(2)
  void eachPartitionLoadsTheModelOnceAndTheDriverNone() {
    CountingRecipe recipe = new CountingRecipe(SharedData.dataset("GrabCut").toString(),
        SharedData.dataset("Berkeley").toString());
    LOADS.set(0);
    EvaluationReport local = recipe.builder().workers(1).noProgress().noTable().build().run();
    assertEquals(1, LOADS.get());

    LOADS.set(0);
    EvaluationReport distributed;
    try (JavaSparkContext spark = SparkMaster.connect("local[2]", Map.of(), Duration.ofSeconds(60))) {
      distributed = recipe.builder().runner(new SparkSampleRunner(spark, recipe, 2))
          .noProgress().noTable().build().run();
    }
    assertEquals(2, LOADS.get(), "one model per partition (samples of both datasets), none on the driver");
    for (String dataset : List.of("GrabCut", "Berkeley")) {
      DatasetResult a = local.result(dataset);
      DatasetResult b = distributed.result(dataset);
      assertEquals(3, b.samples().size());
      assertEquals(withoutTimes(a.samples()), withoutTimes(b.samples()));
      // the robot really clicked: results differ between samples
      assertNotEquals(a.samples().get(0).clicks(), a.samples().get(1).clicks());
    }
  }

  @Test
  @Order(3)
  void anUnreachableMasterFailsWithinTheTimeout() {
    long t0 = System.nanoTime();
    CliRun r = cli(List.of("evaluate", "--n-clicks", "1"), "--spark", "spark://10.255.255.1:7077", "--spark-timeout",
        "5", "--out", tmp.resolve("unreachable").toString());
    double seconds = (System.nanoTime() - t0) / 1e9;
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("spark://10.255.255.1:7077") && r.err().contains("--spark"), r.err());
    assertTrue(seconds < 30, "gave up after " + seconds + " s");
    assertFalse(Files.exists(tmp.resolve("unreachable").resolve("sample.json")), "nothing evaluated");

    CliRun none = cli(List.of("evaluate", "--n-clicks", "1"), "--spark", "--out", tmp.resolve("none").toString());
    assertEquals(2, none.code(), none.err());
    assertTrue(none.err().contains("--spark local[2]"), none.err());
  }

  @Test
  @Order(4)
  void aModelThatCannotLoadOnTheExecutorsIsReportedInOneLine() {
    // BRS needs a RITM network; the default model is refused where the partitions load it, not on the driver
    CliRun r = cli(List.of("evaluate", "--n-clicks", "1"), "--spark", "local[2]", "--mode", "f-BRS-B", "--out",
        tmp.resolve("brs").toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("iseg evaluate: a Spark executor could not evaluate its partition: the model factory"
        + " failed") && r.err().contains("Use NoBRS"), r.err());
    assertFalse(r.err().contains("Job aborted"), r.err());
  }

  /** GrabCut's and Berkeley's first three images, two clicks, the default model; counts the models it makes. */
  private record CountingRecipe(String grabcut, String berkeley) implements EvaluatorRecipe {
    @Override
    public Evaluator.Builder builder() {
      var registry = DatasetProvider.registry();
      return Evaluator.builder()
          .dataset(DatasetViews.first(registry.get("grabcut").openEvaluation(Path.of(grabcut)), 3))
          .dataset(DatasetViews.first(registry.get("berkeley").openEvaluation(Path.of(berkeley)), 3))
          .model(CountingRecipe::load)
          .modelName(DefaultNetwork.NAME)
          .protocol(Protocol.builder().maxClicks(2).build());
    }

    private static IisModel load() {
      LOADS.incrementAndGet();
      return IisModelProvider.registry().get("ritm").create(
          Map.of("name", DefaultNetwork.NAME, "mode", "fixed256", "flip", "false"));
    }
  }

  private static CliRun cli(List<String> common, String... more) {
    return CliRun.run(java.util.stream.Stream.concat(common.stream(), java.util.Arrays.stream(more))
        .toArray(String[]::new));
  }

  private static List<SampleResult> withoutTimes(List<SampleResult> samples) {
    return samples.stream().map(s -> new SampleResult(s.index(), s.id(), s.height(), s.width(), s.objectPixels(),
        s.ignorePixels(), s.clicks(), s.ious(), 0, 0, 0, s.failure())).toList();
  }

  /** The table without its SPC and Time columns (times differ from run to run). */
  private static List<String> withoutTimes(String table) {
    return table.lines().map(l -> l.replaceAll("\\|[^|]*\\|[^|]*\\|\\s*$", "|")).toList();
  }
}
