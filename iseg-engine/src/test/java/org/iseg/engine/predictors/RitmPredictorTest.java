package org.iseg.engine.predictors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.iseg.api.Click;
import org.iseg.api.Image;
import org.iseg.api.Mask;
import org.iseg.api.Prediction;
import org.iseg.api.ProbabilityMap;
import org.iseg.api.State;
import org.junit.jupiter.api.Test;

/** The predictor's transforms and their inverses, with toy networks whose right answer is known. */
class RitmPredictorTest {

  private static Image noise(int h, int w, long seed) {
    byte[] rgb = new byte[3 * h * w];
    new Random(seed).nextBytes(rgb);
    return Image.of(h, w, rgb);
  }

  private static double maxDiff(float[] a, float[] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }

  @Test
  void flipAveragingUndoesTheMirrorExactly() {
    Image image = noise(23, 37, 1);
    ToyNetworks.Recording net = ToyNetworks.redChannel();
    try (RitmPredictor flip = new RitmPredictor("red", net, PredictorConfig.builder().withFlip(true).build())) {
      Prediction p = flip.predict(image, flip.initialZ(image), List.of(Click.positive(3, 4, 0)), List.of());
      float[] expected = new float[23 * 37];
      for (int r = 0; r < 23; r++) {
        for (int c = 0; c < 37; c++) {
          double x = 8 * (image.channel(r, c, 0) / 255f) - 4;
          expected[r * 37 + c] = (float) (1 / (1 + Math.exp(-x)));
        }
      }
      assertTrue(maxDiff(expected, p.y().toArray()) < 1e-6, "flip inverse is the identity");
      assertEquals(new Shape(2, 3, 23, 37), net.imageShapes.get(0));
      // the mirrored batch item gets the mirrored click: col 37 - 4 - 1 = 32
      assertArrayEquals(new float[] {3, 4, 0, -1, -1, -1, 3, 32, 0, -1, -1, -1}, net.points.get(0));
      assertTrue(net.lastImage.isReleased(), "per-prediction arrays are freed when predict returns");
    }
  }

  @Test
  void previousPredictionIsTheFourthChannel() {
    Image image = noise(10, 12, 2);
    ToyNetworks.Recording net = ToyNetworks.redChannel();
    try (RitmPredictor model = new RitmPredictor("red", net, PredictorConfig.builder().build())) {
      State z = model.initialZ(image);
      Prediction first = model.predict(image, z, List.of(Click.positive(1, 1, 0)), List.of());
      assertArrayEquals(new float[120], net.prevMasks.get(0));
      model.predict(image, first.z(), List.of(Click.positive(1, 1, 0)), List.of(Click.negative(5, 5, 1)));
      assertArrayEquals(first.y().toArray(), net.prevMasks.get(1));
      Mask start = Mask.fromPredicate(10, 12, i -> i % 3 == 0);
      model.predict(image, model.initialZ(image, start), List.of(Click.positive(1, 1, 0)), List.of());
      assertArrayEquals(ProbabilityMap.fromMask(start).toArray(), net.prevMasks.get(2));
    }
  }

  @Test
  void limitLongestSideRoundTripsASmoothMap() {
    Image image = noise(150, 300, 3);
    ToyNetworks.Recording net = ToyNetworks.field((u, v) -> 0.2 + 0.5 * u + 0.2 * v);
    try (RitmPredictor model = new RitmPredictor("field", net, PredictorConfig.builder().maxSize(100).build())) {
      Prediction p = model.predict(image, model.initialZ(image), List.of(Click.positive(149, 299, 0)), List.of());
      assertEquals(new Shape(1, 3, 50, 100), net.imageShapes.get(0));
      // clicks scale as RITM's _transform_clicks: 50 * 149 / 150, 100 * 299 / 300
      assertEquals(50 * 149 / 150.0, net.points.get(0)[0], 1e-5);
      assertEquals(100 * 299 / 300.0, net.points.get(0)[1], 1e-4);
      float[] expected = new float[150 * 300];
      for (int r = 0; r < 150; r++) {
        for (int c = 0; c < 300; c++) {
          expected[r * 300 + c] = (float) (0.2 + 0.5 * r / 149.0 + 0.2 * c / 299.0);
        }
      }
      assertTrue(maxDiff(expected, p.y().toArray()) < 2e-6, "max diff " + maxDiff(expected, p.y().toArray()));
    }
  }

  @Test
  void zoomInCropsAroundTheObjectAndPastesBack() {
    int h = 300;
    int w = 400;
    Image image = noise(h, w, 4);
    ToyNetworks.Recording net = ToyNetworks.disks(20);
    ZoomIn zoom = ZoomIn.builder().build();
    try (RitmPredictor model = new RitmPredictor("disks", net, PredictorConfig.builder().zoomIn(zoom).build())) {
      List<Click> pcs = List.of(Click.positive(150, 200, 0));
      Prediction first = model.predict(image, model.initialZ(image), pcs, List.of());
      assertEquals(new Shape(1, 3, h, w), net.imageShapes.get(0), "first click: whole image");
      assertEquals(Optional.empty(), ((PredictorState) first.z()).zoomRoi());
      // object: disk of radius 20 around (150, 200) -> box rows 130..170, cols 180..220 (41 px)
      // expand: 1.4 * 41 = 57.4 < 200 -> 200 x 200 about (150, 200) -> rows 50..250, cols 100..300
      List<Click> pcs2 = List.of(Click.positive(150, 200, 0), Click.positive(160, 210, 1));
      Prediction second = model.predict(image, first.z(), pcs2, List.of());
      Roi roi = new Roi(50, 250, 100, 300);
      assertEquals(Optional.of(roi), ((PredictorState) second.z()).zoomRoi());
      assertEquals(new Shape(1, 3, 400, 400), net.imageShapes.get(1), "201 x 201 crop resized to 400 x 400");
      float[] pts = net.points.get(1);
      assertEquals(400 * (150 - 50) / 201.0, pts[0], 1e-4);
      assertEquals(400 * (200 - 100) / 201.0, pts[1], 1e-4);
      float[] y = second.y().toArray();
      int outside = 0;
      for (int r = 0; r < h; r++) {
        for (int c = 0; c < w; c++) {
          boolean in = r >= 50 && r <= 250 && c >= 100 && c <= 300;
          if (!in) {
            assertEquals(0f, y[r * w + c], 0f, "outside the crop at " + r + "," + c);
            outside++;
          }
        }
      }
      assertEquals(h * w - 201 * 201, outside);
      assertTrue(second.y().get(150, 200) > 0.99 && second.y().get(160, 210) > 0.99);
      assertTrue(second.y().get(150, 235) < 0.01, "the disk keeps its size in image pixels (radius ~10 there)");
    }
  }

  @Test
  void flipWithZoomAgreesWithoutFlipForASymmetricNetwork() {
    Image image = noise(240, 320, 5);
    ZoomIn zoom = ZoomIn.builder().build();
    List<Click> pcs1 = List.of(Click.positive(100, 130, 0));
    List<Click> pcs2 = List.of(Click.positive(100, 130, 0), Click.positive(120, 141, 1));
    float[][] results = new float[2][];
    for (int f = 0; f < 2; f++) {
      PredictorConfig config = PredictorConfig.builder().zoomIn(zoom).withFlip(f == 1).build();
      try (RitmPredictor model = new RitmPredictor("disks", ToyNetworks.disks(15), config)) {
        Prediction p1 = model.predict(image, model.initialZ(image), pcs1, List.of());
        results[f] = model.predict(image, p1.z(), pcs2, List.of()).y().toArray();
      }
    }
    assertTrue(maxDiff(results[0], results[1]) < 1e-6, "mirrored clicks land on the mirrored pixels");
  }

  @Test
  void aStartMaskReachesTheNetworkButNotZoomIn() {
    Image image = noise(300, 400, 7);
    ToyNetworks.Recording net = ToyNetworks.disks(10);
    Mask start = Mask.fromPredicate(300, 400, i -> i / 400 >= 100 && i / 400 <= 120 && i % 400 >= 100 && i % 400 <= 130);
    try (RitmPredictor model = new RitmPredictor("disks", net, Presets.evalMode("fixed400", "GrabCut"))) {
      Prediction p = model.predict(image, model.initialZ(image, start), List.of(Click.positive(110, 115, 0)), List.of());
      // RITM's ZoomIn has seen no prediction yet: with skip_clicks -1 it crops the whole image
      assertEquals(Optional.of(Roi.whole(300, 400)), ((PredictorState) p.z()).zoomRoi());
      assertEquals(400 * 110 / 300.0, net.points.get(0)[0], 1e-4);
      assertArrayEquals(
          Interpolation.bilinearAlignCorners(ProbabilityMap.fromMask(start).toArray(), 1, 300, 400, 400, 400),
          java.util.Arrays.copyOf(net.prevMasks.get(0), 400 * 400));
    }
  }

  @Test
  void statesFromAnotherImageOrModelAreRejected() {
    Image image = noise(10, 12, 6);
    try (RitmPredictor model = new RitmPredictor("red", ToyNetworks.redChannel(), PredictorConfig.builder().build())) {
      IllegalArgumentException size =
          assertThrows(
              IllegalArgumentException.class,
              () -> model.predict(image, model.initialZ(noise(11, 12, 6)), List.of(), List.of()));
      assertTrue(size.getMessage().contains("initialZ"), size.getMessage());
      assertThrows(IllegalArgumentException.class, () -> model.predict(image, State.NONE, List.of(), List.of()));
    }
  }
}
