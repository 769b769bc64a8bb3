package org.iseg.models.backbones;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.iseg.api.testing.SharedData;
import org.iseg.models.nn.NativeCheck;
import org.iseg.models.tfjs.Floats32;
import org.iseg.models.tfjs.TfjsModel;
import org.junit.jupiter.api.Test;

/**
 * Our MobileNetV2 with nsfwjs's weights against TensorFlow.js running the same model ({@code
 * golden/mobilenetv2-tfjs}): every layer the golden stores, for both images, within 1e-4 of the tensor's max |value|.
 */
class MobileNetV2ParityTest {
  private static final double TOLERANCE = 1e-4;

  @Test
  void featuresEqualTensorflowJs() throws IOException {
    NativeCheck.requireSoundFloat32();
    Path golden = SharedData.golden("mobilenetv2-tfjs");
    JsonObject meta = JsonParser.parseString(Files.readString(golden.resolve("meta.json"))).getAsJsonObject();
    TfjsModel model = TfjsModel.read(golden.resolve("nsfwjs-4.4.0"));
    int compared = 0;
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      MobileNetV2 net = new MobileNetV2(3);
      net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 224, 224));
      MobileNetV2Weights.load(net, model, manager);
      for (JsonElement e : meta.getAsJsonArray("images")) {
        JsonObject image = e.getAsJsonObject();
        int h = image.get("height").getAsInt();
        int w = image.get("width").getAsInt();
        Map<String, JsonObject> wanted = new HashMap<>();
        image.getAsJsonArray("outputs").forEach(o -> wanted.put(o.getAsJsonObject().get("layer").getAsString(),
            o.getAsJsonObject()));
        Map<String, float[]> ours = new HashMap<>();
        try (NDManager run = manager.newSubManager()) {
          NDArray x = unitInput(run, Files.readAllBytes(golden.resolve(image.get("image").getAsString())), h, w);
          NDList features = net.run(new ParameterStore(run, false), x, null, false, (layer, value) -> {
            if (wanted.containsKey(layer)) {
              ours.put(layer, value.transpose(0, 2, 3, 1).toFloatArray()); // TF.js answers NHWC
            }
          });
          assertEquals(MobileNetV2.FEATURES.size(), features.size());
          for (int i = 0; i < features.size(); i++) {
            MobileNetV2.Feature f = MobileNetV2.FEATURES.get(i);
            assertArrayEquals(new long[] {1, f.channels(), h / f.stride(), w / f.stride()},
                features.get(i).getShape().getShape(), f.layer());
          }
        }
        for (Map.Entry<String, JsonObject> o : wanted.entrySet()) {
          float[] expected = Floats32.read(golden.resolve(o.getValue().get("file").getAsString()));
          float[] actual = ours.get(o.getKey());
          assertEquals(expected.length, actual.length, o.getKey());
          double max = 0;
          double err = 0;
          for (int i = 0; i < expected.length; i++) {
            max = Math.max(max, Math.abs(expected[i]));
            err = Math.max(err, Math.abs(expected[i] - actual[i]));
          }
          double relative = err / max;
          System.out.printf(Locale.ROOT, "%s %-22s max|tfjs| %8.4f  max|diff| %.3e  relative %.3e%n",
              image.get("image").getAsString(), o.getKey(), max, err, relative);
          assertTrue(relative <= TOLERANCE, image.get("image") + " " + o.getKey() + ": max |diff| " + err
              + " = " + relative + " of max |value| " + max);
          compared++;
        }
      }
    }
    assertEquals(10, compared);
  }

  /** RGB uint8, row-major, as 1 x 3 x H x W of x / 255 (nsfwjs's preprocessing). */
  static NDArray unitInput(NDManager manager, byte[] rgb, int h, int w) {
    float[] chw = new float[3 * h * w];
    for (int p = 0; p < h * w; p++) {
      for (int c = 0; c < 3; c++) {
        chw[c * h * w + p] = (rgb[3 * p + c] & 0xff) / 255f;
      }
    }
    return manager.create(chw, new Shape(1, 3, h, w));
  }
}
