package org.iseg.examples.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.iseg.api.IisModel;
import org.iseg.examples.bench.AnnotationBenchmark;
import org.iseg.examples.bench.CheckpointBenchmark;
import org.iseg.examples.bench.DatasetLoadBenchmark;
import org.iseg.examples.bench.Mask2FormerBenchmark;
import org.iseg.examples.bench.EvaluationBenchmark;
import org.iseg.examples.bench.ModelBenchmark;
import org.iseg.examples.bench.PredictorBenchmark;
import org.iseg.examples.bench.RitmClickerBenchmark;
import org.iseg.examples.bench.TrainingBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code iseg bench NAME [ARGS...]}: the benchmarks of every module in one place; each prints its figures. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Run a benchmark; arguments after NAME go to it (see README).",
      "  clicker     RITM robot, ms per next click",
      "  data        dataset loading, samples/s",
      "  checkpoint  .pth import",
      "  evaluation  NoC loop, time per click outside the model (default: the embedded model)",
      "  model       network forward ms and GFLOP/s vs a measured GEMM peak",
      "  mask2former Mask2Former forward s at 800x1344 (an EasyCV export, --r50 random weights)",
      "  predictor   RITM predictor (ZoomIn, flip; --mode f-BRS-B,... for BRS next to NoBRS), s per click",
      "  training    ITER-M training steps on BSDS500 (--model compact|hrnet18s ...), samples/s",
      "  annotation  annotation server and overlay overhead"
    })
final class BenchCommand implements Callable<Integer> {

  private static final Map<String, Benchmark> BENCHMARKS = Map.of(
      "clicker", RitmClickerBenchmark::main,
      "data", DatasetLoadBenchmark::main,
      "checkpoint", CheckpointBenchmark::main,
      "evaluation", args -> EvaluationBenchmark.run(args, BenchCommand::evaluatedModel),
      "model", ModelBenchmark::main,
      "mask2former", Mask2FormerBenchmark::main,
      "predictor", PredictorBenchmark::main,
      "training", TrainingBenchmark::main,
      "annotation", AnnotationBenchmark::main);

  @Parameters(index = "0", paramLabel = "NAME", description = "clicker, data, checkpoint, evaluation, model, mask2former, predictor, training or annotation")
  String name;

  @Parameters(index = "1..*", paramLabel = "ARG", description = "Arguments passed to the benchmark.")
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    Benchmark bench = BENCHMARKS.get(name);
    if (bench == null) {
      throw new IllegalArgumentException(
          "unknown benchmark '" + name + "'; available: " + String.join(", ", BENCHMARKS.keySet().stream().sorted().toList()));
    }
    bench.run(args.toArray(String[]::new));
    return 0;
  }

  /**
   * The model {@code iseg evaluate} runs with its defaults (RITM's predictor, eval-mode cvpr, flip averaging) over
   * {@code checkpoint}, or over the embedded default model when there is none.
   */
  static IisModel evaluatedModel(Optional<String> checkpoint, String datasetName) {
    ModelChoice choice = new ModelChoice();
    choice.checkpoint = checkpoint;
    return choice.predictor(Map.of("mode", "cvpr", "dataset", datasetName, "flip", "true"));
  }

  /** A benchmark's main method. */
  @FunctionalInterface
  interface Benchmark {
    void run(String[] args) throws Exception;
  }
}
