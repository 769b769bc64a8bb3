package org.iseg.models.external;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.iseg.api.Click;
import org.iseg.api.ClickHistory;
import org.iseg.api.ClickingRobot;
import org.iseg.api.IisModel;
import org.iseg.api.Image;
import org.iseg.api.InteractionTrace;
import org.iseg.api.Interactions;
import org.iseg.api.Mask;
import org.iseg.api.spi.IisModelProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExternalModelProviderTest {
  @TempDir Path dir;

  /** Clicks the first wrongly predicted pixel (row-major): positive on a miss, negative on a false alarm. */
  private static final ClickingRobot FIRST_ERROR = (prediction, target, history) -> {
    for (int r = 0; r < target.height(); r++) {
      for (int c = 0; c < target.width(); c++) {
        boolean want = target.isObject(r, c);
        if (want != prediction.isObject(r, c) && !history.contains(r, c)) {
          return List.of(new Click(r, c, want, history.nextIndex()));
        }
      }
    }
    return List.of(new Click(0, 0, false, history.nextIndex()));
  };

  @Test
  void registryCreatesAnEncoderDecoderModelThatRunsAFullInteraction() throws Exception {
    Path enc = OnnxFixtures.encoder(dir.resolve("enc.onnx"));
    Path dec = OnnxFixtures.decoder(dir.resolve("dec.onnx"));
    assertTrue(IisModelProvider.registry().names().containsAll(List.of("onnx", "torchscript")));
    IisModelProvider onnx = IisModelProvider.registry().get("onnx");
    Image image = Image.filled(20, 20, 0, 0, 0); // embedding 0: logits = 10 (pos - neg) - 1
    Mask target = Mask.fromPredicate(20, 20, i -> i / 20 < 10);
    try (IisModel model = onnx.create(Map.of("file", dec.toString(), "encoder", enc.toString(),
        "encoderImage", "image", "inputs", "embedding=embedding:0,clicks=disks:5"))) {
      InteractionTrace trace = Interactions.fullInference(model, FIRST_ERROR, image, target, 3);
      assertEquals(3, trace.steps().size());
      assertEquals(1, ((OnnxIisModel) model).encoderRuns(), "3 clicks, one encoder run");
      // first click: positive at (0, 0); its disk (radius 5) is the predicted object
      Mask first = trace.steps().get(0).mask();
      assertEquals(Mask.fromPredicate(20, 20, i -> (i / 20) * (i / 20) + (i % 20) * (i % 20) <= 25), first);
    }
  }

  @Test
  void torchscriptProviderAndMissingOptions() throws Exception {
    Path pt = TorchScriptFixtures.clickMapModel(dir.resolve("maps.pt"));
    IisModelProvider ts = IisModelProvider.registry().get("torchscript");
    Image image = OnnxIisModelTest.randomImage(8, 8, 3);
    try (IisModel model = ts.create(Map.of("file", pt.toString(), "inputs", "image=image+prev,clicks=disks:5"))) {
      var y = model.predict(image, model.initialZ(image), List.of(Click.positive(4, 4, 0)), new ArrayList<>()).y();
      double red = image.channel(4, 4, 0) / 255.0;
      assertEquals(OnnxIisModelTest.sigmoid(10 + 2 * red - 2), y.get(4, 4), 1e-5);
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ts.create(Map.of("inputs", "image=image")));
    assertTrue(e.getMessage().contains("file=PATH"), e.getMessage());
  }
}
