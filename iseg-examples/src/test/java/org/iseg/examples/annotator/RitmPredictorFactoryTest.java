package org.iseg.examples.annotator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.iseg.engine.predictors.PredictorConfig;
import org.iseg.engine.predictors.PredictorNetwork;
import org.iseg.engine.predictors.ZoomIn;
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
}
