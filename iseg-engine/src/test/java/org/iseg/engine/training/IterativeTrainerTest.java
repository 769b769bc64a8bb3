package org.iseg.engine.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.iseg.models.IisNetwork;
import org.junit.jupiter.api.Test;

/** A tiny ITER-M network learns one batch with RITM's iterative step: the loss goes down, reproducibly. */
class IterativeTrainerTest {
  private static final int B = 2;
  private static final int H = 48;
  private static final int W = 64;

  private static float[] run(int steps) {
    Engine.getEngine("PyTorch").setRandomSeed(11);
    try (IisNetwork net = new TinyIisNetwork();
        NDManager m = net.manager().newSubManager()) {
      Random random = new Random(5);
      float[] img = new float[B * 3 * H * W];
      for (int i = 0; i < img.length; i++) {
        img[i] = random.nextFloat();
      }
      float[] gt = new float[B * H * W];
      for (int b = 0; b < B; b++) {
        for (int r = 10 + 5 * b; r < 30 + 5 * b; r++) {
          for (int c = 15; c < 45; c++) {
            gt[(b * H + r) * W + c] = 1f;
            img[((b * 3) * H + r) * W + c] *= 0.3f; // a darker object, so there is something to learn
          }
        }
      }
      gt[5] = -1f;
      NDArray images = m.create(img, new Shape(B, 3, H, W));
      NDArray labels = m.create(gt, new Shape(B, 1, H, W));
      // 3 points per sign: one positive click in each object, the rest padding
      float[] pts = new float[B * 6 * 3];
      java.util.Arrays.fill(pts, -1f);
      pts[0] = 20;
      pts[1] = 30;
      pts[2] = 0;
      pts[18] = 25;
      pts[19] = 30;
      pts[20] = 0;
      NDArray points = m.create(pts, new Shape(B, 6, 3));
      IterativeTrainer trainer =
          new IterativeTrainer(net, IterativeTrainer.Settings.ritm().withLearningRate(2e-2f).withMaxNumNextClicks(2), 9L);
      float[] losses = new float[steps];
      for (int k = 0; k < steps; k++) {
        losses[k] = trainer.step(images, labels, points);
      }
      return losses;
    }
  }

  @Test
  void lossDecreasesOnAFixedBatchAndRunsAreReproducible() {
    float[] losses = run(30);
    for (float l : losses) {
      assertTrue(Float.isFinite(l) && l > 0, java.util.Arrays.toString(losses));
    }
    float first = (losses[0] + losses[1]) / 2;
    float last = (losses[28] + losses[29]) / 2;
    assertTrue(last < 0.8f * first, "loss should fall: " + java.util.Arrays.toString(losses));
    float[] again = run(3);
    for (int k = 0; k < 3; k++) {
      assertEquals(losses[k], again[k], 1e-4, "same seeds, same losses");
    }
  }

  @Test
  void backboneRateFollowsRitmsLrMults() {
    assertTrue(IterativeTrainer.isBackbone("feature_extractor.conv1.weight"));
    assertTrue(IterativeTrainer.isBackbone("feature_extractor.cls_head.0.weight"));
    assertTrue(!IterativeTrainer.isBackbone("feature_extractor.ocr_distri_head.object_context_block.f_pixel.0.weight"));
    assertTrue(!IterativeTrainer.isBackbone("feature_extractor.conv3x3_ocr.0.weight"));
    assertTrue(!IterativeTrainer.isBackbone("maps_transform.0.weight"));
  }
}
