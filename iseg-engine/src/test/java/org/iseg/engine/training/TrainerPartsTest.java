package org.iseg.engine.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.iseg.models.compact.CompactIisNet;
import org.iseg.api.Click;
import org.iseg.api.Mask;
import org.iseg.api.testing.SharedData;
import org.iseg.clicking.robots.TrainingClicker;
import org.iseg.clicking.sampling.MultiPointSampler;
import org.iseg.data.DatasetViews;
import org.iseg.data.RegionDataset;
import org.iseg.data.RegionSample;
import org.iseg.data.SegDataset;
import org.iseg.data.datasets.Bsds500Dataset;
import org.iseg.data.selectors.RegionSelectors;
import org.iseg.data.transforms.Transforms;
import org.iseg.engine.training.optim.LrSchedule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The trainer is built from the lower modules' parts: iseg-clicking's RITM sampler and training clicker, iseg-data's
 * selector and {@code Transforms.ritmTraining} preset; with them a run repeats exactly for a seed.
 */
class TrainerPartsTest {
  private static SegDataset images;

  @BeforeAll
  static void data() {
    SegDataset test = Bsds500Dataset.open(SharedData.dataset("BSDS500"), Bsds500Dataset.Split.TEST);
    images = DatasetViews.cached(DatasetViews.range(test, 0, 12));
  }

  private static RegionDataset regions(long seed) {
    return new RegionDataset(images, RegionSelectors.randomLayerObject(300, 0.15),
        Transforms.ritmTraining(64, 96, 0.2, 0.35), seed);
  }

  private static Trainer.Builder tiny(long seed) {
    return Trainer.builder().network(new CompactIisNet(CompactIisNet.Width.TINY), true).train(regions(3))
        .batchSize(4).samplesPerEpoch(12).epochs(1).schedule(LrSchedule.constant(3e-3)).seed(seed).workers(2)
        .log(line -> {});
  }

  @Test
  void defaultsAreRitmsSamplerAndClickerAndTheConfigIsFixedAtBuild() {
    Trainer.Builder builder = tiny(1);
    try (Trainer trainer = builder.build()) {
      Trainer.Config config = trainer.config();
      assertInstanceOf(MultiPointSampler.class, config.sampler());
      assertEquals(TrainingClicker.ritm(), config.clicker());
      assertEquals(3, config.maxIterClicks());
      builder.batchSize(2).epochs(7);
      assertEquals(4, trainer.config().batchSize(), "the builder only builds: later calls leave the trainer alone");
      assertEquals(1, trainer.config().epochs());
    }
  }

  @Test
  void initialClicksOfThePresetsSamplesLieOnTheRightSide() {
    RegionDataset ds = regions(5);
    try (Trainer trainer = tiny(1).build()) {
      int multi = 0;
      for (int i = 0; i < 24; i++) {
        RegionSample s = ds.withSeed(i).get(i % images.size());
        if (s.target().area() == 0) {
          continue;
        }
        List<Click> clicks = trainer.config().sampler().sample(s.target(), Optional.empty(), new Random(i));
        long positives = clicks.stream().filter(Click::positive).count();
        assertTrue(positives >= 1 && positives <= 24 && clicks.size() - positives <= 24, clicks.toString());
        multi += positives > 1 ? 1 : 0;
        for (Click c : clicks) {
          assertEquals(c.positive() ? Mask.OBJECT : Mask.BACKGROUND, s.target().label(c.row(), c.col()),
              c.toString());
        }
      }
      assertTrue(multi > 0, "several positive clicks are sometimes drawn");
    }
  }

  @Test
  void aSeedRepeatsTheRunExactlyAndAnotherSeedChangesIt() {
    double[] first = run(7);
    double[] again = run(7);
    double[] other = run(8);
    assertArrayEquals(first, again, "same seed: same losses and weights");
    assertNotEquals(first[0], other[0], "another seed draws other samples and clicks");
  }

  /** The epoch's training loss followed by the first trainable weights. */
  private static double[] run(long seed) {
    try (Trainer trainer = tiny(seed).build()) {
      Trainer.Result r = trainer.fit();
      List<Double> out = new ArrayList<>();
      out.add(r.epochs().get(0).trainLoss());
      for (Pair<String, Parameter> p : trainer.network().getParameters()) {
        if (p.getValue().requiresGradient()) {
          for (float v : p.getValue().getArray().toFloatArray()) {
            out.add((double) v);
          }
          break;
        }
      }
      return out.stream().mapToDouble(Double::doubleValue).toArray();
    }
  }
}
