package org.iseg.examples.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.iseg.api.Click;
import org.iseg.api.ClickHistory;
import org.iseg.api.ClickingRobot;
import org.iseg.api.IisModel;
import org.iseg.api.Image;
import org.iseg.api.Mask;
import org.iseg.api.Prediction;
import org.iseg.api.State;
import org.iseg.api.spi.RobotProvider;
import org.iseg.data.EvaluationDataset;
import org.iseg.data.EvaluationSample;
import org.iseg.data.spi.DatasetProvider;
import org.iseg.engine.evaluation.EvaluationReport;
import org.iseg.engine.evaluation.Evaluator;
import org.iseg.examples.annotator.ForwardingIisModel;
import org.iseg.metrics.DatasetResult;
import org.iseg.metrics.Protocol;

/**
 * How fast the evaluation runs around a model: the NoC loop with the {@code ritm} robot on a dataset with all
 * clicks, reporting total wall time, clicks per second and, per click, the model's own time apart from the time
 * outside the model (robot, thresholding, IoU, bookkeeping), split into its parts. The model is the one
 * {@code iseg evaluate} runs ({@code models} opens it: a checkpoint, or the embedded default model).
 *
 * <pre>
 * iseg bench evaluation [datasetRoot=../shared/datasets/DAVIS] [provider=davis] [workers=1] [limit=all]
 *     [clicks=20] [checkpoint=the embedded default model]
 * </pre>
 */
public final class EvaluationBenchmark {
  private EvaluationBenchmark() {}

  /**
   * Runs the benchmark; {@code models} opens a new model (one per worker, closed after use) from the optional
   * checkpoint argument for the named dataset.
   */
  public static void run(String[] args, BiFunction<Optional<String>, String, IisModel> models) {
    Path root = Path.of(args.length > 0 ? args[0] : "../shared/datasets/DAVIS");
    String provider = args.length > 1 ? args[1] : "davis";
    int workers = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    int limit = args.length > 3 && !args[3].equals("all") ? Integer.parseInt(args[3]) : Integer.MAX_VALUE;
    int clicks = args.length > 4 ? Integer.parseInt(args[4]) : 20;
    Optional<String> checkpoint = args.length > 5 ? Optional.of(args[5]) : Optional.empty();

    EvaluationDataset full = DatasetProvider.registry().get(provider).openEvaluation(root);
    AtomicLong loadNanos = new AtomicLong();
    EvaluationDataset dataset = timed(full, Math.min(limit, full.size()), loadNanos);
    AtomicLong modelNanos = new AtomicLong();
    AtomicLong robotNanos = new AtomicLong();
    AtomicLong modelCpu = new AtomicLong();
    AtomicLong robotCpu = new AtomicLong();
    RobotProvider ritm = RobotProvider.registry().get("ritm");
    Supplier<IisModel> model = () -> models.apply(checkpoint, full.name());

    // Warm-up (JIT, OpenCV native load) on a few samples, not counted.
    run(timed(full, Math.min(3, full.size()), new AtomicLong()), model, workers, clicks, ritm, new AtomicLong(),
        new AtomicLong(), new AtomicLong(), new AtomicLong());

    double load0 = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    long cpu0 = processCpuNanos();
    long t0 = System.nanoTime();
    EvaluationReport report = run(dataset, model, workers, clicks, ritm, modelNanos, robotNanos, modelCpu, robotCpu);
    double wall = (System.nanoTime() - t0) / 1e9;
    double cpu = (processCpuNanos() - cpu0) / 1e9;
    double load1 = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    DatasetResult r = report.results().get(0);
    long n = r.totalClicks();
    double interaction = r.sampleSeconds();
    double modelSeconds = modelNanos.get() / 1e9;
    double robot = robotNanos.get() / 1e9;
    double load = loadNanos.get() / 1e9;
    double outside = interaction - modelSeconds - load;
    Image first = full.get(0).image();
    System.out.printf(Locale.ROOT, "dataset %s (%d samples, first %dx%d), %d clicks/sample, %d worker(s), %d cores%n",
        r.dataset(), r.samples().size(), first.height(), first.width(), clicks, workers,
        Runtime.getRuntime().availableProcessors());
    System.out.printf(Locale.ROOT, "total wall time          %8.2f s%n", wall);
    System.out.printf(Locale.ROOT, "clicks                   %8d (%.1f clicks/s)%n", n, n / wall);
    System.out.printf(Locale.ROOT, "per click, summed over workers:%n");
    System.out.printf(Locale.ROOT, "  interaction (all)      %8.3f ms%n", 1e3 * interaction / n);
    System.out.printf(Locale.ROOT, "  model (%s)%s %8.3f ms%n", r.model(), " ".repeat(Math.max(0, 14 - r.model().length())),
        1e3 * modelSeconds / n);
    System.out.printf(Locale.ROOT, "  image+mask loading     %8.3f ms%n", 1e3 * load / n);
    System.out.printf(Locale.ROOT, "  outside model+loading  %8.3f ms  (%.0f%% of interaction)%n",
        1e3 * outside / n, 100 * outside / interaction);
    System.out.printf(Locale.ROOT, "    robot (ritm)         %8.3f ms%n", 1e3 * robot / n);
    System.out.printf(Locale.ROOT, "    threshold+IoU+rest   %8.3f ms%n", 1e3 * (outside - robot) / n);
    double mCpu = modelCpu.get() / 1e9;
    double rCpu = robotCpu.get() / 1e9;
    System.out.printf(Locale.ROOT, "per click in CPU time (less sensitive to other processes):%n");
    System.out.printf(Locale.ROOT, "  process CPU (all)      %8.3f ms%n", 1e3 * cpu / n);
    System.out.printf(Locale.ROOT, "  model                  %8.3f ms%n", 1e3 * mCpu / n);
    System.out.printf(Locale.ROOT, "  robot                  %8.3f ms%n", 1e3 * rCpu / n);
    System.out.printf(Locale.ROOT, "  outside model (incl. loading, GC, JIT) %8.3f ms%n", 1e3 * (cpu - mCpu) / n);
    System.out.printf(Locale.ROOT, "system load average %.1f before, %.1f after%n", load0, load1);
    System.out.printf(Locale.ROOT, "NoC@85 %.2f  NoC@90 %.2f  mIoU@20 %.4f%n",
        r.noc(0.85).meanNoc(), r.noc(0.90).meanNoc(), r.miouAtClick()[clicks - 1]);
  }

  private static EvaluationReport run(EvaluationDataset dataset, Supplier<IisModel> model, int workers, int clicks, RobotProvider ritm,
      AtomicLong modelNanos, AtomicLong robotNanos, AtomicLong modelCpu, AtomicLong robotCpu) {
    return Evaluator.builder()
        .dataset(dataset)
        .model(() -> new TimedModel(model.get(), modelNanos, modelCpu))
        .robot("ritm", config -> new TimedRobot(ritm.create(config), robotNanos, robotCpu))
        .protocol(Protocol.builder().maxClicks(clicks).allClicks().build())
        .workers(workers)
        .noTable()
        .build()
        .run();
  }

  private static EvaluationDataset timed(EvaluationDataset dataset, int size, AtomicLong nanos) {
    return EvaluationDataset.indexed(dataset.name(), size, dataset::id, index -> {
      long t0 = System.nanoTime();
      EvaluationSample s = dataset.get(index);
      nanos.addAndGet(System.nanoTime() - t0);
      return s;
    });
  }

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private static long processCpuNanos() {
    java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0L;
  }

  private static final class TimedModel extends ForwardingIisModel {
    private final AtomicLong nanos;
    private final AtomicLong cpu;

    TimedModel(IisModel model, AtomicLong nanos, AtomicLong cpu) {
      super(model);
      this.nanos = nanos;
      this.cpu = cpu;
    }

    @Override
    public void close() {
      delegate().close();
    }

    @Override
    public Prediction predict(Image x, State z, List<Click> pcs, List<Click> ncs) {
      long c0 = THREADS.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      Prediction p = delegate().predict(x, z, pcs, ncs);
      nanos.addAndGet(System.nanoTime() - t0);
      cpu.addAndGet(THREADS.getCurrentThreadCpuTime() - c0);
      return p;
    }
  }

  private record TimedRobot(ClickingRobot robot, AtomicLong nanos, AtomicLong cpu) implements ClickingRobot {
    @Override
    public List<Click> next(Mask prediction, Mask target, ClickHistory history) {
      long c0 = THREADS.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      List<Click> c = robot.next(prediction, target, history);
      nanos.addAndGet(System.nanoTime() - t0);
      cpu.addAndGet(THREADS.getCurrentThreadCpuTime() - c0);
      return c;
    }
  }
}
