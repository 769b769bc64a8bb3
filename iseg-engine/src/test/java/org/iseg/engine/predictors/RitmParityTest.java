package org.iseg.engine.predictors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.iseg.api.Click;
import org.iseg.api.InteractionStep;
import org.iseg.api.InteractionTrace;
import org.iseg.api.Interactions;
import org.iseg.clicking.robots.RitmRobot;
import org.iseg.data.EvaluationSample;
import org.iseg.data.datasets.GrabCutDataset;
import org.iseg.api.testing.SharedData;
import org.junit.jupiter.api.Test;

/**
 * RITM's evaluation predictor (NoBRS, flip, ZoomIn 400) with the golden HRNet18s ITER-M checkpoint on GrabCut's
 * bush.jpg, driven by RITM's clicker: the same 5 clicks and the same probabilities as RITM's own run.
 */
class RitmParityTest {

  @Test
  void predictorReproducesRitmOnBush() throws IOException {
    Path dir = SharedData.golden("ritm-models/hrnet18s_itermask");
    JsonObject meta = JsonParser.parseString(Files.readString(dir.resolve("meta.json"), StandardCharsets.UTF_8))
        .getAsJsonObject().getAsJsonObject("predictor");
    EvaluationSample bush = sample("bush");
    try (RitmPredictor model = RitmPredictor.fromRitmCheckpoint(dir.resolve("checkpoint.pth"), Presets.evalMode("cvpr", "GrabCut"));
        NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      InteractionTrace trace = Interactions.fullInference(model, new RitmRobot(1), bush.image(), bush.target(), 5);
      JsonArray clicks = meta.getAsJsonArray("clicks");
      NDArray probs;
      try (InputStream in = Files.newInputStream(dir.resolve("predictor-io.npz"))) {
        probs = NDList.decode(manager, in).get("probs");
      }
      int h = bush.image().height();
      int w = bush.image().width();
      assertEquals(5, probs.getShape().get(0));
      assertEquals(h, probs.getShape().get(1));
      assertEquals(w, probs.getShape().get(2));
      float[] expected = probs.toFloatArray();
      List<InteractionStep> steps = trace.steps();
      assertEquals(5, steps.size());
      for (int k = 0; k < 5; k++) {
        Click click = steps.get(k).newClicks().get(0);
        JsonArray c = clicks.get(k).getAsJsonArray();
        assertEquals(
            List.of(c.get(0).getAsInt(), c.get(1).getAsInt(), c.get(2).getAsBoolean()),
            List.of(click.row(), click.col(), click.positive()),
            "click " + (k + 1));
        float[] got = steps.get(k).probabilities().toArray();
        double max = 0;
        for (int i = 0; i < got.length; i++) {
          max = Math.max(max, Math.abs(got[i] - expected[k * h * w + i]));
        }
        assertTrue(max <= 1e-3, "click " + (k + 1) + ": max |dprob| = " + max);
      }
    }
  }

  private static EvaluationSample sample(String id) {
    var grabCut = GrabCutDataset.evaluation(SharedData.dataset("GrabCut"));
    for (int i = 0; i < grabCut.size(); i++) {
      if (grabCut.id(i).equals(id) || grabCut.id(i).startsWith(id + ".")) {
        return grabCut.get(i);
      }
    }
    throw new AssertionError("GrabCut has no sample " + id);
  }
}
