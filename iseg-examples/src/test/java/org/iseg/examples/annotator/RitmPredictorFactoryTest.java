package org.iseg.examples.annotator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.iseg.api.Image;
import org.iseg.api.testing.SharedData;
import org.iseg.data.io.ImageFiles;
import org.iseg.engine.predictors.BrsConfig;
import org.iseg.engine.predictors.BrsMode;
import org.iseg.engine.predictors.PredictorConfig;
import org.iseg.engine.predictors.PredictorNetwork;
import org.iseg.engine.predictors.RitmPredictor;
import org.iseg.engine.session.InteractiveSession;
import org.iseg.engine.predictors.Presets;
import org.iseg.engine.predictors.ZoomIn;
import org.iseg.models.IisNetwork;
import org.iseg.models.IisNetworks;
import org.iseg.models.NetworkConfig;
import org.iseg.models.compact.DefaultNetwork;
import org.iseg.examples.testing.TestImages;
import org.junit.jupiter.api.Test;

/** The annotator's ZoomIn controls reach the engine's RitmPredictor: the network sees a crop or the whole image. */
class RitmPredictorFactoryTest {

  /** Logits +10 within 12 px of a positive point, -10 elsewhere; records the input sizes it was given. */
  static final class DiskNetwork implements PredictorNetwork {
    final List<String> sizes = new ArrayList<>();

    @Override
    public NDArray logits(NDArray image, NDArray prevMask, NDArray points) {
      int h = (int) image.getShape().get(2);
      int w = (int) image.getShape().get(3);
      sizes.add(h + "x" + w);
      float[] p = points.toFloatArray();
      int n = (int) points.getShape().get(1) / 2;
      float[] out = new float[h * w];
      Arrays.fill(out, -10f);
      for (int k = 0; k < n; k++) {
        float r = p[3 * k];
        float c = p[3 * k + 1];
        if (r < 0) {
          continue;
        }
        for (int y = 0; y < h; y++) {
          for (int x = 0; x < w; x++) {
            if ((y - r) * (y - r) + (x - c) * (x - c) <= 144) {
              out[y * w + x] = 10f;
            }
          }
        }
      }
      return image.getManager().create(out, new Shape(1, 1, h, w));
    }

    @Override
    public boolean withPrevMask() {
      return true;
    }
  }

  @Test
  void settingsConvertToTheEngineZoomIn() {
    PredictorSettings.ZoomIn fixed = PredictorSettings.ZoomIn.defaults();
    ZoomIn engine = RitmPredictorFactory.toEngine(fixed);
    assertEquals(new ZoomIn.Fixed(400, 400), engine.cropSize());
    assertEquals(-1, engine.skipClicks());
    assertEquals(1.4, engine.expansionRatio());
    ZoomIn longest = RitmPredictorFactory.toEngine(fixed.withFixedCrop(false).withTargetSize(600).withSkipClicks(1));
    assertEquals(new ZoomIn.LongestSide(600), longest.cropSize());
    assertEquals(1, longest.skipClicks());
  }

  @Test
  void theNetworkSeesACropWithZoomInAndTheWholeImageWithout() {
    DiskNetwork network = new DiskNetwork();
    PredictorConfig base = PredictorConfig.builder().withFlip(false).build();
    try (RitmPredictorFactory factory = RitmPredictorFactory.over("disks", network, base)) {
      PredictorSettings zoomed = PredictorSettings.defaults()
          .withZoomIn(PredictorSettings.ZoomIn.defaults().withTargetSize(100));
      AnnotatorController c = new AnnotatorController(factory.defaultPredictor(), factory);
      c.setPredictorSettings(zoomed);
      c.setImage(TestImages.gradient(150, 200));
      c.addClick(75, 100, true);
      c.addClick(75, 104, true);
      assertEquals("100x100", network.sizes.get(1), "second click: a fixed 100x100 crop: " + network.sizes);
      assertTrue(c.currentMask().orElseThrow().isObject(75, 100));

      network.sizes.clear();
      c.setPredictorSettings(zoomed.withZoomIn(zoomed.zoomIn().withEnabled(false)));
      c.addClick(10, 10, false);
      assertEquals(List.of("150x200"), network.sizes, "without ZoomIn the whole image");
    }
  }

  @Test
  void theBrsControlsBuildRitmsDemoPredictor() {
    PredictorConfig base = Presets.noBrs(Optional.empty(), true);
    try (RitmPredictorFactory factory = RitmPredictorFactory.over("disks", new DiskNetwork(), base)) {
      PredictorSettings noBrs = PredictorSettings.defaults().withNetClicksLimit(OptionalInt.of(3));
      assertEquals(Optional.empty(), factory.config(noBrs).brs());
      assertEquals(OptionalInt.empty(), factory.config(noBrs).netClicksLimit(), "NoBRS: the annotator limits clicks");

      PredictorConfig fBrs = factory.config(noBrs.withBrsMode(BrsMode.F_BRS_B).withLbfgsMaxIterations(7));
      BrsConfig brs = fBrs.brs().orElseThrow();
      assertEquals(BrsMode.F_BRS_B, brs.mode());
      assertEquals(1e-3, brs.minIouDiff(), "RITM's demo: min_iou_diff 1e-3");
      assertEquals(7, brs.lbfgs().maxfun());
      assertEquals(OptionalInt.of(3), fBrs.netClicksLimit(), "RITM's net_clicks_limit goes to the predictor");
      assertTrue(fBrs.withFlip() && fBrs.zoomIn().isPresent());
      PredictorConfig all = factory.config(noBrs.withBrsMode(BrsMode.RGB_BRS).withNetClicksLimit(OptionalInt.empty()));
      assertEquals(OptionalInt.of(Integer.MAX_VALUE), all.netClicksLimit(), "0 = all clicks, not the mode's 5");
    }
  }

  @Test
  void aBrsTypeTheNetworkCannotRunIsRefusedWithAMessageAndChangesNothing() {
    try (IisNetwork compact = DefaultNetwork.load();
        IisNetwork mobilenet = IisNetworks.create(NetworkConfig.ritm("mobilenetv2"));
        RitmPredictorFactory compactFactory = NoBrsFactories.over("default", compact);
        RitmPredictorFactory mobileFactory = NoBrsFactories.over("mobilenetv2", mobilenet)) {
      AnnotatorController c = new AnnotatorController(compactFactory.defaultPredictor(), compactFactory);
      c.setImage(TestImages.gradient(40, 60));
      for (BrsMode mode : List.of(BrsMode.RGB_BRS, BrsMode.F_BRS_B)) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> c.setPredictorSettings(c.predictorSettings().withBrsMode(mode)));
        assertTrue(e.getMessage().contains(mode.ritmName()) && e.getMessage().contains("Use NoBRS"), e.getMessage());
      }
      assertEquals(BrsMode.NO_BRS, c.predictorSettings().brsMode(), "a refused mode changes nothing");
      c.addClick(20, 30, true);
      assertEquals(1, c.clicks().size(), "and the annotator goes on with NoBRS");

      AnnotatorController m = new AnnotatorController(mobileFactory.defaultPredictor(), mobileFactory);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> m.setPredictorSettings(m.predictorSettings().withBrsMode(BrsMode.F_BRS_C)));
      assertTrue(e.getMessage().contains("no modulation point"), e.getMessage());
      m.setPredictorSettings(m.predictorSettings().withBrsMode(BrsMode.DISTMAP_BRS));
      assertEquals(BrsMode.DISTMAP_BRS, m.predictorSettings().brsMode(), "input BRS runs on any RITM network");

      AnnotatorController plain = new AnnotatorController(org.iseg.engine.testing.NearestClickModel.unbounded());
      e = assertThrows(IllegalArgumentException.class,
          () -> plain.setPredictorSettings(plain.predictorSettings().withBrsMode(BrsMode.F_BRS_B)));
      assertTrue(e.getMessage().contains("use NoBRS"), e.getMessage());
    }
  }

  /**
   * f-BRS over RITM's HRNet18s (the golden checkpoint): the annotator's prediction is the engine's f-BRS-C
   * predictor with RITM's demo settings (ZoomIn, flip, net_clicks_limit, min_iou_diff 1e-3, maxfun) and differs
   * from NoBRS; switching back to NoBRS mid-object goes on from the shown prediction.
   */
  @Test
  void fBrsInTheAnnotatorIsRitmsDemoPredictorAndTheModeCanChangeMidObject() {
    Image bush = ImageFiles.readImage(SharedData.dataset("GrabCut").resolve("data_GT/bush.jpg"));
    try (IisNetwork net = IisNetworks.fromRitmCheckpoint(
            SharedData.golden("ritm-models/hrnet18s_itermask/checkpoint.pth"));
        RitmPredictorFactory factory = NoBrsFactories.over("hrnet18s", net)) {
      PredictorSettings.ZoomIn zoom = PredictorSettings.ZoomIn.defaults().withTargetSize(100);
      PredictorSettings small = PredictorSettings.defaults().withZoomIn(zoom);
      AnnotatorController noBrs = twoClicks(factory, small, bush);
      AnnotatorController fBrs = twoClicks(factory, small.withBrsMode(BrsMode.F_BRS_C)
          .withNetClicksLimit(OptionalInt.of(8)).withLbfgsMaxIterations(4), bush);
      PredictorConfig demo = new PredictorConfig(Optional.of(RitmPredictorFactory.toEngine(zoom)), OptionalInt.empty(),
          true, OptionalInt.of(8)).withBrs(BrsConfig.of(BrsMode.F_BRS_C).withMinIouDiff(1e-3).withMaxFun(4));
      try (RitmPredictor engine = RitmPredictor.of("hrnet18s", net, demo)) {
        InteractiveSession s = InteractiveSession.start(engine, bush);
        s = s.click(engine, s.nextClick(220, 300, true));
        s = s.click(engine, s.nextClick(250, 330, false));
        float[] expected = s.probabilities().toArray();
        float[] got = fBrs.currentProbabilities().orElseThrow().toArray();
        float[] plain = noBrs.currentProbabilities().orElseThrow().toArray();
        assertTrue(maxAbsDiff(expected, got) < 1e-5, "annotator vs engine f-BRS-C: " + maxAbsDiff(expected, got));
        assertTrue(maxAbsDiff(plain, got) > 1e-2, "f-BRS-C vs NoBRS: " + maxAbsDiff(plain, got));
      }

      fBrs.setPredictorSettings(fBrs.predictorSettings().withBrsMode(BrsMode.NO_BRS));
      fBrs.addClick(200, 280, true);
      assertEquals(3, fBrs.clicks().size());
      assertTrue(fBrs.undoClick());
      assertEquals(2, fBrs.clicks().size());
    }
  }

  private static double maxAbsDiff(float[] a, float[] b) {
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }

  private static AnnotatorController twoClicks(RitmPredictorFactory factory, PredictorSettings settings,
      Image image) {
    AnnotatorController c = new AnnotatorController(factory.defaultPredictor(), factory);
    c.setPredictorSettings(settings);
    c.setImage(image);
    c.addClick(220, 300, true);
    c.addClick(250, 330, false);
    return c;
  }
}
