package org.iseg.examples.bench;

import java.nio.file.Path;
import java.util.Locale;
import org.iseg.data.DatasetViews;
import org.iseg.data.RegionDataset;
import org.iseg.data.SegDataset;
import org.iseg.data.datasets.Bsds500Dataset;
import org.iseg.data.selectors.RegionSelectors;
import org.iseg.data.transforms.Transforms;
import org.iseg.engine.training.Trainer;
import org.iseg.models.compact.CompactIisNet;

/**
 * Training throughput of the ITER-M {@link Trainer} with a {@link CompactIisNet} on BSDS500 crops: samples per
 * second of whole training steps (data loading, 0..3 simulated clicks, forward, backward, Adam).
 *
 * <pre>
 * java -cp ... org.iseg.examples.bench.TrainingBenchmark /data/BSDS500 [crop HxW, default 128x192] [batches, default 20]
 * </pre>
 */
public final class TrainingBenchmark {
  private TrainingBenchmark() {}

  public static void main(String[] args) {
    Path root = Path.of(args.length > 0 ? args[0] : "../shared/datasets/BSDS500");
    String[] crop = (args.length > 1 ? args[1] : "128x192").split("x");
    int batches = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    int h = Integer.parseInt(crop[0]);
    int w = Integer.parseInt(crop[1]);
    SegDataset images = DatasetViews.cached(DatasetViews.range(
        Bsds500Dataset.open(root, Bsds500Dataset.Split.TEST), 0, 40));
    for (int i = 0; i < images.size(); i++) {
      images.get(i); // decode once, outside the timing
    }
    RegionDataset train = new RegionDataset(images, RegionSelectors.randomLayerObject(400, 0.15),
        Transforms.ritmTraining(h, w, 0.3, 0.8), 1);
    int batch = 8;
    for (int run = 0; run < 2; run++) {
      long t0 = System.nanoTime();
      try (Trainer t = Trainer.builder().network(new CompactIisNet(CompactIisNet.Width.DEFAULT), true).train(train)
          .batchSize(batch).samplesPerEpoch(batch * batches).epochs(1).seed(run).log(line -> {}).build()) {
        t.fit();
      }
      double s = (System.nanoTime() - t0) / 1e9;
      System.out.printf(Locale.ROOT, "%s crop %dx%d, batch %d, %d batches: %.1f s, %.2f samples/s%n",
          run == 0 ? "warm-up" : "measured", h, w, batch, batches, s, batch * batches / s);
    }
  }
}
