package org.iseg.engine.predictors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.iseg.api.Click;
import org.iseg.api.Image;
import org.iseg.api.Prediction;
import org.iseg.models.IisNetwork;
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

  /**
   * A state optimised by another mode is not this predictor's starting vector (the annotator switches modes
   * mid-object): f-BRS-A and f-BRS-B share HRNet's modulation point, so only the mode tells their vectors apart.
   */
  @Test
  void aVectorOptimisedByAnotherModeIsNotReused() {
    try (IisNetwork net = BrsGolden.network()) {
      PredictorConfig config = new PredictorConfig(Optional.empty(), OptionalInt.empty(), false, OptionalInt.empty())
          .withBrs(BrsConfig.of(BrsMode.F_BRS_A).withMaxFun(3));
      Image image = Image.of(64, 64, ramp(64, 64));
      List<Click> pcs = List.of(Click.positive(20, 20, 0));
      List<Click> ncs = List.of(Click.negative(44, 44, 1));
      try (RitmPredictor model = RitmPredictor.of("hrnet18s", net, config)) {
        PredictorState first = (PredictorState) model.predict(image, model.initialZ(image), pcs, List.of()).z();
        double[] far = new double[2 * 270];
        Arrays.fill(far, 3.0);
        float[] fresh = predictFrom(model, image, first, Optional.empty(), pcs, ncs);
        float[] foreign = predictFrom(model, image, first,
            Optional.of(new BrsState(BrsMode.F_BRS_B, far, 0, 0, Optional.empty())), pcs, ncs);
        float[] own = predictFrom(model, image, first,
            Optional.of(new BrsState(BrsMode.F_BRS_A, far, 0, 0, Optional.empty())), pcs, ncs);
        assertTrue(Arrays.equals(fresh, foreign), "f-BRS-B's vector must not seed f-BRS-A");
        assertTrue(!Arrays.equals(fresh, own), "the predictor's own vector is where it starts");
      }
    }
  }

  private static float[] predictFrom(RitmPredictor model, Image image, PredictorState before, Optional<BrsState> brs,
      List<Click> pcs, List<Click> ncs) {
    PredictorState z = new PredictorState(before.previous(), before.zoomRoi(), true, brs);
    Prediction p = model.predict(image, z, pcs, ncs);
    return p.y().toArray();
  }

  private static byte[] ramp(int h, int w) {
    byte[] rgb = new byte[3 * h * w];
    for (int i = 0; i < h * w; i++) {
      rgb[3 * i] = (byte) (4 * (i % w));
      rgb[3 * i + 1] = (byte) (4 * (i / w));
      rgb[3 * i + 2] = (byte) 128;
    }
    return rgb;
  }
}
