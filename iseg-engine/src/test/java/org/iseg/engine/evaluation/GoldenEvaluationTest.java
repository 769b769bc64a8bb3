package org.iseg.engine.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.iseg.api.Click;
import org.iseg.api.testing.SharedData;
import org.iseg.data.EvaluationDataset;
import org.iseg.data.spi.DatasetProvider;
import org.iseg.engine.testing.NearestClickModel;
import org.iseg.metrics.DatasetResult;
import org.iseg.metrics.NocSummary;
import org.iseg.metrics.Protocol;
import org.iseg.metrics.SampleResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The whole protocol against RITM's own evaluation outputs (golden/eval-nearest-click): our loaders, the
 * {@code ritm} robot, the evaluator and the metrics, driving {@link NearestClickModel} for all 20 clicks, must
 * reproduce every click, every IoU and the NoC/NoF/mIoU figures RITM computed on GrabCut, Berkeley and DAVIS.
 */
class GoldenEvaluationTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({"GrabCut, grabcut", "Berkeley, berkeley", "DAVIS, davis"})
  void reproducesRitmClickForClick(String folder, String provider) throws IOException {
    JsonObject golden = JsonParser.parseString(
        Files.readString(SharedData.golden("eval-nearest-click/" + folder + ".json"))).getAsJsonObject();
    EvaluationDataset dataset =
        DatasetProvider.registry().get(provider).openEvaluation(SharedData.dataset(folder));
    Protocol protocol = Protocol.builder()
        .maxClicks(golden.get("maxClicks").getAsInt())
        .predictionThreshold(golden.get("predictionThreshold").getAsDouble())
        .allClicks()
        .build();

    EvaluationReport report = Evaluator.builder()
        .dataset(dataset)
        .model(NearestClickModel::unbounded)
        .robot("ritm")
        .protocol(protocol)
        .workers(2)
        .noProgress()
        .noTable()
        .build()
        .run();
    DatasetResult result = report.results().get(0);

    JsonArray samples = golden.getAsJsonArray("samples");
    assertEquals(samples.size(), result.samples().size(), folder + " sample count");
    assertEquals(0, result.failures().size(), () -> folder + " failures: " + result.failures());
    for (int s = 0; s < samples.size(); s++) {
      JsonObject g = samples.get(s).getAsJsonObject();
      SampleResult r = result.samples().get(s);
      String where = folder + " sample " + s + " (" + g.get("image").getAsString() + ")";
      assertEquals(g.get("image").getAsString(), r.id(), where + " id");
      assertEquals(g.get("height").getAsInt(), r.height(), where + " height");
      assertEquals(g.get("width").getAsInt(), r.width(), where + " width");
      assertEquals(g.get("objectPixels").getAsLong(), r.objectPixels(), where + " object pixels");
      assertEquals(g.get("ignorePixels").getAsLong(), r.ignorePixels(), where + " ignore pixels");
      JsonArray clicks = g.getAsJsonArray("clicks");
      JsonArray ious = g.getAsJsonArray("ious");
      assertEquals(clicks.size(), r.clickCount(), where + " click count");
      float[] ourIous = r.ious();
      for (int k = 0; k < clicks.size(); k++) {
        JsonArray c = clicks.get(k).getAsJsonArray();
        Click ours = r.clicks().get(k);
        String at = where + " click " + (k + 1);
        assertEquals(
            List.of(c.get(0).getAsInt(), c.get(1).getAsInt(), c.get(2).getAsBoolean()),
            List.of(ours.row(), ours.col(), ours.positive()), at + " (row, col, positive)");
        // RITM keeps float32 IoUs; ours are computed the same way, so they agree exactly (well within 1e-6).
        assertEquals(ious.get(k).getAsDouble(), (double) ourIous[k], 0.0, at + " IoU");
      }
    }
    for (String key : List.of("0.80", "0.85", "0.90")) {
      NocSummary noc = result.noc(Double.parseDouble(key));
      assertEquals(golden.getAsJsonObject("noc").get(key).getAsDouble(), noc.meanNoc(), folder + " NoC@" + key);
      assertEquals(golden.getAsJsonObject("nof").get(key).getAsInt(), noc.nof(), folder + " NoF@" + key);
    }
    float[] miou = result.miouAtClick();
    JsonArray expected = golden.getAsJsonArray("miouAtClick");
    assertEquals(expected.size(), miou.length);
    for (int k = 0; k < miou.length; k++) {
      assertEquals(expected.get(k).getAsDouble(), (double) miou[k], 0.0, folder + " mIoU@" + (k + 1));
    }
  }
}
