package org.iseg.engine.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.Properties;
import org.iseg.api.IisModel;
import org.iseg.api.Interactions;
import org.iseg.api.InteractionTrace;
import org.iseg.api.Mask;
import org.iseg.api.testing.SharedData;
import org.iseg.clicking.robots.RitmRobot;
import org.iseg.data.EvaluationDataset;
import org.iseg.data.EvaluationSample;
import org.iseg.data.spi.DatasetProvider;
import org.junit.jupiter.api.Test;

/** The shipped default model loads and segments real GrabCut objects far better than its untrained twin. */
class DefaultModelTest {
  private static final int IMAGES = 6;
  private static final int CLICKS = 5;

  private static double meanIou(IisModel model, EvaluationDataset grabcut) {
    double sum = 0;
    for (int i = 0; i < IMAGES; i++) {
      EvaluationSample s = grabcut.get(i * 8);
      InteractionTrace t = Interactions.fullInference(model, new RitmRobot(1), s.image(), s.target(), CLICKS);
      Mask pred = t.finalPrediction().threshold(0.49);
      sum += org.iseg.metrics.Iou.of(pred, s.target());
    }
    return sum / IMAGES;
  }

  @Test
  void describesItselfAndSegmentsGrabCutObjects() {
    Properties p = DefaultModel.properties();
    assertTrue(p.getProperty("weights").endsWith(".params"));
    assertEquals(CompactIisNet.Width.DEFAULT, CompactIisNet.Width.parse(p.getProperty("width")));
    EvaluationDataset grabcut =
        DatasetProvider.registry().get("grabcut").openEvaluation(SharedData.dataset("GrabCut"));
    double trained;
    try (IisModel model = DefaultModel.load()) {
      trained = meanIou(model, grabcut);
    }
    double untrained;
    NDManager m = NDManager.newBaseManager(Engine.getEngine("PyTorch").getEngineName());
    CompactIisNet net = new CompactIisNet(CompactIisNet.Width.DEFAULT);
    Engine.getEngine("PyTorch").setRandomSeed(3);
    net.initialize(m, DataType.FLOAT32, net.inputShapes(1, 32, 32));
    try (IisModel model = new CompactIisModel("untrained", net, m, true,
        Integer.parseInt(p.getProperty("workingSize")), false)) {
      untrained = meanIou(model, grabcut);
    }
    System.out.println("default model IoU@" + CLICKS + " " + trained + ", untrained " + untrained);
    assertTrue(trained > 0.7, "trained model: mean IoU after " + CLICKS + " clicks " + trained);
    assertTrue(trained > untrained + 0.2, "trained " + trained + " vs untrained " + untrained);
  }
}
