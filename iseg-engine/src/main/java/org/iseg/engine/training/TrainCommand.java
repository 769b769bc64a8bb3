package org.iseg.engine.training;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.iseg.data.RegionDataset;
import org.iseg.data.SegDataset;
import org.iseg.data.datasets.Bsds500Dataset;
import org.iseg.models.IisNetwork;
import org.iseg.models.IisNetworks;
import org.iseg.models.compact.CompactIisNet;
import org.iseg.models.compact.CompactNetworkProvider;
import org.iseg.models.zoo.ModelFiles;

/**
 * Trains a {@link CompactIisNet} ITER-M model on BSDS500 regions (every annotator layer, random region): train
 * on the clean training view (train + val without the ids in {@code overlaps-with-test-sets.txt}) plus the test
 * split after its first {@code --val-images} images, validate on those held-out test images. Resumes from
 * {@code <out>/last.ckpt}; run it again with a larger {@code --epochs} to extend a run.
 *
 * <pre>
 * java -cp ... org.iseg.engine.training.TrainCommand --bsds /data/BSDS500 --out runs/default \
 *     --epochs 40 --samples-per-epoch 800 --batch-size 8 --crop 192x288 --scale 0.45,1.0 --width default
 * </pre>
 *
 * <p>Options: {@code --bsds DIR} (required), {@code --out DIR} (required), {@code --epochs N}, {@code
 * --samples-per-epoch N}, {@code --batch-size N}, {@code --crop HxW}, {@code --scale MIN,MAX}, {@code --width
 * default|tiny|c1,c2,c3,c4}, {@code --lr X}, {@code --min-lr X}, {@code --max-iter-clicks N}, {@code --workers
 * N}, {@code --seed N}, {@code --val-images N}, {@code --val-clicks N}, {@code --deadline ISO-INSTANT}, {@code --schedule-start ISO-INSTANT} (with a deadline: the cosine
 * schedule runs over wall-clock time from there to the deadline), {@code
 * --min-area N}, {@code --export FILE} (write the trained weights there at the end).
 */
public final class TrainCommand {
  private static final Set<String> KEYS = Set.of("bsds", "out", "epochs", "samples-per-epoch", "batch-size",
      "crop", "scale", "width", "lr", "min-lr", "max-iter-clicks", "workers", "seed", "val-images", "val-clicks",
      "deadline", "schedule-start", "min-area", "export", "log-every");

  private TrainCommand() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> o = parse(args);
    Path bsds = Path.of(required(o, "bsds"));
    Path out = Path.of(required(o, "out"));
    int epochs = Integer.parseInt(o.getOrDefault("epochs", "10"));
    int perEpoch = Integer.parseInt(o.getOrDefault("samples-per-epoch", "800"));
    int batch = Integer.parseInt(o.getOrDefault("batch-size", "8"));
    String[] crop = o.getOrDefault("crop", "192x288").toLowerCase(Locale.ROOT).split("x");
    String[] scale = o.getOrDefault("scale", "0.45,1.0").split(",");
    double lr = Double.parseDouble(o.getOrDefault("lr", "5e-4"));
    double minLr = Double.parseDouble(o.getOrDefault("min-lr", "5e-6"));
    int valImages = Integer.parseInt(o.getOrDefault("val-images", "30"));
    long seed = Long.parseLong(o.getOrDefault("seed", "1"));
    CompactIisNet.Width width = width(o.getOrDefault("width", "default"));

    SegDataset test = Bsds500Dataset.open(bsds, Bsds500Dataset.Split.TEST);
    SegDataset trainSet = DatasetViews.cached(DatasetViews.concat("BSDS500-train-clean+test[" + valImages + ":]",
        Bsds500Dataset.trainingView(bsds), DatasetViews.range(test, valImages, test.size())));
    SegDataset valSet = DatasetViews.cached(DatasetViews.range(test, 0, valImages));
    int h = Integer.parseInt(crop[0]);
    int w = Integer.parseInt(crop[1]);
    int minArea = Integer.parseInt(o.getOrDefault("min-area", "80"));
    RitmAugmentation augment = RitmAugmentation.builder().crop(h, w)
        .scaleRange(Double.parseDouble(scale[0]), Double.parseDouble(scale[1])).build();
    RitmAugmentation valAugment = RitmAugmentation.builder().crop(h, w)
        .scaleRange((Double.parseDouble(scale[0]) + Double.parseDouble(scale[1])) / 2,
            (Double.parseDouble(scale[0]) + Double.parseDouble(scale[1])) / 2)
        .flipProbability(0).colorProbability(0).build();
    RandomRegionSelector selector = new RandomRegionSelector(minArea, 0.15);
    RegionDataset train = new RegionDataset(trainSet, selector, augment, seed);
    RegionDataset val = new RegionDataset(valSet, new RandomRegionSelector(minArea * 4, 0), valAugment, seed + 1);

    CompactIisNet net = new CompactIisNet(width);
    System.out.println("training " + net + " on " + trainSet.name() + " (" + trainSet.size() + " images), "
        + "validating on " + valSet.name() + "; crop " + h + "x" + w + ", " + augment + ", out " + out);
    Trainer.Builder b = Trainer.builder()
        .network(net, true)
        .train(train)
        .validation(val, valImages)
        .validationClicks(Integer.parseInt(o.getOrDefault("val-clicks", "3")))
        .batchSize(batch)
        .epochs(epochs)
        .samplesPerEpoch(perEpoch)
        .schedule(LrSchedule.cosine(lr, minLr))
        .maxIterClicks(Integer.parseInt(o.getOrDefault("max-iter-clicks", "3")))
        .workers(Integer.parseInt(o.getOrDefault("workers", "2")))
        .seed(seed)
        .logEvery(Integer.parseInt(o.getOrDefault("log-every", "10")))
        .checkpointDir(out);
    if (o.containsKey("deadline")) {
      b.deadline(Instant.parse(o.get("deadline")));
      if (o.containsKey("schedule-start")) {
        b.timeSchedule(Instant.parse(o.get("schedule-start")), Instant.parse(o.get("deadline")));
      }
    }
    Files.createDirectories(out);
    try (Trainer trainer = b.build()) {
      Trainer.Result r = trainer.fit();
      System.out.printf(Locale.ROOT, "done: epoch %d, %d samples seen, %.0f s trained%s%n", r.lastEpoch(),
          r.samplesSeen(), r.elapsedSeconds(), r.stoppedByDeadline() ? " (stopped by the deadline)" : "");
      if (o.containsKey("export")) {
        try (IisNetwork exported = IisNetworks.withParametersOf(CompactNetworkProvider.config(width, 256),
            trainer.network())) {
          ModelFiles.save(exported, Path.of(o.get("export")));
        }
        System.out.println("network written to " + o.get("export"));
      }
    }
  }

  static CompactIisNet.Width width(String spec) {
    switch (spec) {
      case "default":
        return CompactIisNet.Width.DEFAULT;
      case "tiny":
        return CompactIisNet.Width.TINY;
      default:
        String[] c = spec.split(",");
        if (c.length != 4) {
          throw new IllegalArgumentException("--width must be default, tiny or four channel counts c1,c2,c3,c4; got "
              + spec);
        }
        return new CompactIisNet.Width(Integer.parseInt(c[0]), Integer.parseInt(c[1]), Integer.parseInt(c[2]),
            Integer.parseInt(c[3]));
    }
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> o = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --option value pairs, got '" + args[i] + "'");
      }
      String key = args[i].substring(2);
      if (!KEYS.contains(key)) {
        throw new IllegalArgumentException("unknown option --" + key + "; known: " + KEYS);
      }
      o.put(key, args[++i]);
    }
    return o;
  }

  private static String required(Map<String, String> o, String key) {
    String v = o.get(key);
    if (v == null) {
      throw new IllegalArgumentException("--" + key + " is required");
    }
    return v;
  }
}
