package org.iseg.examples.cli;

import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.iseg.api.IisModel;
import org.iseg.api.spi.RobotProvider;
import org.iseg.data.DatasetViews;
import org.iseg.data.EvaluationDataset;
import org.iseg.data.spi.DatasetProvider;
import org.iseg.engine.evaluation.EvaluationReport;
import org.iseg.engine.evaluation.Evaluator;
import org.iseg.engine.predictors.BrsMode;
import org.iseg.examples.spark.EvaluatorRecipe;
import org.iseg.examples.spark.SparkMaster;
import org.iseg.examples.spark.SparkSampleRunner;
import org.iseg.metrics.DatasetResult;
import org.iseg.metrics.Protocol;
import org.iseg.metrics.ResultsJson;
import org.iseg.metrics.ResultsTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code iseg evaluate}: RITM's {@code scripts/evaluate_model.py} — the NoC protocol over datasets. */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = {
      "Evaluate a model with RITM's NoC protocol and print RITM's table.",
      "Writes JSON/CSV and an mIoU plot per dataset. With no --datasets it evaluates the bundled sample; with no"
          + " --checkpoint the embedded default model."
    })
final class EvaluateCommand implements Callable<Integer> {

  @Mixin ModelChoice model;

  @Option(names = "--datasets", split = ",", paramLabel = "NAME",
      description = "Comma-separated datasets (GrabCut,Berkeley,DAVIS,COCO_MVal,SBD,PascalVOC,...) under"
          + " --datasets-root. Default: the bundled sample.")
  List<String> datasets = new ArrayList<>();

  @Option(names = "--datasets-root", paramLabel = "DIR",
      description = "Folder holding one sub-folder per dataset (e.g. DIR/GrabCut). Default: ${DEFAULT-VALUE}.",
      defaultValue = "datasets")
  Path datasetsRoot;

  @Option(names = "--samples", paramLabel = "N",
      description = "Only the first N samples of each dataset (each with the seed and settings of a full run, so"
          + " with the same results as there). Default: all.")
  Optional<Integer> samples = Optional.empty();

  @Option(names = "--n-clicks", defaultValue = "20", description = "Maximum clicks per sample (default 20).")
  int nClicks;

  @Option(names = "--thresh", defaultValue = "0.49", description = "Prediction threshold (default 0.49).")
  double threshold;

  @Option(names = "--target-iou", defaultValue = "0.90",
      description = "Stop a sample at this IoU (default 0.90); see --iou-analysis.")
  double targetIou;

  @Option(names = "--iou-analysis",
      description = "Run all clicks on every sample (no early stop), for mIoU-vs-clicks curves.")
  boolean iouAnalysis;

  @Option(names = "--print-ious", description = "Print every sample's IoU after each click.")
  boolean printIous;

  @Option(names = "--eval-mode", defaultValue = "cvpr",
      description = "ZoomIn settings: cvpr (target 400, 600 on DAVIS), fixed400, fixed600, fixed<N>, none.")
  String evalMode;

  @Option(names = "--mode", defaultValue = "NoBRS",
      description = "RITM's predictor mode: NoBRS (default), RGB-BRS, DistMap-BRS, f-BRS-A, f-BRS-B, f-BRS-C"
          + " (backpropagating refinement; RITM networks only).")
  String brsMode;

  @Option(names = "--no-flip", description = "Disable horizontal-flip averaging.")
  boolean noFlip;

  @Option(names = "--clicks-limit", description = "Only the first N clicks reach the network.")
  Optional<Integer> clicksLimit = Optional.empty();

  @Option(names = "--robot", defaultValue = "ritm", completionCandidates = RobotNames.class,
      description = "Clicking robot, one of ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
  String robot;

  @Option(names = "--workers", defaultValue = "1",
      description = "Samples evaluated in parallel; each worker loads its own model (default 1). With --spark the"
          + " executors' cores decide instead.")
  int workers;

  @Option(names = "--spark", paramLabel = "MASTER", arity = "0..1", fallbackValue = "",
      description = "Run the samples on Apache Spark: local[N], spark://HOST:PORT, ...; without a value the master"
          + " spark-submit set. Each partition loads the model once; results are merged into the same files.")
  Optional<String> spark = Optional.empty();

  @Option(names = "--spark-conf", paramLabel = "KEY=VALUE",
      description = "A Spark setting (spark.executor.memory=8g, spark.jars=...); repeatable.")
  Map<String, String> sparkConf = new LinkedHashMap<>();

  @Option(names = "--spark-partitions", defaultValue = "0", paramLabel = "N",
      description = "Partitions per dataset, each loading the model once (default 0: Spark's default parallelism).")
  int sparkPartitions;

  @Option(names = "--spark-timeout", defaultValue = "60", paramLabel = "SECONDS",
      description = "How long reaching the Spark master and Spark's network calls may take (default 60).")
  int sparkTimeout;

  @Option(names = "--out", paramLabel = "DIR", description = "Results folder (resumable). Default: runs/evaluate.",
      defaultValue = "runs/evaluate")
  Path out;

  @Option(names = "--restart",
      description = "Discard results in --out that an earlier run made with other settings or another model, and"
          + " start those datasets over (without it such a run is refused, naming what differs).")
  boolean restart;

  @Option(names = "--save-vis", description = "Also write a PNG per sample and scored click into --out/vis/DATASET:"
      + " the run's clicks, the predicted mask, the ground truth's outline and the IoU scored.")
  boolean saveVis;

  @Override
  public Integer call() {
    Ranges.requireProbability("--thresh", threshold);
    Ranges.requireIou("--target-iou", targetIou);
    Ranges.requireAtLeast("--n-clicks", nClicks, 1);
    Ranges.requireAtLeast("--workers", workers, 1);
    clicksLimit.ifPresent(n -> Ranges.requireAtLeast("--clicks-limit", n, 1));
    samples.ifPresent(n -> Ranges.requireAtLeast("--samples", n, 1));
    int limit = samples.orElse(Integer.MAX_VALUE);
    BrsMode mode = BrsMode.parse(brsMode);
    Outputs.requireWritableFolder(out, "--out"); // before the first sample, not after the last
    RobotProvider robotProvider = RobotProvider.registry().get(robot);
    Protocol.Builder protocol = Protocol.builder().maxClicks(nClicks).predictionThreshold(threshold);
    protocol = iouAnalysis ? protocol.allClicks() : protocol.stopIou(targetIou);
    Protocol built = protocol.build();

    List<DatasetRef> toRun = datasetRefs(limit);
    List<DatasetResult> results = new ArrayList<>();
    ModelSource source = model.source();
    String modelLabel = source.label();
    Map<String, String> runSettings = new LinkedHashMap<>();
    runSettings.put("model-sha256", source.fingerprint());
    runSettings.put("eval-mode", evalMode);
    runSettings.put("flip", Boolean.toString(!noFlip));
    runSettings.put("clicks-limit", clicksLimit.map(String::valueOf).orElse("none"));
    if (mode != BrsMode.NO_BRS) {
      runSettings.put("brs-mode", mode.ritmName());
    }
    JavaSparkContext sparkContext = spark.map(master -> {
      Ranges.requireAtLeast("--spark-partitions", sparkPartitions, 0);
      Ranges.requireAtLeast("--spark-timeout", sparkTimeout, 1);
      return SparkMaster.connect(master, sparkConf, Duration.ofSeconds(sparkTimeout));
    }).orElse(null);
    try {
      for (DatasetRef dataset : toRun) {
        Recipe recipe = new Recipe(dataset, source, predictorOptions(mode), robotProvider.name(),
            ResultsJson.protocolJson(built), mode.ritmName(), modelLabel);
        Evaluator.Builder evaluator = recipe.builder();
        if (sparkContext != null) {
          evaluator.runner(new SparkSampleRunner(sparkContext, recipe, sparkPartitions));
        }
        EvaluationReport report = evaluator
            .workers(workers)
            .outputDir(out)
            .settings(runSettings)
            .restart(restart)
            .progress(System.err, EngineSetup.stderrIsTerminal())
            .noTable()
            .build()
            .run();
        DatasetResult result = report.results().get(0);
        results.add(result);
        if (printIous) {
          result.completed().forEach(sample -> System.out.println(sample));
        }
        if (saveVis) {
          saveVisualisations(recipe, result, built);
        }
      }
    } finally {
      if (sparkContext != null) {
        sparkContext.stop();
      }
    }
    System.out.println(ResultsTable.render(results));
    System.out.println("results: " + out.toAbsolutePath());
    return 0;
  }

  /** The datasets to run, checked here so a wrong folder is named before any model loads. */
  private List<DatasetRef> datasetRefs(int limit) {
    if (datasets.isEmpty()) {
      return List.of(new DatasetRef(null, null, limit));
    }
    List<DatasetRef> refs = new ArrayList<>();
    var registry = DatasetProvider.registry();
    for (String name : datasets) {
      Path root = datasetsRoot.resolve(name);
      if (!Files.isDirectory(root)) {
        throw new IllegalArgumentException("dataset folder " + root.toAbsolutePath() + " does not exist; pass"
            + " --datasets-root DIR where DIR/" + name + " holds the dataset");
      }
      registry.get(name.toLowerCase(Locale.ROOT));   // an unknown name fails here, listing the known ones
      refs.add(new DatasetRef(name.toLowerCase(Locale.ROOT), root.toAbsolutePath().toString(), limit));
    }
    return refs;
  }

  /** RITM's predictor settings for networks (the {@code ritm} model's options). */
  private Map<String, String> predictorOptions(BrsMode mode) {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("mode", evalMode);
    options.put("flip", Boolean.toString(!noFlip));
    clicksLimit.ifPresent(n -> options.put("clicks-limit", Integer.toString(n)));
    if (mode != BrsMode.NO_BRS) {
      options.put("brs", mode.ritmName());
    }
    return options;
  }

  /**
   * Draws the clicks the run scored, from its results (see {@link EvaluationVis}): the robot is not run again,
   * the logged clicks are replayed through the model for the masks.
   */
  private void saveVisualisations(Recipe recipe, DatasetResult result, Protocol protocol) {
    EvaluationDataset dataset = recipe.dataset.open();
    Path dir = out.resolve("vis").resolve(dataset.name().replaceAll("[^A-Za-z0-9._-]", "_"));
    try (IisModel predictor = recipe.model(dataset)) {
      int files = EvaluationVis.write(dir, dataset, result, predictor, protocol.predictionThreshold(), System.err);
      System.err.println("overlays: " + files + " in " + dir.toAbsolutePath());
    }
  }

  /**
   * A dataset by registry name and folder (no name = the bundled sample), its first {@code limit} samples, opened
   * wherever the evaluation runs.
   */
  record DatasetRef(String name, String root, int limit) implements Serializable {
    EvaluationDataset open() {
      EvaluationDataset all = name == null ? BundledSample.open()
          : DatasetProvider.registry().get(name).openEvaluation(Path.of(root));
      return limit < all.size() ? DatasetViews.first(all, limit) : all;
    }
  }

  /**
   * One dataset's evaluation as this command sets it up, built the same way here and, with --spark, on every
   * executor (so both run the one per-sample code path with the same model, robot and protocol).
   */
  record Recipe(DatasetRef dataset, ModelSource source, Map<String, String> predictorOptions, String robot,
      String protocolJson, String pipeline, String modelLabel) implements EvaluatorRecipe {
    Recipe {
      predictorOptions = Map.copyOf(predictorOptions);
    }

    @Override
    public Evaluator.Builder builder() {
      EvaluationDataset opened = dataset.open();
      return Evaluator.builder()
          .dataset(opened)
          .model(() -> model(opened))
          .modelName(modelLabel)
          .pipeline(pipeline)
          .robot(robot)
          .protocol(ResultsJson.parseProtocol(protocolJson));
    }

    /** A new model (one per worker): networks behind RITM's predictor with this dataset's settings. */
    IisModel model(EvaluationDataset opened) {
      Map<String, String> options = new LinkedHashMap<>(predictorOptions);
      options.put("dataset", opened.name());
      return source.open(options);
    }
  }

  /** The registered robots, plug-ins included, for --robot's help. */
  static final class RobotNames implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return RobotProvider.registry().names().iterator();
    }
  }
}
