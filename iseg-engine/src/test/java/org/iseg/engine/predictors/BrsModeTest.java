package org.iseg.engine.predictors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** RITM's mode names, their predictor settings, and the errors for modes a predictor cannot run. */
class BrsModeTest {

  @Test
  void parsesRitmsNamesAndListsThemForAnUnknownOne() {
    assertEquals(BrsMode.F_BRS_B, BrsMode.parse("f-BRS-B"));
    assertEquals(BrsMode.DISTMAP_BRS, BrsMode.parse("distmap-brs"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BrsMode.parse("f-BRS-D"));
    assertTrue(e.getMessage().contains("NoBRS, RGB-BRS, DistMap-BRS, f-BRS-A, f-BRS-B, f-BRS-C"), e.getMessage());
  }

  @Test
  void brsSetsRitmsNetClicksLimitUnlessOneIsGiven() {
    PredictorConfig base = Presets.evalMode("cvpr", "GrabCut");
    assertEquals(OptionalInt.of(8), base.withBrs(BrsConfig.of(BrsMode.F_BRS_A)).netClicksLimit());
    assertEquals(OptionalInt.of(5), base.withBrs(BrsConfig.of(BrsMode.RGB_BRS)).netClicksLimit());
    assertEquals(OptionalInt.empty(), base.withBrs(BrsConfig.of(BrsMode.NO_BRS)).netClicksLimit());
    assertEquals(OptionalInt.of(3),
        Presets.evalMode("cvpr", "GrabCut", OptionalInt.of(3)).withBrs(BrsConfig.of(BrsMode.F_BRS_C)).netClicksLimit());
    PredictorConfig fromOptions = RitmModelProvider.config(Map.of("brs", "f-BRS-C", "brs-min-iou-diff", "1e-3",
        "brs-maxfun", "10"));
    BrsConfig brs = fromOptions.brs().orElseThrow();
    assertEquals(BrsMode.F_BRS_C, brs.mode());
    assertEquals(1e-3, brs.minIouDiff());
    assertEquals(10, brs.lbfgs().maxfun());
    assertEquals(20, brs.lbfgs().maxiter());
  }

  @Test
  void brsNeedsAnIsegNetwork() {
    PredictorConfig config = Presets.evalMode("cvpr", "GrabCut").withBrs(BrsConfig.of(BrsMode.F_BRS_B));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new RitmPredictor("toy", ToyNetworks.redChannel(), config));
    assertTrue(e.getMessage().contains("f-BRS-B") && e.getMessage().contains("Use NoBRS"), e.getMessage());
  }

  @Test
  void featureBrsNeedsAnHrnetModulationPoint() {
    try (org.iseg.models.IisNetwork net = org.iseg.models.IisNetworks.create(
        org.iseg.models.NetworkConfig.ritm("mobilenetv2"))) {
      PredictorConfig config = Presets.evalMode("cvpr", "GrabCut").withBrs(BrsConfig.of(BrsMode.F_BRS_C));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> RitmPredictor.of("mobilenet", net, config));
      assertTrue(e.getMessage().contains("no modulation point"), e.getMessage());
      // Input BRS works on any iseg network at its input size.
      RitmPredictor.of("mobilenet", net, Presets.evalMode("cvpr", "GrabCut").withBrs(BrsConfig.of(BrsMode.RGB_BRS)))
          .close();
    }
  }
}
