package org.iseg.examples.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.iseg.api.Click;
import org.iseg.api.ClickEncoder;
import org.iseg.api.Image;
import org.iseg.api.Normalization;
import org.iseg.api.spi.ClickEncoderProvider;
import org.iseg.models.checkpoint.IsegCheckpoint;
import org.iseg.models.checkpoint.TorchCheckpoint;
import org.iseg.models.external.ClickTensors;

/**
 * Speed of checkpoint import/export and of the Java-side input encoding of external models.
 *
 * <pre>
 * java -cp ... org.iseg.examples.bench.CheckpointBenchmark [shared-dir] [repeats]
 * </pre>
 *
 * <p>{@code shared-dir} defaults to {@code -Diseg.shared.dir} or {@code ../shared}; the RITM checkpoints under
 * {@code golden/ritm-models} are read. Prints the median of {@code repeats} (default 5) runs of each step.
 */
public final class CheckpointBenchmark {
  private CheckpointBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path shared = Path.of(args.length > 0 ? args[0] : System.getProperty("iseg.shared.dir", "../shared"));
    int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Path temp = Files.createTempDirectory("iseg-bench");
    System.out.printf("%-44s %10s %14s%n", "step", "median ms", "detail");
    for (String model : List.of("hrnet18s_itermask", "hrnet18_itermask")) {
      Path pth = shared.resolve("golden/ritm-models").resolve(model).resolve("checkpoint.pth");
      if (!Files.isRegularFile(pth)) {
        System.out.println("skipped " + model + ": " + pth + " not found");
        continue;
      }
      TorchCheckpoint[] last = new TorchCheckpoint[1];
      double read = median(repeats, () -> last[0] = TorchCheckpoint.read(pth));
      long mb = Files.size(pth) >> 20;
      System.out.printf("%-44s %10.1f %14s%n", "TorchCheckpoint.read " + model, read,
          last[0].stateDict().size() + " tensors, " + mb + " MB");
      Path out = temp.resolve(model + ".safetensors");
      double write = median(repeats, () -> IsegCheckpoint.write(out, last[0].stateDict(), last[0].config()));
      System.out.printf("%-44s %10.1f %14s%n", "IsegCheckpoint.write " + model, write,
          (Files.size(out) >> 20) + " MB");
      double readBack = median(repeats, () -> IsegCheckpoint.read(out));
      System.out.printf("%-44s %10.1f%n", "IsegCheckpoint.read " + model, readBack);
    }
    int h = 320;
    int w = 480;
    Random random = new Random(0);
    List<Click> pcs = new ArrayList<>();
    List<Click> ncs = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      Click c = new Click(random.nextInt(h), random.nextInt(w), i % 2 == 0, i);
      (c.positive() ? pcs : ncs).add(c);
    }
    byte[] rgb = new byte[h * w * 3];
    random.nextBytes(rgb);
    Image image = Image.of(h, w, rgb);
    int inner = 50;
    ClickEncoder disksEncoder = ClickEncoderProvider.registry().get("ritm-disks").create(5);
    double disks = median(repeats, () -> {
      for (int i = 0; i < inner; i++) {
        disksEncoder.encode(pcs, ncs, h, w);
      }
    }) / inner;
    System.out.printf("%-44s %10.3f%n", "ritm-disks maps 320x480, 20 clicks", disks);
    double img = median(repeats, () -> {
      for (int i = 0; i < inner; i++) {
        ClickTensors.image(image, Normalization.IMAGENET, Optional.empty());
      }
    }) / inner;
    System.out.printf("%-44s %10.3f%n", "ClickTensors.image 320x480 normalised", img);
    try (var files = Files.list(temp)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Files.deleteIfExists(p);
      }
    }
    Files.deleteIfExists(temp);
  }

  private interface Step {
    void run() throws Exception;
  }

  private static double median(int repeats, Step step) throws Exception {
    step.run(); // warm-up
    double[] ms = new double[repeats];
    for (int i = 0; i < repeats; i++) {
      long t0 = System.nanoTime();
      step.run();
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(ms);
    return ms[repeats / 2];
  }
}
