package org.iseg.engine.training.mask2former;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.iseg.api.testing.SharedData;
import org.iseg.data.datasets.Bsds500Coco;
import org.iseg.data.datasets.Bsds500Dataset;
import org.iseg.data.datasets.CocoDataset;
import org.iseg.engine.training.TrainingException;
import org.iseg.models.checkpoint.TorchCheckpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A few real fine-tuning steps of the golden tiny Mask2Former on two BSDS500 images (crop 64, 256 points): the run
 * writes a resumable checkpoint and an EasyCV export with changed weights, and a run stopped after step 2 and resumed
 * ends where the uninterrupted run ends.
 */
class Mask2FormerFitTest {
  private static final List<String> THINGS = List.of("person", "bicycle", "car", "motorcycle", "airplane", "bus",
      "train", "truck");
  private static final List<String> STUFF = List.of("tree-merged", "sky-other-merged", "grass-merged",
      "wall-other-merged");

  private static Mask2FormerTrainer.Builder builder(Path export, CocoDataset data, Path out) {
    return Mask2FormerTrainer.builder(export, data, out).steps(3).crop(64).numPoints(256).logEvery(1)
        .checkpointEvery(10).seed(7).log(s -> { });
  }

  @Test
  void stoppedAndResumedRunEndsLikeTheUninterruptedOne(@TempDir Path dir) throws Exception {
    Path export = SharedData.golden("mask2former/checkpoint.pth");
    Path root = SharedData.dataset("BSDS500");
    Path json = dir.resolve("train.json");
    Bsds500Coco.write(Bsds500Dataset.open(root, Bsds500Dataset.Split.VAL), 0, 2,
        new Bsds500Coco.Layout(THINGS, STUFF, "person", "sky-other-merged", "grass-merged", 0.01), json);
    CocoDataset data = CocoDataset.open(json, root.resolve("images"), "train.json");

    Mask2FormerTrainer.Result straight = builder(export, data, dir.resolve("a")).build().fit();
    assertEquals(3, straight.losses().size());
    assertTrue(Files.isRegularFile(dir.resolve("a/last.ckpt")) && Files.isRegularFile(dir.resolve("a/metrics.csv")));
    float[] before = TorchCheckpoint.read(export).tensor("head.predictor.class_embed.weight").values();
    TorchCheckpoint tuned = TorchCheckpoint.read(straight.export());
    float[] after = tuned.tensor("head.predictor.class_embed.weight").values();
    assertNotEquals(before[0], after[0], "the export holds the fine-tuned weights");
    assertArrayEquals(TorchCheckpoint.read(export).tensor("backbone.bn1.weight").values(),
        tuned.tensor("backbone.bn1.weight").values(), "frozen BatchNorm stays");
    assertEquals(TorchCheckpoint.read(export).config().keySet(), tuned.config().keySet(), "same config");

    Mask2FormerTrainer.Result first = builder(export, data, dir.resolve("b")).stopAfter(2).build().fit();
    assertEquals(2, first.steps());
    Mask2FormerTrainer.Result resumed = builder(export, data, dir.resolve("b")).build().fit();
    // libtorch's multithreaded backward (scatter-adds) is not bit-repeatable: losses agree to ~1e-6, not exactly. A
    // resume that drew another crop would differ by far more; one that lost AdamW's moments would move the weights
    // by ~lr (1e-4) instead of ~1e-9.
    assertEquals(straight.losses().size(), resumed.losses().size());
    for (int i = 0; i < straight.losses().size(); i++) {
      assertEquals(straight.losses().get(i), resumed.losses().get(i), 1e-5 * straight.losses().get(i), "step " + i);
    }
    assertArrayEquals(after, TorchCheckpoint.read(resumed.export()).tensor("head.predictor.class_embed.weight")
        .values(), 1e-6f);

    TrainingException changed = assertThrows(TrainingException.class,
        () -> builder(export, data, dir.resolve("b")).lr(1e-3).build().fit());
    assertTrue(changed.getMessage().contains("lr") && changed.getMessage().contains("last.ckpt"),
        changed.getMessage());
  }
}
