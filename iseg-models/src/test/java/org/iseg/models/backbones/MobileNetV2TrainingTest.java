package org.iseg.models.backbones;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.iseg.api.Normalization;
import org.iseg.models.IisNetwork;
import org.iseg.models.IisNetworks;
import org.iseg.models.NetworkConfig;
import org.iseg.models.fusion.Fusion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One ITER-M training step of the {@code mobilenetv2} network (as {@code ./iseg train --model mobilenetv2} builds
 * it): the loss reaches the encoder, the decoder and the click fusion, and a step changes them. The network answers
 * at full resolution, so its logits pass through the identity case of {@code Ops.resizeBilinearAlignCorners}, which
 * once detached them ({@code element 0 of tensors does not require grad and does not have a grad_fn}).
 */
class MobileNetV2TrainingTest {
  private static final String FE = "feature_extractor.";

  @ParameterizedTest
  @EnumSource(Fusion.class)
  void aTrainingStepReachesEncoderDecoderAndFusionAndChangesThem(Fusion fusion) {
    try (IisNetwork net = IisNetworks.create(NetworkConfig.builder("mobilenetv2").fusion(fusion)
            .normalization(Normalization.NONE).build());
        NDManager m = net.manager().newSubManager()) {
      Map<String, Parameter> params = IisNetworks.parameters(net);
      Map<String, Predicate<String>> groups = new LinkedHashMap<>();
      groups.put("encoder", n -> n.startsWith(FE + "encoder."));
      groups.put("decoder", n -> n.startsWith(FE) && !n.startsWith(FE + "encoder."));
      // intermediate: RITM's maps_transform; early: the click and mask channels enter through Conv1
      groups.put("fusion", fusion == Fusion.INTERMEDIATE ? n -> n.startsWith("maps_transform.")
          : n -> n.equals(FE + "encoder.Conv1.weight"));
      Map<String, float[]> before = new LinkedHashMap<>();
      params.forEach((name, p) -> before.put(name, p.getArray().toFloatArray()));

      NDArray image = m.randomUniform(0f, 1f, new Shape(2, 3, 64, 96), DataType.FLOAT32);
      NDArray prev = m.zeros(new Shape(2, 1, 64, 96));
      NDArray points = m.create(new float[] {10, 10, 0, 40, 40, 1, 30, 20, 0, -1, -1, -1}, new Shape(2, 2, 3));
      NDArray target = m.zeros(new Shape(2, 1, 64, 96)).add(m.randomUniform(0f, 1f, new Shape(2, 1, 64, 96)).gt(0.5f));
      ParameterStore ps = new ParameterStore(m, false);
      try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
        NDList out = net.block().forward(ps, new NDList(image, prev, points), true);
        assertEquals(2, out.size());
        assertEquals(new Shape(2, 1, 64, 96), out.get(0).getShape());
        NDArray loss = bce(out.get(0), target).add(bce(out.get(1), target).mul(0.4f));
        gc.backward(loss);
      }
      for (Map.Entry<String, Predicate<String>> g : groups.entrySet()) {
        int trainable = 0;
        int withGradient = 0;
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
          if (!g.getValue().test(e.getKey()) || !e.getValue().requiresGradient()) {
            continue;
          }
          trainable++;
          if (e.getValue().getArray().getGradient().abs().sum().getFloat() > 0f) {
            withGradient++;
          }
        }
        assertTrue(trainable > 0, g.getKey() + " has no trainable parameters");
        assertTrue(withGradient >= trainable * 0.95, fusion + " " + g.getKey() + ": " + withGradient + " of "
            + trainable + " trainable tensors have gradients");
      }
      if (fusion == Fusion.EARLY) {
        // the gradient reaches the mask and click channels of Conv1 (RGB 0-2, previous mask 3, clicks 4-5)
        NDArray g = params.get(FE + "encoder.Conv1.weight").getArray().getGradient();
        assertTrue(g.get(":, 3:").abs().sum().getFloat() > 0f, "no gradient on Conv1's mask/click channels");
      }
      // a plain SGD step, as the trainer's Adam would move them
      for (Parameter p : params.values()) {
        if (p.requiresGradient()) {
          p.getArray().subi(p.getArray().getGradient().mul(0.1f));
        }
      }
      for (Map.Entry<String, Predicate<String>> g : groups.entrySet()) {
        List<String> changed = params.keySet().stream().filter(g.getValue())
            .filter(n -> params.get(n).requiresGradient())
            .filter(n -> !Arrays.equals(before.get(n), params.get(n).getArray().toFloatArray())).toList();
        assertFalse(changed.isEmpty(), fusion + " " + g.getKey() + ": a step changed nothing");
      }
      // training-mode batch norm moves its running statistics
      String mean = FE + "encoder.bn_Conv1.running_mean";
      assertFalse(Arrays.equals(before.get(mean), params.get(mean).getArray().toFloatArray()));
    }
  }

  /** Binary cross-entropy with logits, mean over pixels: log(1 + exp(-x)) + (1 - t) x. */
  private static NDArray bce(NDArray logits, NDArray target) {
    return logits.neg().exp().add(1f).log().add(target.neg().add(1f).mul(logits)).mean();
  }
}
