package org.iseg.examples.bench;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.iseg.data.DatasetViews;
import org.iseg.data.RegionDataset;
import org.iseg.data.SegDataset;
import org.iseg.data.datasets.Bsds500Dataset;
import org.iseg.data.selectors.RegionSelectors;
import org.iseg.data.transforms.Transforms;
import org.iseg.engine.training.Trainer;
import org.iseg.models.IisNetwork;
import org.iseg.models.IisNetworks;
import org.iseg.models.NetworkConfig;
import org.iseg.models.compact.CompactIisNet;

/**
 * Training throughput of the ITER-M {@link Trainer} on BSDS500 crops: samples per second of whole training steps
 * and where their time goes (data loading + click simulation, forward with the loss, backward, optimiser), from
 * the trainer's own {@link Trainer.StepTiming}s. The first {@code --warmup} batches are reported apart.
 *
 * <pre>
 * iseg bench training [ROOT] [--model compact|hrnet18s|...] [--crop HxW] [--batch-size N] [--batches N]
 *     [--warmup N] [--threads N] [--seed N]
 * iseg bench training ROOT [HxW] [BATCHES]          (the former positional form)
 * </pre>
 *
 * <p>CPU seconds are the whole process's (data workers included), the figure least moved by other jobs on a
 * shared machine.
 */
public final class TrainingBenchmark {
  private TrainingBenchmark() {}

  public static void main(String[] args) {
    Path root = Path.of("../shared/datasets/BSDS500");
    String model = "compact";
    String crop = "128x192";
    int batch = 8;
    int batches = 20;
    int warmup = 2;
    int threads = 0;
    long seed = 1;
    List<String> positional = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.startsWith("--") && i + 1 >= args.length) {
        throw new IllegalArgumentException(a + " needs a value");
      }
      switch (a) {
        case "--model" -> model = args[++i];
        case "--crop" -> crop = args[++i];
        case "--batch-size" -> batch = positive(a, args[++i]);
        case "--batches" -> batches = positive(a, args[++i]);
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        case "--threads" -> threads = positive(a, args[++i]);
        case "--seed" -> seed = Long.parseLong(args[++i]);
        default -> {
          if (a.startsWith("--")) {
            throw new IllegalArgumentException("unknown option " + a + "; use --model, --crop HxW, --batch-size, "
                + "--batches, --warmup, --threads, --seed");
          }
          positional.add(a);
        }
      }
    }
    if (!positional.isEmpty()) {
      root = Path.of(positional.get(0));
    }
    if (positional.size() > 1) {
      crop = positional.get(1);
    }
    if (positional.size() > 2) {
      batches = positive("BATCHES", positional.get(2));
    }
    String[] hw = crop.split("x");
    if (hw.length != 2) {
      throw new IllegalArgumentException("--crop must be HxW such as 320x480, got " + crop);
    }
    int h = positive("--crop height", hw[0]);
    int w = positive("--crop width", hw[1]);
    Engine.getEngine("PyTorch"); // loads libtorch before JniUtils is called
    if (threads > 0) {
      JniUtils.setNumThreads(threads);
    }

    SegDataset images = DatasetViews.cached(DatasetViews.range(
        Bsds500Dataset.open(root, Bsds500Dataset.Split.TEST), 0, 40));
    for (int i = 0; i < images.size(); i++) {
      images.get(i); // decode once, outside the timing
    }
    RegionDataset train = new RegionDataset(images, RegionSelectors.randomLayerObject(400, 0.15),
        Transforms.ritmTraining(h, w, 0.3, 0.8), 1);
    List<Trainer.StepTiming> steps = new ArrayList<>();
    List<Long> cpuAfter = new ArrayList<>();
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    Optional<IisNetwork> backbone = model.equalsIgnoreCase("compact") ? Optional.empty()
        : Optional.of(IisNetworks.create(NetworkConfig.ritm(model)));
    System.out.printf(Locale.ROOT, "model %s, crop %dx%d, batch %d, %d + %d warm-up batches, intra-op threads %d, "
        + "cores %d%n", model, h, w, batch, batches, warmup, JniUtils.getNumThreads(),
        Runtime.getRuntime().availableProcessors());
    long cpuStart = os.getProcessCpuTime();
    try {
      Trainer.Builder b = Trainer.builder().train(train).batchSize(batch).samplesPerEpoch(batch * (warmup + batches))
          .epochs(1).seed(seed).log(line -> {}).stepTimings(t -> {
            steps.add(t);
            cpuAfter.add(os.getProcessCpuTime());
          });
      if (backbone.isPresent()) {
        b.network(backbone.get());
      } else {
        b.network(new CompactIisNet(CompactIisNet.Width.DEFAULT), true);
      }
      try (Trainer t = b.build()) {
        t.fit();
      }
    } finally {
      backbone.ifPresent(IisNetwork::close);
    }
    if (warmup > 0) {
      report("warm-up", steps.subList(0, warmup), cpuAfter.get(warmup - 1) - cpuStart);
    }
    report("measured", steps.subList(warmup, steps.size()),
        cpuAfter.get(cpuAfter.size() - 1) - (warmup > 0 ? cpuAfter.get(warmup - 1) : cpuStart));
    System.out.printf(Locale.ROOT, "load average %.2f%n", os.getSystemLoadAverage());
  }

  private static void report(String label, List<Trainer.StepTiming> steps, long cpuNanos) {
    long data = 0;
    long click = 0;
    long forward = 0;
    long backward = 0;
    long optimizer = 0;
    long samples = 0;
    List<String> iters = new ArrayList<>();
    for (Trainer.StepTiming t : steps) {
      data += t.dataNanos();
      click += t.clickNanos();
      forward += t.forwardNanos();
      backward += t.backwardNanos();
      optimizer += t.optimizerNanos();
      samples += t.batchSize();
      iters.add(Integer.toString(t.clickIterations()));
    }
    double wall = (data + click + forward + backward + optimizer) / 1e9;
    System.out.printf(Locale.ROOT, "%s: %d batches (click iterations %s): %.3f samples/s wall, %.3f cpu-s/sample; "
        + "per sample data %.3f s, clicks %.3f s, forward %.3f s, backward %.3f s, optimizer %.3f s%n", label,
        steps.size(), String.join(",", iters), samples / wall, cpuNanos / 1e9 / samples, data / 1e9 / samples,
        click / 1e9 / samples, forward / 1e9 / samples, backward / 1e9 / samples, optimizer / 1e9 / samples);
  }

  private static int positive(String what, String value) {
    int v;
    try {
      v = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " must be a positive whole number, got " + value);
    }
    if (v <= 0) {
      throw new IllegalArgumentException(what + " must be a positive whole number, got " + value);
    }
    return v;
  }
}
