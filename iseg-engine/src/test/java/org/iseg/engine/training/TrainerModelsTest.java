package org.iseg.engine.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.Parameter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.iseg.api.testing.SharedData;
import org.iseg.data.DatasetViews;
import org.iseg.data.RegionDataset;
import org.iseg.data.SegDataset;
import org.iseg.data.datasets.Bsds500Dataset;
import org.iseg.data.selectors.RegionSelectors;
import org.iseg.data.transforms.Transforms;
import org.iseg.models.IisNetwork;
import org.iseg.models.IisNetworks;
import org.iseg.models.NetworkConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trainer drives the models module's networks (IisNetwork) too. */
class TrainerModelsTest {
  private static RegionDataset data() {
    SegDataset test = Bsds500Dataset.open(SharedData.dataset("BSDS500"), Bsds500Dataset.Split.TEST);
    return new RegionDataset(DatasetViews.cached(DatasetViews.range(test, 0, 8)), RegionSelectors.randomLayerObject(200, 0),
        Transforms.ritmTraining(64, 96, 0.2, 0.3), 3);
  }

  private static Map<String, float[]> snapshot(IisNetwork net) {
    Map<String, float[]> out = new HashMap<>();
    for (Map.Entry<String, Parameter> e : IisNetworks.parameters(net).entrySet()) {
      if (e.getValue().requiresGradient()) {
        out.put(e.getKey(), e.getValue().getArray().toFloatArray());
      }
    }
    return out;
  }

  @Test
  void trainsAnHrnetIterMaskNetworkAndResumesIntoAFreshOne(@TempDir Path dir) throws Exception {
    NetworkConfig config = NetworkConfig.ritm("hrnet18s");
    Map<String, float[]> before;
    Map<String, float[]> after;
    try (IisNetwork net = IisNetworks.create(config)) {
      before = snapshot(net);
      try (Trainer t = Trainer.builder().network(net).train(data()).batchSize(2).samplesPerEpoch(4).epochs(1)
          .maxIterClicks(1).seed(4).log(line -> {}).checkpointDir(dir).build()) {
        Trainer.Result r = t.fit();
        assertTrue(Double.isFinite(r.epochs().get(0).trainLoss()));
      }
      after = snapshot(net);
    }
    int changed = 0;
    for (String name : before.keySet()) {
      if (!java.util.Arrays.equals(before.get(name), after.get(name))) {
        changed++;
      }
    }
    assertTrue(changed > before.size() / 2, changed + " of " + before.size() + " parameters changed");
    // gradients reach the backbone, the OCR head (trained at the full rate) and the click-map fusion
    for (String prefix : List.of("feature_extractor.conv1.", "feature_extractor.conv3x3_ocr.", "maps_transform.")) {
      String name = before.keySet().stream().filter(k -> k.startsWith(prefix) && k.endsWith("weight")).findFirst()
          .orElseThrow(() -> new AssertionError("no trainable parameter under " + prefix));
      assertFalse(java.util.Arrays.equals(before.get(name), after.get(name)), name + " did not change");
    }
    // RITM's rule: the HRNet body is backbone, the OCR head is not
    assertTrue(Trainer.isRitmBackbone("feature_extractor.conv1.weight"));
    assertFalse(Trainer.isRitmBackbone("feature_extractor.ocr_distri_head.conv_bn_dropout.0.weight"));
    try (IisNetwork fresh = IisNetworks.create(config)) {
      TrainingCheckpoint.Header h = TrainingCheckpoint.read(dir.resolve("last.ckpt"), fresh.block(),
          java.util.Optional.empty(), fresh.manager());
      assertEquals(1, h.epoch());
      Map<String, float[]> loaded = snapshot(fresh);
      for (String name : after.keySet()) {
        assertTrue(java.util.Arrays.equals(after.get(name), loaded.get(name)), name);
      }
    }
  }
}
