package org.iseg.engine.evaluation;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.iseg.api.Click;
import org.iseg.api.ClickHistory;
import org.iseg.api.ClickingRobot;
import org.iseg.api.IisModel;
import org.iseg.api.InteractionOptions;
import org.iseg.api.InteractionStep;
import org.iseg.api.InteractionTrace;
import org.iseg.api.Interactions;
import org.iseg.api.Mask;
import org.iseg.api.StopRule;
import org.iseg.api.spi.RobotConfig;
import org.iseg.api.spi.RobotProvider;
import org.iseg.data.EvaluationDataset;
import org.iseg.data.EvaluationSample;
import org.iseg.metrics.DatasetResult;
import org.iseg.metrics.Iou;
import org.iseg.metrics.MiouPlot;
import org.iseg.metrics.Protocol;
import org.iseg.metrics.ResultsCsv;
import org.iseg.metrics.ResultsJson;
import org.iseg.metrics.ResultsTable;
import org.iseg.metrics.SampleResult;

/**
 * RITM's NoC evaluation ({@code isegm/inference/evaluation.py}): for every sample of every dataset, a clicking
 * robot and a model interact for up to {@code maxClicks} clicks ({@link Interactions#fullInference}); the IoU of
 * the thresholded prediction ({@code p > 0.49}) with the target is recorded after every click, and the sample
 * stops once it reaches the protocol's stop IoU after at least {@code minClicks} clicks (RITM's
 * {@code iou >= max_iou_thr and click_indx + 1 >= min_clicks}), or never when the protocol runs all clicks.
 * NoC/NoF, the mIoU curve and SPC are then computed from the per-sample IoUs by {@code iseg-metrics}.
 *
 * <pre>{@code
 * EvaluationDataset grabcut = DatasetProvider.registry().get("grabcut").openEvaluation(root);
 * EvaluationReport report = Evaluator.builder()
 *     .dataset(grabcut)
 *     .model(() -> loadMyModel())          // one model per worker: models need not be thread-safe
 *     .robot("ritm")                       // the default
 *     .protocol(Protocol.ritm())           // 20 clicks, threshold 0.49, stop at IoU 0.90
 *     .workers(2)
 *     .outputDir(Path.of("runs/eval-h18"))  // resume log + GrabCut.json/.csv/-miou.png + results.txt
 *     .build()
 *     .run();
 * double noc90 = report.result("GrabCut").noc(0.90).meanNoc();
 * }</pre>
 *
 * <p><b>Workers.</b> Samples run in parallel on {@code workers} threads; each thread asks the model factory for
 * its own model once and closes it at the end. Results do not depend on the number of workers: a robot is
 * created per sample with a seed derived from the robot seed, the dataset name and the sample index.
 *
 * <p><b>Resuming.</b> With an output folder, every finished sample is appended at once as one JSON line to
 * {@code <dataset>.samples.jsonl} beside {@code <dataset>.run.json}, which records the dataset, model, robot
 * and protocol. Running again into the same folder skips the samples already there (a run with different
 * settings is refused, so results never mix).
 *
 * <p><b>Failures.</b> A model, robot or loader that throws on a sample is reported with the dataset, the
 * sample's index and id and the click it failed at; {@link FailurePolicy#FAIL} (default) stops the run with an
 * {@link EvaluationException}, {@link FailurePolicy#RECORD} records the failure and goes on (see there).
 *
 * <p><b>Timing.</b> Each sample records its interaction wall time and the time inside the model and the robot;
 * SPC is interaction time / clicks (RITM's {@code elapsed / n_clicks} with one worker) and the table's Time
 * column is this run's wall time per dataset.
 */
public final class Evaluator {
  private final List<EvaluationDataset> datasets;
  private final Supplier<? extends IisModel> modelFactory;
  private final Optional<String> modelName;
  private final String robotName;
  private final Function<RobotConfig, ClickingRobot> robotFactory;
  private final long robotSeed;
  private final Protocol protocol;
  private final String pipeline;
  private final int workers;
  private final Optional<Path> outputDir;
  private final Map<String, String> settings;
  private final boolean restart;
  private final FailurePolicy failurePolicy;
  private final Optional<PrintStream> progress;
  private final boolean progressOnTerminal;
  private final Optional<PrintStream> tableOut;
  private final boolean plots;
  private final Optional<SampleRunner> runner;

  private Evaluator(Builder b) {
    this.datasets = List.copyOf(b.datasets);
    this.modelFactory = b.modelFactory;
    this.modelName = b.modelName;
    this.robotName = b.robotName;
    this.robotFactory = b.robotFactory;
    this.robotSeed = b.robotSeed;
    this.protocol = b.protocol;
    this.pipeline = b.pipeline;
    this.workers = b.workers;
    this.outputDir = b.outputDir;
    this.settings = b.settings;
    this.restart = b.restart;
    this.failurePolicy = b.failurePolicy;
    this.progress = b.progress;
    this.progressOnTerminal = b.progressOnTerminal;
    this.tableOut = b.tableOut;
    this.plots = b.plots;
    this.runner = b.runner;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs every remaining sample, then writes the results (when an output folder is set) and prints RITM's
   * table (unless turned off).
   *
   * @throws EvaluationException when a sample fails under {@link FailurePolicy#FAIL}, or the output folder
   *     holds a different run
   */
  public EvaluationReport run() {
    // Another runner loads its models where it runs the samples; here one is needed only for its name.
    IisModel firstModel = runner.isPresent() && modelName.isPresent() ? null : createModel(0);
    String name = modelName.isPresent() ? modelName.get() : firstModel.name();
    if (runner.isPresent() && firstModel != null) {
      firstModel.close();
      firstModel = null;
    }
    List<DatasetRun> runs = new ArrayList<>();
    try {
      Set<String> stems = new HashSet<>();
      for (EvaluationDataset dataset : datasets) {
        String stem = fileStem(dataset.name());
        if (!stems.add(stem.toLowerCase(Locale.ROOT))) {
          throw new IllegalArgumentException(
              "two datasets are named '" + dataset.name() + "'; give each dataset of a run its own name");
        }
        Optional<SampleLog> log = outputDir.map(dir -> SampleLog.open(dir, stem, manifest(dataset, name), dataset,
            restart));
        runs.add(new DatasetRun(dataset, stem, log));
      }
      IisModel handedOver = firstModel;
      firstModel = null;   // from here on worker 0 owns (and closes) it
      if (runner.isPresent()) {
        executeElsewhere(runs, name);
      } else {
        execute(runs, handedOver, name);
      }
    } finally {
      if (firstModel != null) {
        firstModel.close();
      }
      runs.forEach(r -> r.log.ifPresent(SampleLog::close));
    }

    List<DatasetResult> results = new ArrayList<>();
    for (DatasetRun run : runs) {
      Map<Integer, SampleResult> all = new LinkedHashMap<>(run.log.map(SampleLog::completed).orElse(Map.of()));
      all.putAll(run.fresh);
      results.add(new DatasetResult(
          run.dataset.name(), name, pipeline, robotName, protocol, new ArrayList<>(all.values()),
          run.wallSeconds()));
    }
    String table = ResultsTable.render(results);
    outputDir.ifPresent(dir -> writeFiles(dir, runs, results, table));
    tableOut.ifPresent(out -> {
      out.println(table);
      out.flush();
    });
    return new EvaluationReport(results, table, outputDir);
  }

  private void execute(List<DatasetRun> runs, IisModel firstModel, String name) {
    ConcurrentLinkedQueue<Task> queue = new ConcurrentLinkedQueue<>();
    int resumed = 0;
    int total = 0;
    for (DatasetRun run : runs) {
      Map<Integer, SampleResult> done = run.log.map(SampleLog::completed).orElse(Map.of());
      total += run.dataset.size();
      resumed += done.size();
      for (int i = 0; i < run.dataset.size(); i++) {
        if (!done.containsKey(i)) {
          queue.add(new Task(run, i));
        }
      }
    }
    Progress bar = new Progress(progress.orElse(System.err), progress.isPresent(), progressOnTerminal);
    bar.start(total, resumed);
    int threads = Math.max(1, Math.min(workers, queue.size()));
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<Throwable> fatal = new AtomicReference<>();
    Failures failures = new Failures();
    List<Thread> pool = new ArrayList<>();
    for (int k = 0; k < threads; k++) {
      int worker = k;
      Thread t = new Thread(() -> {
        IisModel model = null;
        try {
          model = worker == 0 ? firstModel : createModel(worker);
          Task task;
          while (!stop.get() && !Thread.currentThread().isInterrupted() && (task = queue.poll()) != null) {
            task.run.started(System.nanoTime());
            SampleResult r = runSample(model, name, task.run.dataset, task.index, task.run.causes);
            task.run.ended(System.nanoTime());
            if (!accept(task.run, r, failures, bar)) {
              stop.set(true);
            }
          }
        } catch (Throwable e) {
          fatal.compareAndSet(null, e);
          stop.set(true);
        } finally {
          if (model != null) {
            try {
              model.close();
            } catch (RuntimeException e) {
              fatal.compareAndSet(null, e);
            }
          }
        }
      }, "iseg-eval-" + k);
      t.setDaemon(true);
      pool.add(t);
    }
    pool.forEach(Thread::start);
    try {
      for (Thread t : pool) {
        t.join();
      }
    } catch (InterruptedException e) {
      stop.set(true);
      pool.forEach(Thread::interrupt);
      Thread.currentThread().interrupt();
      throw new EvaluationException("evaluation interrupted; finished samples are in the output folder", e);
    } finally {
      bar.end();
    }
    throwIfStopped(name, fatal.get(), failures);
  }

  /** Runs the remaining samples through the {@link SampleRunner}, merging what it hands back as they arrive. */
  private void executeElsewhere(List<DatasetRun> runs, String name) {
    List<SampleTask> tasks = new ArrayList<>();
    int resumed = 0;
    int total = 0;
    for (int d = 0; d < runs.size(); d++) {
      DatasetRun run = runs.get(d);
      Map<Integer, SampleResult> done = run.log.map(SampleLog::completed).orElse(Map.of());
      total += run.dataset.size();
      resumed += done.size();
      for (int i = 0; i < run.dataset.size(); i++) {
        if (!done.containsKey(i)) {
          tasks.add(new SampleTask(d, run.dataset.name(), i));
          run.started(System.nanoTime());
        }
      }
    }
    Progress bar = new Progress(progress.orElse(System.err), progress.isPresent(), progressOnTerminal);
    bar.start(total, resumed);
    Failures failures = new Failures();
    Throwable fatal = null;
    try {
      if (!tasks.isEmpty()) {
        runner.orElseThrow().run(List.copyOf(tasks), (task, r) -> {
          DatasetRun run = runs.get(task.dataset());
          String expected = run.dataset.id(task.index());
          if (!r.id().equals(expected) || r.index() != task.index()) {
            // A runner elsewhere opened other data under the same name (another folder on a cluster node).
            throw new EvaluationException("the runner returned sample " + r.index() + " '" + r.id() + "' for "
                + run.dataset.name() + " sample " + task.index() + " '" + expected + "': the workers read other"
                + " data than this process; give every worker the same dataset files");
          }
          run.ended(System.nanoTime());
          return accept(run, r, failures, bar);
        });
      }
    } catch (EvaluationException e) {
      throw e;
    } catch (RuntimeException e) {
      fatal = e;
    } finally {
      bar.end();
    }
    throwIfStopped(name, fatal, failures);
  }

  /** Keeps (and logs) one finished sample; false when the run must stop (a failure under FAIL). */
  private boolean accept(DatasetRun run, SampleResult r, Failures failures, Progress bar) {
    if (r.completed() || failurePolicy == FailurePolicy.RECORD) {
      run.fresh.put(r.index(), r);
      run.log.ifPresent(l -> l.append(r));
    }
    bar.finished(r.clickCount(), r.completed());
    if (!r.completed() && failurePolicy == FailurePolicy.FAIL) {
      failures.first.compareAndSet(null, new FailedSample(run, r));
      return false;
    }
    return true;
  }

  private void throwIfStopped(String name, Throwable fatal, Failures failures) {
    String resume = outputDir.map(d -> "; finished samples are saved in " + d
        + ": run again with the same output folder to do only the rest").orElse("");
    if (fatal != null) {
      throw new EvaluationException("evaluation of model '" + name + "' stopped: " + describe(fatal) + resume,
          fatal);
    }
    FailedSample failed = failures.first.get();
    if (failed != null) {
      Throwable cause = failed.run.causes.get(failed.result.index());
      throw new EvaluationException(
          failed.result.failure().orElseThrow() + resume
              + " (or use FailurePolicy.RECORD to record failures and go on)", cause);
    }
  }

  /**
   * A worker for running single samples elsewhere (see {@link SampleRunner}): it creates one model through the
   * model factory and evaluates samples on it exactly as {@link #run()}'s worker threads do. Close it to close
   * the model.
   */
  public SampleWorker worker() {
    IisModel model = createModel(0);
    return new SampleWorker(model, modelName.orElseGet(model::name));
  }

  /**
   * One model evaluating single samples of this evaluator's datasets, with {@link #run()}'s per-sample code:
   * the robot seeded per sample, the protocol's stop rule, IoU per click, times; a sample that throws comes back
   * as a failed result naming the dataset, sample and click. Not thread-safe (one per thread, as the model).
   */
  public final class SampleWorker implements AutoCloseable {
    private final IisModel model;
    private final String name;
    private final Map<Integer, Throwable> causes = new ConcurrentHashMap<>();

    private SampleWorker(IisModel model, String name) {
      this.model = model;
      this.name = name;
    }

    /** Evaluates sample {@code index} of the evaluator's dataset number {@code dataset} (in the order added). */
    public SampleResult evaluate(int dataset, int index) {
      if (dataset < 0 || dataset >= datasets.size()) {
        throw new IndexOutOfBoundsException("dataset " + dataset + " of " + datasets.size());
      }
      causes.clear();
      return runSample(model, name, datasets.get(dataset), index, causes);
    }

    @Override
    public void close() {
      model.close();
    }
  }

  /** One sample: the interaction, its IoU after every click, times; a throw becomes a failed result. */
  private SampleResult runSample(IisModel model, String name, EvaluationDataset dataset, int index,
      Map<Integer, Throwable> causes) {
    long t0 = System.nanoTime();
    String id = "#" + index;
    EvaluationSample sample;
    try {
      id = dataset.id(index);
      sample = dataset.get(index);
    } catch (RuntimeException e) {
      causes.put(index, e);
      return SampleResult.builder(index, id).size(0, 0)
          .seconds((System.nanoTime() - t0) / 1e9, 0, 0)
          .failure("cannot load " + dataset.name() + " sample " + index + " (" + id + "): " + describe(e))
          .build();
    }
    Mask target = sample.target();
    RecordingRobot robot = new RecordingRobot(robotFactory.apply(robotConfig(dataset.name(), index)), robotName);
    IouRecorder recorder = new IouRecorder(protocol, target);
    InteractionOptions options = InteractionOptions.builder()
        .threshold(protocol.predictionThreshold())
        .stopRule(recorder)
        .build();
    SampleResult.Builder result = SampleResult.builder(index, sample.id())
        .size(target.height(), target.width())
        .target(target.area(), target.ignoredCount());
    try {
      InteractionTrace trace = Interactions.fullInference(
          model, robot, sample.image(), target, protocol.maxClicks(), options);
      long t1 = System.nanoTime();
      float[] ious = recorder.ious();
      List<InteractionStep> steps = trace.steps();
      if (ious.length != steps.size()) {
        // The stop rule was not consulted once per step: score the steps' masks directly.
        ious = new float[steps.size()];
        for (int k = 0; k < ious.length; k++) {
          ious[k] = (float) Iou.of(steps.get(k).mask(), target);
        }
      }
      return result.clicks(trace.clicks().all()).ious(ious)
          .seconds((t1 - t0) / 1e9, trace.modelNanos() / 1e9, trace.oracleNanos() / 1e9)
          .build();
    } catch (RuntimeException e) {
      causes.put(index, e);
      int click = Math.max(1, robot.clicks.size());
      return result.clicks(robot.clicks).ious(recorder.ious())
          .seconds((System.nanoTime() - t0) / 1e9, 0, robot.nanos / 1e9)
          .failure("model '" + name + "' failed on " + dataset.name() + " sample " + index + " ("
              + sample.id() + ") at click " + click + ": " + describe(e))
          .build();
    }
  }

  /** The robot of one sample: seeded from the robot seed, the dataset name and the sample index. */
  private RobotConfig robotConfig(String dataset, int index) {
    long h = robotSeed;
    h = mix(h ^ dataset.hashCode());
    h = mix(h + index);
    return RobotConfig.ofSeed(h);
  }

  /** SplitMix64's finaliser: decorrelates nearby seeds. */
  private static long mix(long z) {
    z += 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private IisModel createModel(int worker) {
    IisModel model;
    try {
      model = modelFactory.get();
    } catch (RuntimeException e) {
      throw new EvaluationException("the model factory failed for worker " + worker + ": " + describe(e), e);
    }
    if (model == null) {
      throw new EvaluationException("the model factory returned null for worker " + worker
          + "; it must create a model (one per worker)");
    }
    return model;
  }

  /** What the run is, recorded beside the resume log: a rerun must match it. */
  private String manifest(EvaluationDataset dataset, String name) {
    JsonObject o = new JsonObject();
    o.addProperty("dataset", dataset.name());
    o.addProperty("samples", dataset.size());
    o.addProperty("model", name);
    o.addProperty("pipeline", pipeline);
    o.addProperty("robot", robotName);
    o.addProperty("robotSeed", robotSeed);
    o.add("protocol", JsonParser.parseString(ResultsJson.protocolJson(protocol)));
    if (!settings.isEmpty()) {
      JsonObject s = new JsonObject();
      new java.util.TreeMap<>(settings).forEach(s::addProperty);
      o.add("settings", s);
    }
    return o.toString();
  }

  private void writeFiles(Path dir, List<DatasetRun> runs, List<DatasetResult> results, String table) {
    for (int i = 0; i < runs.size(); i++) {
      DatasetResult r = results.get(i);
      String stem = runs.get(i).stem;
      ResultsJson.write(dir.resolve(stem + ".json"), r);
      ResultsCsv.write(dir.resolve(stem + ".csv"), r);
      if (plots && !r.completed().isEmpty()) {
        MiouPlot.write(dir.resolve(stem + "-miou.png"), List.of(r));
      }
    }
    try {
      java.nio.file.Files.writeString(dir.resolve("results.txt"), table + "\n");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot write " + dir.resolve("results.txt"), e);
    }
  }

  /** A dataset name as a file name: letters, digits, '.', '-' and '_' kept, the rest '_'. */
  static String fileStem(String datasetName) {
    String stem = datasetName.replaceAll("[^A-Za-z0-9._-]", "_");
    return stem.isEmpty() || stem.startsWith(".") ? "_" + stem : stem;
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  /** One dataset of the run: its resume log, this run's results and failure causes, its wall time. */
  private static final class DatasetRun {
    final EvaluationDataset dataset;
    final String stem;
    final Optional<SampleLog> log;
    final Map<Integer, SampleResult> fresh = new ConcurrentHashMap<>();
    final Map<Integer, Throwable> causes = new ConcurrentHashMap<>();
    final AtomicLong firstStart = new AtomicLong(Long.MAX_VALUE);
    final AtomicLong lastEnd = new AtomicLong(Long.MIN_VALUE);

    DatasetRun(EvaluationDataset dataset, String stem, Optional<SampleLog> log) {
      this.dataset = dataset;
      this.stem = stem;
      this.log = log;
    }

    void started(long nanos) {
      firstStart.accumulateAndGet(nanos, Math::min);
    }

    void ended(long nanos) {
      lastEnd.accumulateAndGet(nanos, Math::max);
    }

    double wallSeconds() {
      long start = firstStart.get();
      long end = lastEnd.get();
      return start == Long.MAX_VALUE || end < start ? 0 : (end - start) / 1e9;
    }
  }

  private record Task(DatasetRun run, int index) {}

  private record FailedSample(DatasetRun run, SampleResult result) {}

  /** The first failed sample of a run under {@link FailurePolicy#FAIL}. */
  private static final class Failures {
    final AtomicReference<FailedSample> first = new AtomicReference<>();
  }

  /** Computes and keeps the IoU after every step, and stops as the protocol says. */
  private static final class IouRecorder implements StopRule {
    private final Protocol protocol;
    private final Mask target;
    private final float[] ious;
    private int count;

    IouRecorder(Protocol protocol, Mask target) {
      this.protocol = protocol;
      this.target = target;
      this.ious = new float[protocol.maxClicks()];
    }

    @Override
    public boolean shouldStop(int clicks, Mask prediction, Mask target) {
      double iou = Iou.of(prediction, this.target);
      if (count < ious.length) {
        ious[count] = (float) iou;
      }
      count++;
      return protocol.stopsAt(clicks, iou);
    }

    float[] ious() {
      return java.util.Arrays.copyOf(ious, Math.min(count, ious.length));
    }
  }

  /** Keeps the clicks placed so far (for failure reports) and requires one click per step. */
  private static final class RecordingRobot implements ClickingRobot {
    private final ClickingRobot robot;
    private final String name;
    final List<Click> clicks = new ArrayList<>();
    long nanos;

    RecordingRobot(ClickingRobot robot, String name) {
      this.robot = robot;
      this.name = name;
    }

    @Override
    public List<Click> next(Mask prediction, Mask target, ClickHistory history) {
      long t0 = System.nanoTime();
      List<Click> next = robot.next(prediction, target, history);
      nanos += System.nanoTime() - t0;
      if (next.size() != 1) {
        throw new IllegalStateException("robot '" + name + "' placed " + next.size() + " clicks at click "
            + (history.size() + 1) + "; NoC evaluation places one click per step (clicksPerStep = 1)");
      }
      clicks.addAll(next);
      return next;
    }
  }

  /** Builder for {@link Evaluator}; {@link #model} and at least one dataset are required. */
  public static final class Builder {
    private final List<EvaluationDataset> datasets = new ArrayList<>();
    private Supplier<? extends IisModel> modelFactory;
    private Optional<String> modelName = Optional.empty();
    private String robotName = "ritm";
    private Function<RobotConfig, ClickingRobot> robotFactory;
    private long robotSeed;
    private Protocol protocol = Protocol.ritm();
    private String pipeline = "NoBRS";
    private int workers = Math.max(1, Runtime.getRuntime().availableProcessors());
    private Optional<Path> outputDir = Optional.empty();
    private FailurePolicy failurePolicy = FailurePolicy.FAIL;
    private Optional<PrintStream> progress = Optional.of(System.err);
    private boolean progressOnTerminal = System.console() != null;
    private Optional<PrintStream> tableOut = Optional.of(System.out);
    private boolean plots = true;
    private Map<String, String> settings = Map.of();
    private boolean restart;
    private Optional<SampleRunner> runner = Optional.empty();

    private Builder() {}

    /**
     * Runs the samples with {@code runner} (e.g. on a cluster) instead of worker threads in this JVM; the runner
     * evaluates them with {@link Evaluator#worker()}s of an evaluator built like this one, and this evaluator
     * merges, logs and writes the results as usual. With a {@link #modelName}, no model is loaded here.
     */
    public Builder runner(SampleRunner runner) {
      this.runner = Optional.of(Objects.requireNonNull(runner, "runner"));
      return this;
    }

    /**
     * Settings the evaluator cannot see (e.g. the predictor's eval mode and flip, the model file's hash), recorded
     * in each dataset's {@code .run.json}: a rerun with other values is refused (or restarts, see {@link #restart})
     * instead of mixing results.
     */
    public Builder settings(Map<String, String> settings) {
      this.settings = Map.copyOf(settings);
      return this;
    }

    /** Discard saved results of a run with other settings instead of refusing (same-run results still resume). */
    public Builder restart(boolean restart) {
      this.restart = restart;
      return this;
    }

    /** Adds a dataset (samples run in dataset order, datasets in the order added). */
    public Builder dataset(EvaluationDataset dataset) {
      datasets.add(Objects.requireNonNull(dataset, "dataset"));
      return this;
    }

    public Builder datasets(List<? extends EvaluationDataset> more) {
      more.forEach(this::dataset);
      return this;
    }

    /** Creates one model per worker (models need not be thread-safe); required. */
    public Builder model(Supplier<? extends IisModel> factory) {
      this.modelFactory = Objects.requireNonNull(factory, "model factory");
      return this;
    }

    /** The model's name in results (default: the first model's {@link IisModel#name()}). */
    public Builder modelName(String name) {
      this.modelName = Optional.of(requireName("modelName", name));
      return this;
    }

    /** A robot from the {@link RobotProvider} registry by name (default {@code ritm}). */
    public Builder robot(String name) {
      RobotProvider provider = RobotProvider.registry().get(name);
      return robot(provider.name(), provider::create);
    }

    public Builder robot(RobotProvider provider) {
      return robot(provider.name(), provider::create);
    }

    /** A robot made by {@code factory} for each sample, named {@code name} in results. */
    public Builder robot(String name, Function<RobotConfig, ClickingRobot> factory) {
      this.robotName = requireName("robot name", name);
      this.robotFactory = Objects.requireNonNull(factory, "robot factory");
      return this;
    }

    /** Seed of the robots (each sample's robot gets a seed derived from it); default 0. */
    public Builder robotSeed(long seed) {
      this.robotSeed = seed;
      return this;
    }

    public Builder protocol(Protocol protocol) {
      this.protocol = Objects.requireNonNull(protocol, "protocol");
      return this;
    }

    /** The table's first column (RITM's "BRS type"), default {@code NoBRS}. */
    public Builder pipeline(String pipeline) {
      this.pipeline = requireName("pipeline", pipeline);
      return this;
    }

    /** Number of parallel workers (threads, each with its own model); default: available processors. */
    public Builder workers(int workers) {
      if (workers < 1) {
        throw new IllegalArgumentException("workers must be at least 1, got " + workers);
      }
      this.workers = workers;
      return this;
    }

    /** Where the resume logs and result files go; without one nothing is written and nothing resumes. */
    public Builder outputDir(Path dir) {
      this.outputDir = Optional.of(Objects.requireNonNull(dir, "outputDir"));
      return this;
    }

    public Builder failurePolicy(FailurePolicy policy) {
      this.failurePolicy = Objects.requireNonNull(policy, "failurePolicy");
      return this;
    }

    /**
     * Where the progress line goes (default standard error); rewritten in place with {@code \r} when the process
     * has a console, else one line every few percent.
     */
    public Builder progress(PrintStream out) {
      return progress(out, System.console() != null);
    }

    /** As {@link #progress(PrintStream)}, saying whether {@code out} is a terminal ({@code \r} only there). */
    public Builder progress(PrintStream out, boolean terminal) {
      this.progressOnTerminal = terminal;
      this.progress = Optional.of(Objects.requireNonNull(out, "progress stream"));
      return this;
    }

    public Builder noProgress() {
      this.progress = Optional.empty();
      return this;
    }

    /** Where RITM's table is printed at the end (default standard output). */
    public Builder printTable(PrintStream out) {
      this.tableOut = Optional.of(Objects.requireNonNull(out, "table stream"));
      return this;
    }

    public Builder noTable() {
      this.tableOut = Optional.empty();
      return this;
    }

    /** Whether to write the mIoU-per-click PNG per dataset (default true). */
    public Builder plots(boolean plots) {
      this.plots = plots;
      return this;
    }

    public Evaluator build() {
      if (datasets.isEmpty()) {
        throw new IllegalStateException("no dataset to evaluate: add one with dataset(...)");
      }
      if (modelFactory == null) {
        throw new IllegalStateException("no model: set model(() -> new MyModel()) (called once per worker)");
      }
      if (robotFactory == null) {
        robot(robotName);
      }
      return new Evaluator(this);
    }

    private static String requireName(String what, String name) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException(what + " must be a non-empty name");
      }
      return name;
    }
  }
}
