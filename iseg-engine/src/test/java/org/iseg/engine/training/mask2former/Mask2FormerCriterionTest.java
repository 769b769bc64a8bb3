package org.iseg.engine.training.mask2former;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The criterion on small synthetic cases whose answers are known without a reference. */
class Mask2FormerCriterionTest {
  private static final int H = 8;
  private static final int W = 8;
  private static final Mask2FormerCriterion SMALL =
      new Mask2FormerCriterion(2, new MaskHungarianMatcher(2, 5, 5, 400), 0.1, 400, 3.0, 0.75, 2, 5, 5);

  /** Two targets: left half (class 0) and right half (class 1), target masks at 2x the prediction size. */
  private static MaskSetTarget halves() {
    float[] masks = new float[2 * 16 * 16];
    for (int y = 0; y < 16; y++) {
      for (int x = 0; x < 16; x++) {
        masks[(x < 8 ? 0 : 1) * 256 + y * 16 + x] = 1;
      }
    }
    return new MaskSetTarget(new int[] {1, 0}, masks, 16, 16);
  }

  /**
   * 3 queries: query 0 says "no object", query 1 the right half as class 0, query 2 the left half as class 1;
   * {@code sharp} scales the logits.
   */
  private static MaskSetPrediction prediction(NDManager m, float sharp) {
    float[] cls = new float[3 * 3];
    cls[2] = sharp; // query 0: no-object
    cls[3] = sharp; // query 1: class 0
    cls[3 + 3 + 1] = sharp; // query 2: class 1
    float[] masks = new float[3 * H * W];
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        masks[y * W + x] = -sharp;
        masks[H * W + y * W + x] = x < W / 2 ? -sharp : sharp;
        masks[2 * H * W + y * W + x] = x < W / 2 ? sharp : -sharp;
      }
    }
    NDArray c = m.create(cls, new Shape(1, 3, 3));
    NDArray k = m.create(masks, new Shape(1, 3, H, W));
    c.setRequiresGradient(true);
    k.setRequiresGradient(true);
    return new MaskSetPrediction(c, k);
  }

  @Test
  void matchesEachTargetToTheQueryThatPredictsIt() {
    try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      Mask2FormerLosses losses = SMALL.compute(List.of(prediction(m, 10)), List.of(halves()), PointDraws.seeded(1));
      MaskMatching match = losses.layers().get(0).matchings().get(0);
      assertArrayEquals(new int[] {1, 2}, match.queries());
      assertArrayEquals(new int[] {1, 0}, match.targets());
      assertEquals(2f, losses.numMasks());
      Mask2FormerLayerLoss layer = losses.layers().get(0);
      assertTrue(layer.classLoss().getFloat() < 1e-3, "confident right classes: " + layer.classLoss().getFloat());
      // Mask losses are small but not 0: importance sampling puts 3/4 of the points where the bilinear logits
      // are near 0 (the halves' boundary, and the map border, where grid_sample mixes in zeros).
      assertTrue(layer.maskLoss().getFloat() < 0.5, "mask loss " + layer.maskLoss().getFloat());
      assertTrue(layer.diceLoss().getFloat() < 0.25, "dice loss " + layer.diceLoss().getFloat());
      // Sharper predictions lose less.
      Mask2FormerLosses blurred = SMALL.compute(List.of(prediction(m, 1)), List.of(halves()), PointDraws.seeded(1));
      assertTrue(blurred.total().getFloat() > losses.total().getFloat());
    }
  }

  @Test
  void deepSupervisionAddsSuffixedTermsAndTheSameSeedGivesTheSameLosses() {
    try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      List<MaskSetPrediction> predictions = List.of(prediction(m, 3), prediction(m, 2), prediction(m, 1));
      Mask2FormerLosses a = SMALL.compute(predictions, List.of(halves()), PointDraws.seeded(7));
      Mask2FormerLosses b = SMALL.compute(predictions, List.of(halves()), PointDraws.seeded(7));
      assertEquals(
          List.of("loss_ce", "loss_mask", "loss_dice", "loss_ce_0", "loss_mask_0", "loss_dice_0", "loss_ce_1", "loss_mask_1", "loss_dice_1"),
          List.copyOf(a.weighted().keySet()));
      assertEquals(a.total().getFloat(), b.total().getFloat());
      float sum = 0;
      for (Mask2FormerLayerLoss l : a.layers()) {
        sum += 2 * l.classLoss().getFloat() + 5 * l.maskLoss().getFloat() + 5 * l.diceLoss().getFloat();
      }
      assertEquals(sum, a.total().getFloat(), 1e-4 * sum);
    }
  }

  @Test
  void noTargetsTrainsEveryQueryTowardsNoObject() {
    try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      MaskSetPrediction p = prediction(m, 2);
      MaskSetTarget none = new MaskSetTarget(new int[0], new float[0], 16, 16);
      try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
        Mask2FormerLosses losses = SMALL.compute(List.of(p), List.of(none), PointDraws.seeded(3));
        assertEquals(1f, losses.numMasks());
        assertEquals(0f, losses.layers().get(0).maskLoss().getFloat());
        gc.backward(losses.total());
      }
      float[] g = p.classLogits().getGradient().toFloatArray();
      // Queries 1 and 2 predict a class: the gradient raises their no-object logit (negative gradient).
      assertTrue(g[3 + 2] < 0 && g[6 + 2] < 0);
      for (float v : p.maskLogits().getGradient().toFloatArray()) {
        assertEquals(0f, Math.abs(v));
      }
    }
  }

  @Test
  void aBatchIsMatchedPerImageAndNormalisedByAllTargets() {
    try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      MaskSetPrediction one = prediction(m, 10);
      MaskSetPrediction two =
          new MaskSetPrediction(
              one.classLogits().concat(one.classLogits()),
              one.maskLogits().concat(one.maskLogits()));
      MaskSetTarget leftOnly = new MaskSetTarget(new int[] {1}, java.util.Arrays.copyOf(halves().masks(), 256), 16, 16);
      Mask2FormerLosses losses = SMALL.compute(List.of(two), List.of(halves(), leftOnly), PointDraws.seeded(5));
      assertEquals(3f, losses.numMasks());
      assertArrayEquals(new int[] {1, 2}, losses.layers().get(0).matchings().get(0).queries());
      assertArrayEquals(new int[] {2}, losses.layers().get(0).matchings().get(1).queries());
      assertEquals(3, losses.layers().get(0).uncertainIndex().length);
      assertThrows(
          IllegalArgumentException.class,
          () -> SMALL.compute(List.of(two), List.of(halves()), PointDraws.seeded(5)));
    }
  }

  @Test
  void seededDrawsAreUniformInTheUnitSquareAndRepeatable() {
    float[] a = PointDraws.seeded(11).uniform(3, 1000);
    float[] b = PointDraws.seeded(11).uniform(3, 1000);
    assertArrayEquals(a, b);
    assertEquals(6000, a.length);
    double mean = 0;
    for (float v : a) {
      assertTrue(v >= 0 && v < 1);
      mean += v / a.length;
    }
    assertEquals(0.5, mean, 0.02);
  }
}
