package org.iseg.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.iseg.api.testing.SharedData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * NoC, NoF and the mIoU curve computed from the per-sample IoUs RITM's own code produced must equal the
 * figures RITM computed from them, to the last bit (golden/eval-nearest-click).
 */
class GoldenMetricsTest {

  @ParameterizedTest
  @ValueSource(strings = {"GrabCut", "Berkeley", "DAVIS"})
  void figuresFromRitmIousEqualRitmsFigures(String dataset) throws IOException {
    JsonObject golden = JsonParser.parseString(
        Files.readString(SharedData.golden("eval-nearest-click/" + dataset + ".json"))).getAsJsonObject();
    int maxClicks = golden.get("maxClicks").getAsInt();
    List<float[]> curves = new ArrayList<>();
    for (JsonElement e : golden.getAsJsonArray("samples")) {
      var ious = e.getAsJsonObject().getAsJsonArray("ious");
      float[] curve = new float[ious.size()];
      for (int i = 0; i < curve.length; i++) {
        curve[i] = (float) ious.get(i).getAsDouble();
      }
      curves.add(curve);
    }
    for (String key : List.of("0.80", "0.85", "0.90")) {
      NocSummary s = Noc.summarize(curves, Double.parseDouble(key), maxClicks);
      assertEquals(golden.getAsJsonObject("noc").get(key).getAsDouble(), s.meanNoc(), dataset + " NoC@" + key);
      assertEquals(golden.getAsJsonObject("nof").get(key).getAsInt(), s.nof(), dataset + " NoF@" + key);
    }
    float[] miou = MiouCurve.meanIouPerClick(curves, maxClicks);
    var expected = golden.getAsJsonArray("miouAtClick");
    assertEquals(expected.size(), miou.length);
    for (int k = 0; k < miou.length; k++) {
      assertEquals(expected.get(k).getAsDouble(), (double) miou[k], 0.0, dataset + " mIoU@" + (k + 1));
    }
  }
}
