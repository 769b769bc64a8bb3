package org.iseg.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The blocks train: gradients reach every trainable parameter and batch norm updates its running statistics. */
class TrainingStepTest {

  @Test
  void backwardReachesEveryTrainableParameterAndBatchNormUpdatesStatistics() {
    try (IisNetwork net = IisNetworks.create(NetworkConfig.ritm("hrnet18s"));
        NDManager m = net.manager().newSubManager()) {
      Map<String, Parameter> params = IisNetworks.parameters(net);
      for (Parameter p : params.values()) {
        if (p.requiresGradient()) {
          p.getArray().setRequiresGradient(true);
        }
      }
      float[] meanBefore = params.get("feature_extractor.bn1.running_mean").getArray().toFloatArray();
      // Batch 2: PyTorch's batch norm needs more than one value per channel in training (OCR's 1 x 1 proxies).
      NDArray image = m.randomUniform(0f, 1f, new Shape(2, 3, 64, 64), DataType.FLOAT32);
      NDArray prev = m.zeros(new Shape(2, 1, 64, 64));
      NDArray points = m.create(new float[] {10, 10, 0, 40, 40, 1, 30, 20, 0, -1, -1, -1}, new Shape(2, 2, 3));
      ParameterStore ps = new ParameterStore(m, false);
      try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
        NDList out = net.block().forward(ps, new NDList(image, prev, points), true);
        assertEquals(2, out.size());
        NDArray loss = ai.djl.nn.Activation.sigmoid(out.get(0)).mean().add(ai.djl.nn.Activation.sigmoid(out.get(1)).mean().mul(0.4f));
        gc.backward(loss);
      }
      int withGradient = 0;
      int trainable = 0;
      for (Map.Entry<String, Parameter> e : params.entrySet()) {
        if (!e.getValue().requiresGradient()) {
          continue;
        }
        trainable++;
        NDArray g = e.getValue().getArray().getGradient();
        if (g.abs().sum().getFloat() > 0f) {
          withGradient++;
        }
      }
      // Every trainable tensor gets a gradient (a handful may be exactly zero through dead ReLUs).
      assertTrue(withGradient >= trainable * 0.95, withGradient + " of " + trainable + " tensors have gradients");
      assertTrue(params.get("maps_transform.3.scale").getArray().getGradient().abs().getFloat() > 0f);
      float[] meanAfter = params.get("feature_extractor.bn1.running_mean").getArray().toFloatArray();
      assertTrue(!java.util.Arrays.equals(meanBefore, meanAfter), "training-mode batch norm updates running_mean");
    }
  }
}
