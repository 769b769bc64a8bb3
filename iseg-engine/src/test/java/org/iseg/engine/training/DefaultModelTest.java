package org.iseg.engine.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import java.util.Optional;
import java.util.Properties;
import org.iseg.api.IisModel;
import org.iseg.api.InteractionTrace;
import org.iseg.api.Interactions;
import org.iseg.api.Mask;
import org.iseg.api.testing.SharedData;
import org.iseg.clicking.robots.RitmRobot;
import org.iseg.data.EvaluationDataset;
import org.iseg.data.EvaluationSample;
import org.iseg.data.spi.DatasetProvider;
import org.iseg.engine.predictors.PredictorConfig;
import org.iseg.engine.predictors.Presets;
import org.iseg.engine.predictors.RitmPredictor;
import org.iseg.models.IisNetwork;
import org.iseg.models.IisNetworks;
import org.iseg.models.NetworkConfig;
import org.iseg.models.compact.DefaultNetwork;
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
    Properties p = DefaultNetwork.properties();
    assertTrue(p.getProperty("weights").endsWith(".safetensors"));
    EvaluationDataset grabcut =
        DatasetProvider.registry().get("grabcut").openEvaluation(SharedData.dataset("GrabCut"));
    PredictorConfig wholeImage = Presets.noBrs(Optional.empty(), false);
    NetworkConfig config;
    double trained;
    try (IisNetwork network = DefaultNetwork.load();
        IisModel model = RitmPredictor.of(DefaultNetwork.NAME, network, wholeImage)) {
      config = network.config();
      assertEquals(p.getProperty("network"), config.network(), "model.properties names the stored network");
      assertEquals(p.getProperty("backbone"), config.backbone(), "model.properties names the stored backbone");
      trained = meanIou(model, grabcut);
    }
    double untrained;
    Engine.getEngine("PyTorch").setRandomSeed(3);
    try (IisModel model = RitmPredictor.owning("untrained", IisNetworks.create(config), wholeImage)) {
      untrained = meanIou(model, grabcut);
    }
    System.out.println("default model IoU@" + CLICKS + " " + trained + ", untrained " + untrained);
    assertTrue(trained > 0.7, "trained model: mean IoU after " + CLICKS + " clicks " + trained);
    assertTrue(trained > untrained + 0.2, "trained " + trained + " vs untrained " + untrained);
  }
}
