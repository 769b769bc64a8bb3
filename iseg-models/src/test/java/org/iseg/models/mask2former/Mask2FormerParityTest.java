package org.iseg.models.mask2former;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.iseg.api.testing.SharedData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The imported golden checkpoint reproduces EasyCV's Mask2Former forward stage by stage ({@code net-io.npz}):
 * every tensor within 1e-4 of its array's max |value| (the golden README's bound: ~30x the 1- vs 2-thread noise),
 * computing in float32 and in float64.
 */
class Mask2FormerParityTest {
  /** The golden README's bound on a float32 re-implementation, relative to the array's max |value|. */
  static final double RELATIVE = 1e-4;

  static Path golden(String name) {
    return SharedData.golden("mask2former/" + name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"FLOAT32", "FLOAT64"})
  void goldenCheckpointReproducesEveryStage(String precision) throws Exception {
    try (Mask2FormerModel model = Mask2FormerModel.load(golden("checkpoint.pth"), DataType.valueOf(precision));
        NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      Mask2FormerConfig cfg = model.config();
      assertEquals(12, cfg.classes().size());
      assertEquals("sky-other-merged", cfg.classes().get(9));
      assertEquals(20, cfg.decoder().numQueries());
      assertEquals(8, cfg.numThingClasses());
      assertEquals(682_869, model.network().parameterCount());
      assertEquals(374_152, model.network().parameterCount("backbone."));
      assertEquals(141_792, model.network().parameterCount("head.pixel_decoder."));
      assertEquals(166_925, model.network().parameterCount("head.predictor."));

      NDList io;
      try (InputStream in = Files.newInputStream(golden("net-io.npz"))) {
        io = NDList.decode(m, in);
      }
      int held = model.heldArrays();
      try (NDManager scope = m.newSubManager()) {
        NDArray x = io.get("input").duplicate();
        x.attach(scope);
        model.predict(x);
      }
      assertEquals(held, model.heldArrays(), "arrays left in the model's manager by a forward pass");
      Map<String, NDArray> taps = new LinkedHashMap<>();
      long t0 = System.nanoTime();
      Mask2FormerNetwork.Output out = model.predict(io.get("input"), taps);
      double seconds = (System.nanoTime() - t0) / 1e9;
      taps.put("pred_logits", out.logits());
      taps.put("pred_masks", out.masks());
      for (int i = 0; i < out.aux().size(); i++) {
        taps.put("aux." + i + ".pred_logits", out.aux().get(i)[0]);
        taps.put("aux." + i + ".pred_masks", out.aux().get(i)[1]);
      }
      StringBuilder report = new StringBuilder(String.format(Locale.ROOT, "%s forward %.3f s%n", precision, seconds));
      double worst = 0;
      String worstName = "";
      for (NDArray ref : io) {
        String name = ref.getName();
        if (name.equals("input")) {
          continue;
        }
        NDArray ours = taps.get(name);
        assertTrue(ours != null, "no tap for " + name);
        assertEquals(ref.getShape(), ours.getShape(), name);
        double max = ref.abs().max().getFloat();
        ref = ref.toType(DataType.FLOAT64, false);
        double diff = ours.toType(DataType.FLOAT64, false).sub(ref).abs().max().getDouble();
        report.append(String.format(Locale.ROOT, "%-34s max|d| %.2e  rel %.2e%n", name, diff, diff / max));
        if (diff / max > worst) {
          worst = diff / max;
          worstName = name;
        }
      }
      System.out.print(report);
      assertTrue(worst <= RELATIVE, "worst stage " + worstName + ": " + worst + " relative\n" + report);
    }
  }
}
