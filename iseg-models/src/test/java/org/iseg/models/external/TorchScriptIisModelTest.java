package org.iseg.models.external;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.iseg.api.Click;
import org.iseg.api.Image;
import org.iseg.api.Prediction;
import org.iseg.api.ProbabilityMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorchScriptIisModelTest {
  @TempDir Path dir;

  @Test
  void handWrittenTorchScriptNetworkSeesImageClicksAndPreviousMask() throws IOException {
    Path pt = TorchScriptFixtures.clickMapModel(dir.resolve("maps.pt"));
    ExternalModelSpec spec = ExternalModelSpec.builder()
        .addImage("image", new float[] {0, 0, 0}, new float[] {1, 1, 1}, true)
        .addClickMaps("clicks", 5)
        .output(OutputSpec.ofLogits())
        .build();
    int h = 19;
    int w = 27;
    Image image = OnnxIisModelTest.randomImage(h, w, 11);
    List<Click> pcs = List.of(Click.positive(3, 3, 0));
    List<Click> ncs = List.of(Click.negative(15, 20, 1));
    try (TorchScriptIisModel model = TorchScriptIisModel.load(pt, spec)) {
      Prediction first = model.predict(image, model.initialZ(image), pcs, ncs);
      Prediction second = model.predict(image, first.z(), pcs, ncs);
      ProbabilityMap prev = first.y();
      for (int r = 0; r < h; r++) {
        for (int c = 0; c < w; c++) {
          double red = image.channel(r, c, 0) / 255.0;
          double clicks = 10 * (OnnxIisModelTest.disk(pcs, r, c) - OnnxIisModelTest.disk(ncs, r, c));
          assertEquals(OnnxIisModelTest.sigmoid(clicks + 2 * red - 2), first.y().get(r, c), 1e-5);
          assertEquals(OnnxIisModelTest.sigmoid(clicks + 2 * red + 4 * prev.get(r, c) - 2), second.y().get(r, c),
              1e-5);
        }
      }
    }
  }

  @Test
  void encoderDecoderPairRunsTheEncoderOncePerImage() throws IOException {
    Path enc = TorchScriptFixtures.encoder(dir.resolve("enc.pt"));
    Path dec = TorchScriptFixtures.decoder(dir.resolve("dec.pt"));
    ExternalModelSpec spec = ExternalModelSpec.builder().addEncoderImage("image").addEmbedding("embedding", 0)
        .addClickMaps("clicks", 5).output(OutputSpec.ofLogits()).build();
    Image a = OnnxIisModelTest.randomImage(12, 15, 31);
    Image b = OnnxIisModelTest.randomImage(12, 15, 32);
    List<Click> pcs = List.of(Click.positive(6, 7, 0));
    List<Click> ncs = List.of(Click.negative(1, 1, 1));
    try (TorchScriptIisModel model = TorchScriptIisModel.loadEncoderDecoder(enc, dec, spec)) {
      Prediction p1 = model.predict(a, model.initialZ(a), pcs, List.of());
      Prediction p2 = model.predict(a, p1.z(), pcs, ncs);
      assertEquals(1, model.encoderRuns());
      for (int r = 0; r < 12; r++) {
        for (int c = 0; c < 15; c++) {
          double grey = (a.channel(r, c, 0) + a.channel(r, c, 1) + a.channel(r, c, 2)) / 255.0;
          double clicks = 10 * (OnnxIisModelTest.disk(pcs, r, c) - OnnxIisModelTest.disk(ncs, r, c));
          assertEquals(OnnxIisModelTest.sigmoid(clicks + 3 * grey - 1), p2.y().get(r, c), 1e-5);
        }
      }
      model.predict(b, model.initialZ(b), pcs, ncs);
      assertEquals(2, model.encoderRuns());
    }
  }

  @Test
  void corruptArchiveFailsNamingTheFile() throws IOException {
    Path bad = Files.write(dir.resolve("broken.pt"), new byte[] {'P', 'K', 3, 4, 0, 0});
    ExternalModelSpec spec = ExternalModelSpec.builder().addImage("image").addClickMaps("clicks", 5).build();
    ExternalModelException e = assertThrows(ExternalModelException.class, () -> TorchScriptIisModel.load(bad, spec));
    assertTrue(e.getMessage().contains("broken.pt") && e.getMessage().contains("TorchScript"), e.getMessage());
  }
}
