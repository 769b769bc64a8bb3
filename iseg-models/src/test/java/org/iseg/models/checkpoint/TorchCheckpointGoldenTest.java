package org.iseg.models.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import org.iseg.api.testing.SharedData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * RITM's own checkpoints (saved by {@code torch.save} from RITM's code). Expected figures: parameter counts from
 * {@code meta.json}; tensor sums computed independently with numpy from the same file.
 */
class TorchCheckpointGoldenTest {

  @ParameterizedTest
  @CsvSource({
    "hrnet18s_itermask, 929, 46575.561875524974, -1.1697818257234758, 0.049458831548690796, -0.08325228840112686",
    "hrnet18_itermask, 1895, 176022.79257047182, 0.9673810695749125, -0.07354512065649033, 0.032062284648418427"
  })
  void readsRitmCheckpoint(String model, int tensors, double sumAll, double conv1Sum, double conv1First,
      double conv1Last) throws IOException {
    Path dir = SharedData.golden("ritm-models/" + model);
    Path file = dir.resolve("checkpoint.pth");
    TorchCheckpoint ckpt = TorchCheckpoint.read(file);
    JsonObject meta = JsonParser.parseString(Files.readString(dir.resolve("meta.json"))).getAsJsonObject();

    // one storage file per tensor in these files: the zip itself says how many tensors there are
    try (ZipFile zip = new ZipFile(file.toFile())) {
      long storages = Collections.list(zip.entries()).stream().filter(e -> e.getName().contains("/data/")).count();
      assertEquals(storages, ckpt.stateDict().size());
    }
    assertEquals(tensors, ckpt.stateDict().size());
    assertTrue(ckpt.skippedEntries().isEmpty());
    assertEquals(meta.get("parameters").getAsLong(), ckpt.parameterCount());

    List<String> names = new ArrayList<>(ckpt.stateDict().keySet());
    assertEquals(List.of("maps_transform.0.weight", "maps_transform.0.bias", "maps_transform.2.weight"),
        names.subList(0, 3));
    assertEquals(List.of("feature_extractor.aux_head.1.num_batches_tracked", "feature_extractor.aux_head.3.weight",
        "feature_extractor.aux_head.3.bias"), names.subList(names.size() - 3, names.size()));

    TensorData conv1 = ckpt.tensor("feature_extractor.conv1.weight");
    assertArrayEquals(new long[] {64, 3, 3, 3}, conv1.shape());
    assertEquals(conv1First, conv1.value(0));
    assertEquals(conv1Last, conv1.value(conv1.size() - 1));
    assertEquals(conv1Sum, sum(conv1), 1e-9);
    double total = 0;
    for (TensorData t : ckpt.stateDict().values()) {
      total += sum(t);
    }
    assertEquals(sumAll, total, 1e-6);
    assertEquals(TorchDtype.INT64, ckpt.dtype("feature_extractor.bn1.num_batches_tracked"));
    assertArrayEquals(new long[] {1},
        ckpt.integerValues("feature_extractor.bn1.num_batches_tracked").orElseThrow());

    assertEquals("isegm.model.is_hrnet_model.HRNetModel", ckpt.configClass().orElseThrow());
    for (Map.Entry<String, JsonElement> e : meta.getAsJsonObject("ritmConfig").entrySet()) {
      Object value = ckpt.configParam(e.getKey()).orElseThrow(() -> new AssertionError("no param " + e.getKey()));
      JsonElement expected = e.getValue();
      if (expected.getAsJsonPrimitive().isBoolean()) {
        assertEquals(expected.getAsBoolean(), value, e.getKey());
      } else {
        assertEquals(expected.getAsLong(), value, e.getKey());
      }
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> width = (Map<String, Object>) ((Map<String, Object>) ckpt.config().get("params")).get("width");
    assertEquals(Map.of("type", "builtin", "value", 18L, "specified", true), width);
    assertEquals("torch.nn.modules.batchnorm.BatchNorm2d", ckpt.configParam("norm_layer").orElseThrow());
  }

  private static double sum(TensorData t) {
    double s = 0;
    for (int i = 0; i < t.size(); i++) {
      s += t.value(i);
    }
    return s;
  }
}
