package org.iseg.models.external;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.iseg.api.Click;
import org.iseg.api.Image;
import org.iseg.api.Mask;
import org.iseg.api.Prediction;
import org.iseg.api.PreviousPrediction;
import org.iseg.api.ProbabilityMap;
import org.iseg.api.State;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxIisModelTest {
  @TempDir Path dir;

  static Image randomImage(int h, int w, long seed) {
    byte[] rgb = new byte[h * w * 3];
    new Random(seed).nextBytes(rgb);
    return Image.of(h, w, rgb);
  }

  /** Independent disk test: is (row, col) within radius 5 of any click? */
  static float disk(List<Click> clicks, int row, int col) {
    for (Click c : clicks) {
      int dy = row - c.row();
      int dx = col - c.col();
      if (dy * dy + dx * dx <= 25) {
        return 1f;
      }
    }
    return 0f;
  }

  static float sigmoid(double x) {
    return (float) (1 / (1 + Math.exp(-x)));
  }

  @Test
  void clickMapNetworkSeesImageClicksAndPreviousMask() throws IOException {
    Path onnx = OnnxFixtures.clickMapModel(dir.resolve("maps.onnx"));
    ExternalModelSpec spec = ExternalModelSpec.builder()
        .addImage("image", new float[] {0, 0, 0}, new float[] {1, 1, 1}, true)
        .addClickMaps("clicks", 5)
        .output(OutputSpec.ofProbabilities().named("probs"))
        .build();
    int h = 23;
    int w = 31;
    Image image = randomImage(h, w, 1);
    List<Click> pcs = List.of(Click.positive(4, 4, 0), Click.positive(20, 29, 2));
    List<Click> ncs = List.of(Click.negative(11, 15, 1));
    try (OnnxIisModel model = OnnxIisModel.load(onnx, spec)) {
      assertEquals("maps.onnx", model.name());
      State z0 = model.initialZ(image);
      Prediction first = model.predict(image, z0, pcs, ncs);
      Prediction second = model.predict(image, first.z(), pcs, ncs);
      ProbabilityMap prev = first.y();
      assertEquals(new PreviousPrediction(second.y()), second.z());
      for (int r = 0; r < h; r++) {
        for (int c = 0; c < w; c++) {
          double red = image.channel(r, c, 0) / 255.0;
          double clicks = 10 * (disk(pcs, r, c) - disk(ncs, r, c));
          assertEquals(sigmoid(clicks + 2 * red - 2), first.y().get(r, c), 1e-5, "first " + r + "," + c);
          assertEquals(sigmoid(clicks + 2 * red + 4 * prev.get(r, c) - 2), second.y().get(r, c), 1e-5);
        }
      }
    }
    // the same network read through its logits output gives the same probabilities
    ExternalModelSpec logits = ExternalModelSpec.builder()
        .addImage("image", new float[] {0, 0, 0}, new float[] {1, 1, 1}, true).addClickMaps("clicks", 5)
        .output(OutputSpec.ofLogits().named("logits")).build();
    try (OnnxIisModel a = OnnxIisModel.load(onnx, spec); OnnxIisModel b = OnnxIisModel.load(onnx, logits)) {
      ProbabilityMap pa = a.predict(image, a.initialZ(image), pcs, ncs).y();
      ProbabilityMap pb = b.predict(image, b.initialZ(image), pcs, ncs).y();
      for (int i = 0; i < h * w; i++) {
        assertEquals(pa.getAt(i), pb.getAt(i), 1e-6);
      }
      // a start mask becomes the previous prediction
      Mask start = Mask.fromPredicate(h, w, i -> i % 3 == 0);
      ProbabilityMap fromMask = a.predict(image, a.initialZ(image, start), List.of(), List.of()).y();
      for (int r = 0; r < h; r++) {
        for (int c = 0; c < w; c++) {
          double red = image.channel(r, c, 0) / 255.0;
          double m = start.isObject(r, c) ? 1 : 0;
          assertEquals(sigmoid(2 * red + 4 * m - 2), fromMask.get(r, c), 1e-5);
        }
      }
    }
  }

  @Test
  void ritmSpecPassesThePaddedPointList() throws IOException {
    Path onnx = OnnxFixtures.pointsModel(dir.resolve("points.onnx"));
    Image image = randomImage(9, 12, 2);
    List<Click> pcs = List.of(Click.positive(1, 2, 0), Click.positive(3, 4, 1), Click.positive(8, 11, 3));
    List<Click> ncs = List.of(Click.negative(5, 6, 2));
    try (OnnxIisModel model = OnnxIisModel.load(onnx, ExternalModelSpec.ritm())) {
      ProbabilityMap y = model.predict(image, model.initialZ(image), pcs, ncs).y();
      // rows: 3 positive (row, col, index), then 1 negative + 2 padding rows of -1
      double sum = (1 + 2 + 0) + (3 + 4 + 1) + (8 + 11 + 3) + (5 + 6 + 2) + 2 * (-3);
      for (int i = 0; i < 9 * 12; i++) {
        assertEquals(sigmoid(0.001 * sum), y.getAt(i), 1e-6, "a 1x1 output is resized to the image");
      }
      ProbabilityMap none = model.predict(image, model.initialZ(image), List.of(), List.of()).y();
      assertEquals(sigmoid(0.001 * -6), none.getAt(0), 1e-6, "no clicks: one padding row per sign");
    }
  }

  @Test
  void encoderRunsOncePerImage() throws IOException {
    Path enc = OnnxFixtures.encoder(dir.resolve("enc.onnx"));
    Path dec = OnnxFixtures.decoder(dir.resolve("dec.onnx"));
    ExternalModelSpec spec = ExternalModelSpec.builder().addEncoderImage("image").addEmbedding("embedding", 0)
        .addClickMaps("clicks", 5).output(OutputSpec.ofLogits()).build();
    Image a = randomImage(16, 20, 3);
    Image b = randomImage(16, 20, 4);
    try (OnnxIisModel model = OnnxIisModel.loadEncoderDecoder(enc, dec, spec)) {
      State z = model.initialZ(a);
      List<Click> pcs = List.of(Click.positive(8, 10, 0));
      Prediction p1 = model.predict(a, z, pcs, List.of());
      List<Click> ncs = List.of(Click.negative(2, 2, 1));
      Prediction p2 = model.predict(a, p1.z(), pcs, ncs);
      assertEquals(1, model.encoderRuns(), "one encoder run for two clicks on one image");
      for (int r = 0; r < 16; r++) {
        for (int c = 0; c < 20; c++) {
          double grey = (a.channel(r, c, 0) + a.channel(r, c, 1) + a.channel(r, c, 2)) / 255.0;
          assertEquals(sigmoid(10 * (disk(pcs, r, c) - disk(ncs, r, c)) + 3 * grey - 1), p2.y().get(r, c), 1e-5);
        }
      }
      Prediction pb = model.predict(b, model.initialZ(b), pcs, List.of());
      assertEquals(2, model.encoderRuns());
      double grey = (b.channel(0, 0, 0) + b.channel(0, 0, 1) + b.channel(0, 0, 2)) / 255.0;
      assertEquals(sigmoid(3 * grey - 1), pb.y().get(0, 0), 1e-5, "the new image's embedding is used");
    }
  }

  @Test
  void badInputFailsClearly() throws IOException {
    Path onnx = OnnxFixtures.clickMapModel(dir.resolve("maps.onnx"));
    ExternalModelSpec spec = ExternalModelSpec.builder()
        .addImage("image", new float[] {0, 0, 0}, new float[] {1, 1, 1}, true).addClickMaps("clicks", 5).build();
    ExternalModelException missing = assertThrows(ExternalModelException.class,
        () -> OnnxIisModel.load(dir.resolve("absent.onnx"), spec));
    assertTrue(missing.getMessage().contains("absent.onnx"), missing.getMessage());
    Path garbage = Files.write(dir.resolve("garbage.onnx"), new byte[] {1, 2, 3, 4, 5});
    ExternalModelException corrupt = assertThrows(ExternalModelException.class, () -> OnnxIisModel.load(garbage, spec));
    assertTrue(corrupt.getMessage().contains("garbage.onnx"), corrupt.getMessage());

    Image image = randomImage(10, 10, 5);
    try (OnnxIisModel model = OnnxIisModel.load(onnx, spec)) {
      assertThrows(IllegalArgumentException.class,
          () -> model.predict(image, model.initialZ(image), List.of(Click.positive(10, 3, 0)), List.of()));
      assertThrows(IllegalArgumentException.class,
          () -> model.predict(image, model.initialZ(image), List.of(Click.negative(1, 3, 0)), List.of()));
    }
    ExternalModelSpec wrongOutput = ExternalModelSpec.builder()
        .addImage("image", new float[] {0, 0, 0}, new float[] {1, 1, 1}, true).addClickMaps("clicks", 5)
        .output(OutputSpec.ofLogits().named("mask")).build();
    try (OnnxIisModel model = OnnxIisModel.load(onnx, wrongOutput)) {
      Exception e = assertThrows(RuntimeException.class,
          () -> model.predict(image, model.initialZ(image), List.of(), List.of()));
      assertTrue(String.valueOf(e.getMessage()).contains("mask") || String.valueOf(e.getCause()).contains("mask"),
          String.valueOf(e));
    }
    ExternalModelSpec wrongName = ExternalModelSpec.builder()
        .addImage("img", new float[] {0, 0, 0}, new float[] {1, 1, 1}, true).addClickMaps("clicks", 5).build();
    try (OnnxIisModel model = OnnxIisModel.load(onnx, wrongName)) {
      ExternalModelException e = assertThrows(ExternalModelException.class,
          () -> model.predict(image, model.initialZ(image), List.of(), List.of()));
      assertTrue(e.getMessage().contains("maps.onnx"), e.getMessage());
    }
  }
}
