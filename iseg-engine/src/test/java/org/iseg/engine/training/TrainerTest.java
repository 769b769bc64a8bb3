package org.iseg.engine.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.iseg.api.Mask;
import org.iseg.api.testing.SharedData;
import org.iseg.data.DatasetViews;
import org.iseg.data.RegionDataset;
import org.iseg.data.SegDataset;
import org.iseg.data.datasets.Bsds500Dataset;
import org.iseg.data.selectors.RegionSelectors;
import org.iseg.data.transforms.Transforms;
import org.iseg.engine.training.loss.NormalizedFocalLoss;
import org.iseg.engine.training.loss.RitmLoss;
import org.iseg.engine.training.loss.SegmentationLoss;
import org.iseg.engine.training.optim.LrSchedule;
import org.iseg.models.compact.CompactIisNet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Short real training runs on a BSDS500 subset with a tiny network and small crops. */
class TrainerTest {
  private static SegDataset trainImages;
  private static SegDataset valImages;

  @BeforeAll
  static void data() {
    Path root = SharedData.dataset("BSDS500");
    SegDataset test = Bsds500Dataset.open(root, Bsds500Dataset.Split.TEST);
    // held-out images never seen in training
    trainImages = DatasetViews.cached(DatasetViews.range(test, 0, 24));
    valImages = DatasetViews.cached(DatasetViews.range(test, 100, 112));
  }

  private static RegionDataset train(long seed) {
    return new RegionDataset(trainImages, RegionSelectors.randomLayerObject(200, 0.0),
        Transforms.ritmTraining(64, 96, 0.18, 0.3), seed);
  }

  private static RegionDataset val() {
    return new RegionDataset(valImages, RegionSelectors.randomLayerObject(400, 0.0),
        Transforms.ritmValidation(64, 96, 0.24), 99);
  }

  private static Trainer.Builder tiny(Path dir, int epochs) {
    return Trainer.builder()
        .network(new CompactIisNet(CompactIisNet.Width.TINY), true)
        .train(train(5))
        .validation(val(), 12)
        .validationClicks(2)
        .batchSize(6)
        .epochs(epochs)
        .samplesPerEpoch(48)
        .schedule(LrSchedule.constant(3e-3))
        .maxIterClicks(2)
        .seed(11)
        .workers(2)
        .logEvery(1000)
        .log(line -> {})
        .checkpointDir(dir);
  }

  @Test
  void shortTrainingLowersValidationLossAndRaisesIou(@TempDir Path dir) {
    try (Trainer trainer = tiny(dir, 5).build()) {
      Trainer.Validation before = trainer.validate();
      Trainer.Result result = trainer.fit();
      Trainer.Validation after = trainer.validate();
      System.out.println("untrained " + before.loss() + " " + Arrays.toString(before.iou()) + ", trained "
          + after.loss() + " " + Arrays.toString(after.iou()));
      assertEquals(5, result.epochs().size());
      // At a constant 3e-3 the tiny network's validation loss is lowest after epoch 2 and then drifts up while
      // the training loss keeps falling and IoU keeps rising (clicking's RITM sampler, observed 0.80 -> 0.64 ->
      // 0.81): the best epoch, which best.ckpt keeps, must beat the untrained network.
      double bestVal = result.epochs().stream().mapToDouble(EpochMetrics::valLoss).min().orElseThrow();
      assertTrue(bestVal < before.loss(), "validation loss should drop: " + before.loss() + " -> best " + bestVal);
      assertTrue(result.epochs().get(4).trainLoss() < result.epochs().get(0).trainLoss(),
          "training loss should drop: " + result.epochs());
      double[] b = before.iou();
      double[] a = after.iou();
      assertTrue(a[1] > b[1] + 0.15, "IoU after 2 clicks should rise clearly: " + Arrays.toString(b) + " -> "
          + Arrays.toString(a));
      assertEquals(after.loss(), result.epochs().get(4).valLoss(), 1e-6, "fit reports the same validation");
      assertTrue(Files.isRegularFile(dir.resolve("last.ckpt")));
      assertTrue(Files.isRegularFile(dir.resolve("best.ckpt")));
      assertTrue(Files.readAllLines(dir.resolve("metrics.csv")).size() == 6);
      assertTrue(Files.readString(dir.resolve("metrics.json")).contains("\"epoch\": 5"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void resumeContinuesFromTheSavedEpochWithTheSavedWeights(@TempDir Path dir) throws Exception {
    float[] savedWeights;
    try (Trainer first = tiny(dir, 1).build()) {
      Trainer.Result r = first.fit();
      assertEquals(1, r.lastEpoch());
      savedWeights = firstWeight(first);
    }
    List<String> log = new ArrayList<>();
    try (Trainer second = tiny(dir, 2).log(log::add).build()) {
      TrainingCheckpoint.Header h = TrainingCheckpoint.readHeader(dir.resolve("last.ckpt"));
      assertEquals(1, h.epoch());
      Trainer.Result r = second.fit();
      assertTrue(log.get(0).startsWith("resumed from"), log.get(0));
      assertEquals(2, r.lastEpoch());
      assertEquals(2, r.epochs().size(), "the first epoch's metrics come from the saved CSV");
      assertEquals(96, r.samplesSeen());
      assertEquals(2, TrainingCheckpoint.readHeader(dir.resolve("last.ckpt")).epoch());
    }
    // a third run with the same target has nothing left to do and keeps the weights of epoch 2
    try (Trainer third = tiny(dir, 2).build()) {
      Trainer.Result r = third.fit();
      assertEquals(2, r.lastEpoch());
      assertTrue(!Arrays.equals(savedWeights, firstWeight(third)), "weights after epoch 2 differ from epoch 1");
    }
  }

  @Test
  void aKillBetweenTheCheckpointAndTheMetricsLosesNoRow(@TempDir Path dir) throws Exception {
    try (Trainer first = tiny(dir, 1).build()) {
      first.fit();
    }
    byte[] csvAfterOne = Files.readAllBytes(dir.resolve("metrics.csv"));
    byte[] jsonAfterOne = Files.readAllBytes(dir.resolve("metrics.json"));
    try (Trainer second = tiny(dir, 2).build()) {
      second.fit();
    }
    // as if killed right after last.ckpt of epoch 2 was renamed into place, before the metrics were written
    Files.write(dir.resolve("metrics.csv"), csvAfterOne);
    Files.write(dir.resolve("metrics.json"), jsonAfterOne);
    try (Trainer third = tiny(dir, 2).build()) {
      Trainer.Result r = third.fit();
      assertEquals(2, r.epochs().size(), "epoch 2's row comes back from the checkpoint");
    }
    List<String> csv = Files.readAllLines(dir.resolve("metrics.csv"));
    assertEquals(3, csv.size(), String.join("\n", csv));
    assertTrue(csv.get(2).startsWith("2,"), csv.get(2));
    assertTrue(Files.readString(dir.resolve("metrics.json")).contains("\"epoch\": 2"));
  }

  @Test
  void staleTemporaryFilesOfAKilledRunAreCleaned(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir);
    Path ckptTmp = Files.writeString(dir.resolve("last.ckpt8123.tmp"), "half a checkpoint");
    Path bestTmp = Files.writeString(dir.resolve("best77.tmp"), "half a copy");
    Path csvTmp = Files.writeString(dir.resolve("metrics.csv991.tmp"), "epoch");
    Path foreign = Files.writeString(dir.resolve("notes.tmp"), "not ours");
    try (Trainer t = tiny(dir, 1).build()) {
      t.fit();
    }
    assertTrue(!Files.exists(ckptTmp) && !Files.exists(bestTmp) && !Files.exists(csvTmp), "ours are gone");
    assertTrue(Files.exists(foreign), "a file the trainer never writes is kept");
    try (var files = Files.list(dir)) {
      assertEquals(1, files.filter(f -> f.toString().endsWith(".tmp")).count());
    }
  }

  @Test
  void resumeUnderChangedSettingsIsRefusedUnlessForced(@TempDir Path dir) throws Exception {
    try (Trainer first = tiny(dir, 1).settings(java.util.Map.of("crop", "64x96", "lr", "0.003")).build()) {
      first.fit();
    }
    byte[] before = Files.readAllBytes(dir.resolve("last.ckpt"));
    try (Trainer changed = tiny(dir, 2).batchSize(4).settings(java.util.Map.of("crop", "48x48", "lr", "0.003"))
        .build()) {
      TrainingException e = assertThrows(TrainingException.class, changed::fit);
      assertTrue(e.getMessage().contains("last.ckpt") && e.getMessage().contains("crop was 64x96, now 48x48")
          && e.getMessage().contains("batch-size was 6, now 4") && !e.getMessage().contains("lr was")
          && e.getMessage().contains("--force"), e.getMessage());
    }
    assertTrue(Arrays.equals(before, Files.readAllBytes(dir.resolve("last.ckpt"))), "checkpoint untouched");
    List<String> log = new ArrayList<>();
    try (Trainer forced = tiny(dir, 2).batchSize(4).settings(java.util.Map.of("crop", "48x48", "lr", "0.003"))
        .force(true).log(log::add).build()) {
      assertEquals(2, forced.fit().lastEpoch());
    }
    assertTrue(log.get(0).contains("forced") && log.get(0).contains("crop was 64x96"), log.get(0));
  }

  @Test
  void aBitFlippedCheckpointIsNotResumed(@TempDir Path dir) throws Exception {
    try (Trainer first = tiny(dir, 1).build()) {
      first.fit();
    }
    Path last = dir.resolve("last.ckpt");
    byte[] bytes = Files.readAllBytes(last);
    bytes[bytes.length * 2 / 3] ^= 0x40;
    Files.write(last, bytes);
    try (Trainer second = tiny(dir, 2).build()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, second::fit);
      assertTrue(e.getMessage().contains(last.toString()) && e.getMessage().contains("corrupt"), e.getMessage());
    }
  }

  private static float[] firstWeight(Trainer t) {
    return firstTrainable(t).getArray().toFloatArray();
  }

  private static Parameter firstTrainable(Trainer t) {
    for (Pair<String, Parameter> p : t.network().getParameters()) {
      if (p.getValue().requiresGradient()) {
        return p.getValue();
      }
    }
    throw new AssertionError("no trainable parameter");
  }

  @Test
  void emptyDatasetIsAClearError(@TempDir Path dir) {
    SegDataset none = DatasetViews.range(trainImages, 0, 0);
    try (Trainer t = tiny(dir, 1).train(new RegionDataset(none, RegionSelectors.randomLayerObject(10, 0), 1)).build()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, t::fit);
      assertTrue(e.getMessage().contains("is empty"), e.getMessage());
    }
  }

  @Test
  void selectorThatYieldsNothingIsAClearError(@TempDir Path dir) {
    RegionDataset nothing = new RegionDataset(trainImages, (mask, random) -> Mask.empty(mask.height(),
        mask.width()), Transforms.ritmTraining(64, 96, 0.75, 1.4), 1);
    try (Trainer t = tiny(dir, 1).train(nothing).maxSampleAttempts(3).build()) {
      TrainingException e = assertThrows(TrainingException.class, t::fit);
      assertTrue(e.getMessage().contains("yielded no object"), e.getMessage());
    }
  }

  @Test
  void nanLossStopsWithTheLastGoodCheckpointIntact(@TempDir Path dir) throws Exception {
    try (Trainer good = tiny(dir, 1).build()) {
      good.fit();
    }
    byte[] before = Files.readAllBytes(dir.resolve("last.ckpt"));
    SegmentationLoss nan = (logits, labels) -> logits.reshape(logits.getShape().get(0), -1).mean(new int[] {1}).mul(Float.NaN);
    try (Trainer bad = tiny(dir, 2).loss(new RitmLoss(nan, 1, Optional.empty(), 0)).build()) {
      TrainingException e = assertThrows(TrainingException.class, bad::fit);
      assertTrue(e.getMessage().contains("NaN") && e.getMessage().contains("last.ckpt"), e.getMessage());
    }
    assertTrue(Arrays.equals(before, Files.readAllBytes(dir.resolve("last.ckpt"))), "checkpoint untouched");
  }

  @Test
  void aNonFiniteGradientUnderAFiniteLossStopsBeforeTheWeightsChange(@TempDir Path dir) throws Exception {
    try (Trainer good = tiny(dir, 1).build()) {
      good.fit();
    }
    byte[] before = Files.readAllBytes(dir.resolve("last.ckpt"));
    // sqrt(0 * x) is 0, but its derivative is 0 * infinity = NaN for every logit
    SegmentationLoss flat = (logits, labels) -> logits.mul(0f).sqrt().reshape(logits.getShape().get(0), -1)
        .mean(new int[] {1});
    try (Trainer bad = tiny(dir, 2).loss(new RitmLoss(flat, 1, Optional.empty(), 0)).build()) {
      TrainingException e = assertThrows(TrainingException.class, bad::fit);
      assertTrue(e.getMessage().contains("gradients of") && e.getMessage().contains("non-finite")
          && e.getMessage().contains("last.ckpt"), e.getMessage());
    }
    assertTrue(Arrays.equals(before, Files.readAllBytes(dir.resolve("last.ckpt"))), "checkpoint untouched");
  }

  @Test
  void aFewNonFiniteStepsCanBeSkippedAndAreLoggedThenTheRunStops(@TempDir Path dir) {
    // NaN gradients on the first two steps only; the rest train normally
    int[] calls = {0};
    SegmentationLoss nfl = NormalizedFocalLoss.builder().build();
    SegmentationLoss flakyLoss = (logits, labels) -> ++calls[0] <= 2
        ? logits.mul(0f).sqrt().reshape(logits.getShape().get(0), -1).mean(new int[] {1})
        : nfl.perSample(logits, labels);
    List<String> log = new ArrayList<>();
    try (Trainer t = tiny(dir, 1).loss(new RitmLoss(flakyLoss, 1, Optional.empty(), 0)).maxSkippedSteps(2)
        .log(log::add).build()) {
      Trainer.Result r = t.fit();
      assertEquals(1, r.lastEpoch());
      assertTrue(Double.isFinite(r.epochs().get(0).valLoss()), "weights stayed finite: validation loss "
          + r.epochs().get(0).valLoss());
    }
    assertEquals(2, log.stream().filter(l -> l.contains("step skipped")).count(), String.join("\n", log));

    // the same from the start with one skip allowed: the second bad step stops the run, saying so
    calls[0] = 0;
    try (Trainer t = tiny(dir.resolve("again"), 1).loss(new RitmLoss(flakyLoss, 1, Optional.empty(), 0))
        .maxSkippedSteps(1).build()) {
      TrainingException e = assertThrows(TrainingException.class, t::fit);
      assertTrue(e.getMessage().contains("1 steps skipped already"), e.getMessage());
    }
  }

  @Test
  void stepsLeaveNoArraysBehindInTheParametersManager(@TempDir Path dir) {
    // a handle left attached to the long-lived parameter manager per parameter per step grows a run of hours by
    // millions of native handles; count what that manager holds after each step
    java.util.concurrent.atomic.AtomicReference<Trainer> trainer = new java.util.concurrent.atomic.AtomicReference<>();
    List<Integer> held = new ArrayList<>();
    try (Trainer t = tiny(dir, 1).stepTimings(s -> held.add(managedArrays(trainer.get()))).build()) {
      trainer.set(t);
      t.fit();
    }
    assertEquals(8, held.size(), "48 samples in batches of 6");
    assertEquals(held.get(1), held.get(held.size() - 1), "arrays held after each step: " + held);
  }

  private static int managedArrays(Trainer t) {
    return ((ai.djl.ndarray.BaseNDManager) firstTrainable(t).getArray().getManager()).getManagedArrays().size();
  }

  @Test
  void samplesOfDifferentSizesCannotShareABatch(@TempDir Path dir) {
    RegionDataset uncropped = new RegionDataset(trainImages, RegionSelectors.randomLayerObject(200, 0), 1);
    try (Trainer t = tiny(dir, 1).train(uncropped).build()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, t::fit);
      assertTrue(e.getMessage().contains("crop"), e.getMessage());
    }
  }

  @Test
  void pointsPadWithMinusOneAndPutPositivesFirst() {
    try (NDManager m = NDManager.newBaseManager(Engine.getEngine("PyTorch").getEngineName())) {
      var pos = List.of(List.of(org.iseg.api.Click.positive(3, 4, 0), org.iseg.api.Click.positive(5, 6, 2)));
      var neg = List.of(List.of(org.iseg.api.Click.negative(7, 8, 1)));
      NDArray p = Trainer.points(m, pos, neg);
      assertEquals(new ai.djl.ndarray.types.Shape(1, 4, 3), p.getShape());
      assertTrue(Arrays.equals(new float[] {3, 4, 0, 5, 6, 2, 7, 8, 1, -1, -1, -1}, p.toFloatArray()));
      NDArray disks = CompactIisNet.disks(p, 12, 12, 1.5f);
      float[] d = disks.toFloatArray();
      assertEquals(1f, d[3 * 12 + 4]);        // positive disk at (3, 4)
      assertEquals(0f, d[7 * 12 + 8]);        // not at the negative click
      assertEquals(1f, d[144 + 7 * 12 + 8]);  // negative disk at (7, 8)
      assertEquals(DataType.FLOAT32, disks.getDataType());
    }
  }
}
