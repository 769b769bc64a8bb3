package org.iseg.engine.training;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.Map;
import org.iseg.models.IisNetwork;
import org.iseg.models.IisNetworks;
import org.iseg.models.NetworkConfig;
import org.junit.jupiter.api.Test;

/** One RITM training step on a small HRNet+OCR ITER-M network: gradients reach backbone, OCR and fusion layers. */
class HrnetTrainingStepTest {

  @Test
  void oneStepUpdatesBackboneOcrAndFusionParameters() {
    Engine.getEngine("PyTorch").setRandomSeed(3);
    try (IisNetwork net = IisNetworks.create(NetworkConfig.ritm("hrnet-w8-ocr8-small"));
        NDManager m = net.manager().newSubManager()) {
      Map<String, Parameter> params = IisNetworks.parameters(net);
      String backbone = first(params, "feature_extractor.conv1.");
      // not ocr_distri_head.f_pixel: with one class its softmax runs over a single key, so RITM gives it no gradient
      String ocr = first(params, "feature_extractor.conv3x3_ocr.");
      String fusion = first(params, "maps_transform.");
      Map<String, float[]> before = Map.of(
          backbone, params.get(backbone).getArray().toFloatArray(),
          ocr, params.get(ocr).getArray().toFloatArray(),
          fusion, params.get(fusion).getArray().toFloatArray());
      int b = 2;
      int h = 32;
      int w = 48;
      float[] gt = new float[b * h * w];
      for (int i = 0; i < gt.length; i++) {
        int r = (i / w) % h;
        gt[i] = r >= 8 && r < 24 && i % w >= 12 && i % w < 36 ? 1f : 0f;
      }
      float[] pts = {16, 24, 0, -1, -1, -1, -1, -1, -1, -1, -1, -1, 16, 24, 0, -1, -1, -1, -1, -1, -1, -1, -1, -1};
      IterativeTrainer trainer =
          new IterativeTrainer(net, IterativeTrainer.Settings.ritm().withMaxNumNextClicks(1), 1L);
      float loss = trainer.step(
          m.randomUniform(0f, 1f, new Shape(b, 3, h, w)),
          m.create(gt, new Shape(b, 1, h, w)),
          m.create(pts, new Shape(b, 4, 3)));
      assertTrue(Float.isFinite(loss) && loss > 0, "loss " + loss);
      for (Map.Entry<String, float[]> e : before.entrySet()) {
        float[] after = params.get(e.getKey()).getArray().toFloatArray();
        double change = 0;
        for (int i = 0; i < after.length; i++) {
          change = Math.max(change, Math.abs(after[i] - e.getValue()[i]));
        }
        assertTrue(change > 0, e.getKey() + " did not change");
      }
    }
  }

  private static String first(Map<String, Parameter> params, String prefix) {
    return params.keySet().stream()
        .filter(k -> k.startsWith(prefix) && k.endsWith("weight") && params.get(k).requiresGradient())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no trainable parameter under " + prefix + " in " + params.keySet()));
  }
}
