package org.iseg.examples.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
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
      "  evaluation  NoC loop with the toy model, time per click outside the model",
      "  model       network forward ms and GFLOP/s vs a measured GEMM peak",
      "  predictor   RITM predictor (ZoomIn, flip), s per click",
      "  training    ITER-M training steps of the compact model on BSDS500, samples/s",
      "  annotation  annotation server and overlay overhead"
    })
final class BenchCommand implements Callable<Integer> {

  private static final Map<String, Benchmark> BENCHMARKS = Map.of(
      "clicker", org.iseg.clicking.bench.RitmClickerBenchmark::main,
      "data", org.iseg.data.bench.DatasetLoadBenchmark::main,
      "checkpoint", org.iseg.models.bench.CheckpointBenchmark::main,
      "evaluation", org.iseg.engine.bench.EvaluationBenchmark::main,
      "model", org.iseg.models.bench.ModelBenchmark::main,
      "predictor", org.iseg.engine.bench.PredictorBenchmark::main,
      "training", org.iseg.engine.bench.TrainingBenchmark::main,
      "annotation", org.iseg.examples.bench.AnnotationBenchmark::main);

  @Parameters(index = "0", paramLabel = "NAME", description = "clicker, data, checkpoint, evaluation, model, predictor, training or annotation")
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

  /** A benchmark's main method. */
  @FunctionalInterface
  interface Benchmark {
    void run(String[] args) throws Exception;
  }
}
