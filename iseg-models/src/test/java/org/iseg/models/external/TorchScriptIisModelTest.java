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
  void corruptArchiveFailsNamingTheFile() throws IOException {
    Path bad = Files.write(dir.resolve("broken.pt"), new byte[] {'P', 'K', 3, 4, 0, 0});
    ExternalModelSpec spec = ExternalModelSpec.builder().addImage("image").addClickMaps("clicks", 5).build();
    ExternalModelException e = assertThrows(ExternalModelException.class, () -> TorchScriptIisModel.load(bad, spec));
    assertTrue(e.getMessage().contains("broken.pt") && e.getMessage().contains("TorchScript"), e.getMessage());
  }
}
