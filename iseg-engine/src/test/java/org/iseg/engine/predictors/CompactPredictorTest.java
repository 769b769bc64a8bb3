package org.iseg.engine.predictors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import java.util.List;
import java.util.Optional;
import org.iseg.api.Click;
import org.iseg.api.Image;
import org.iseg.api.Mask;
import org.iseg.api.Prediction;
import org.iseg.api.State;
import org.iseg.models.IisNetworks;
import org.iseg.models.compact.CompactIisNet;
import org.iseg.models.compact.CompactNetworkProvider;
import org.junit.jupiter.api.Test;

/** RITM's predictor over a compact network, which works at its own resolution (64 here), on whole images. */
class CompactPredictorTest {
  private static RitmPredictor model(boolean flip) {
    Engine.getEngine("PyTorch").setRandomSeed(7);
    return RitmPredictor.owning("tiny", IisNetworks.create(CompactNetworkProvider.config(CompactIisNet.Width.TINY, 64)),
        Presets.noBrs(Optional.empty(), flip));
  }

  private static Image gradient(int h, int w) {
    byte[] rgb = new byte[h * w * 3];
    for (int i = 0; i < h * w; i++) {
      rgb[3 * i] = (byte) (i % w * 255 / w);
      rgb[3 * i + 1] = (byte) (i / w * 255 / h);
      rgb[3 * i + 2] = 90;
    }
    return Image.of(h, w, rgb);
  }

  @Test
  void predictsProbabilitiesAtTheImageSizeAndCarriesThemAsState() {
    try (RitmPredictor model = model(false)) {
      Image x = gradient(75, 130);
      Prediction p = model.predict(x, model.initialZ(x), List.of(Click.positive(30, 60, 0)),
          List.of(Click.negative(74, 129, 1)));
      assertEquals(75, p.y().height());
      assertEquals(130, p.y().width());
      for (float v : p.y().toArray()) {
        assertTrue(v >= 0 && v <= 1);
      }
      assertEquals(p.y(), ((PredictorState) p.z()).previous());
    }
  }

  @Test
  void flipAveragingOfAMirrorSymmetricInputIsMirrorSymmetric() {
    try (RitmPredictor model = model(true)) {
      int h = 48;
      int w = 64;
      byte[] rgb = new byte[h * w * 3];
      for (int r = 0; r < h; r++) {
        for (int c = 0; c < w; c++) {
          int v = Math.abs(2 * c - (w - 1)) * 4;
          rgb[3 * (r * w + c)] = (byte) v;
          rgb[3 * (r * w + c) + 1] = (byte) (r * 5);
          rgb[3 * (r * w + c) + 2] = (byte) (255 - v);
        }
      }
      Image x = Image.of(h, w, rgb);
      // one click on each side of the axis, same sign
      Prediction p = model.predict(x, model.initialZ(x), List.of(Click.positive(20, 10, 0),
          Click.positive(20, 53, 1)), List.of());
      for (int r = 0; r < h; r++) {
        for (int c = 0; c < w; c++) {
          assertEquals(p.y().get(r, c), p.y().get(r, w - 1 - c), 1e-4, "(" + r + ", " + c + ")");
        }
      }
    }
  }

  @Test
  void startMaskBecomesThePreviousPredictionAndBadInputFails() {
    try (RitmPredictor model = model(false)) {
      Image x = gradient(40, 40);
      Mask start = Mask.fromPredicate(40, 40, i -> i % 40 < 20);
      State z = model.initialZ(x, start);
      assertEquals(1f, ((PredictorState) z).previous().get(5, 5));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> model.predict(x, z, List.of(Click.positive(40, 3, 0)), List.of()));
      assertTrue(e.getMessage().contains("outside"), e.getMessage());
      Image other = gradient(50, 40);
      e = assertThrows(IllegalArgumentException.class,
          () -> model.predict(other, z, List.of(Click.positive(3, 3, 0)), List.of()));
      assertTrue(e.getMessage().contains("initialZ"), e.getMessage());
    }
  }
}
