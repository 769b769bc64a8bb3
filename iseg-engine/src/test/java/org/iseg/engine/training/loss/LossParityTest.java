package org.iseg.engine.training.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Optional;
import java.util.function.BiFunction;
import org.iseg.api.testing.SharedData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Values and gradients against RITM's own losses ({@code golden/ritm-losses.npz}). */
class LossParityTest {
  private static NDManager manager;
  private static NDList golden;

  @BeforeAll
  static void load() throws IOException {
    manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
    try (InputStream in = Files.newInputStream(SharedData.golden("ritm-losses.npz"))) {
      golden = NDList.decode(manager, in);
    }
  }

  @AfterAll
  static void close() {
    if (manager != null) {
      manager.close();
    }
  }

  @Test
  void normalizedFocalLossMatchesRitm() {
    check(NormalizedFocalLoss.ritm(), "nfl_per_sample", "nfl_grad");
  }

  @Test
  void sigmoidBceMatchesRitm() {
    check(new SigmoidBinaryCrossEntropyLoss(), "bce_per_sample", "bce_grad");
  }

  @Test
  void ignoredPixelsGetNoGradientAndLossesArePositive() {
    try (NDManager m = manager.newSubManager()) {
      NDArray labels = golden.get("labels");
      for (SegmentationLoss loss : new SegmentationLoss[] {NormalizedFocalLoss.ritm(), new SigmoidBinaryCrossEntropyLoss()}) {
        NDArray logits = golden.get("logits").duplicate();
        logits.attach(m);
        float[] grad = gradient(logits, (x, y) -> loss.perSample(x, y).sum(), labels, m);
        float[] lab = labels.toFloatArray();
        int ignored = 0;
        for (int i = 0; i < lab.length; i++) {
          if (lab[i] == -1f) {
            ignored++;
            assertEquals(0f, grad[i], 0f, "gradient at ignored pixel " + i);
          }
        }
        assertEquals(200, ignored);
      }
    }
  }

  @Test
  void ritmLossCombinesInstanceAndAuxWithWeights() {
    try (NDManager m = manager.newSubManager()) {
      NDArray logits = golden.get("logits");
      NDArray labels = golden.get("labels");
      float total = RitmLoss.hrnetDefaults().total(logits, Optional.of(logits.mul(0.5f)), labels).getFloat();
      float expected =
          NormalizedFocalLoss.ritm().mean(logits, labels).getFloat()
              + 0.4f * new SigmoidBinaryCrossEntropyLoss().mean(logits.mul(0.5f), labels).getFloat();
      assertEquals(expected, total, 1e-6);
      float withoutAux = RitmLoss.hrnetDefaults().total(logits, Optional.empty(), labels).getFloat();
      assertEquals(NormalizedFocalLoss.ritm().mean(logits, labels).getFloat(), withoutAux, 1e-7);
    }
  }

  @Test
  void mismatchedShapesAreRejectedWithBothShapes() {
    try (NDManager m = manager.newSubManager()) {
      NDArray logits = m.zeros(new Shape(2, 1, 4, 4));
      NDArray labels = m.zeros(new Shape(2, 1, 4, 5));
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> NormalizedFocalLoss.ritm().perSample(logits, labels));
      assertTrue(e.getMessage().contains("(2, 1, 4, 5)"), e.getMessage());
    }
  }

  private static void check(SegmentationLoss loss, String valueKey, String gradKey) {
    try (NDManager m = manager.newSubManager()) {
      NDArray logits = golden.get("logits").duplicate();
      logits.attach(m);
      NDArray labels = golden.get("labels");
      float[] values = loss.perSample(logits, labels).toFloatArray();
      float[] expected = golden.get(valueKey).toFloatArray();
      assertEquals(3, values.length);
      for (int i = 0; i < values.length; i++) {
        assertEquals(expected[i], values[i], 1e-5, valueKey + "[" + i + "]");
      }
      float[] grad = gradient(logits, (x, y) -> loss.perSample(x, y).sum(), labels, m);
      float[] expectedGrad = golden.get(gradKey).toFloatArray();
      double maxDiff = 0;
      double maxAbs = 0;
      for (int i = 0; i < grad.length; i++) {
        maxDiff = Math.max(maxDiff, Math.abs(grad[i] - expectedGrad[i]));
        maxAbs = Math.max(maxAbs, Math.abs(expectedGrad[i]));
      }
      assertTrue(maxAbs > 1e-6, "golden gradient is not trivially zero");
      assertTrue(maxDiff <= 1e-5, gradKey + ": max |difference| " + maxDiff);
    }
  }

  private static float[] gradient(
      NDArray logits, BiFunction<NDArray, NDArray, NDArray> objective, NDArray labels, NDManager m) {
    logits.setRequiresGradient(true);
    try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
      gc.backward(objective.apply(logits, labels));
    }
    return logits.getGradient().toFloatArray();
  }
}
