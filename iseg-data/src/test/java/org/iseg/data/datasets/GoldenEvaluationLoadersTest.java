package org.iseg.data.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.iseg.api.testing.SharedData;
import org.iseg.data.EvaluationDataset;
import org.iseg.data.EvaluationSample;
import org.iseg.data.spi.DatasetProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The evaluation loaders reproduce RITM's: same sample order, sizes, object and ignore pixel counts as the
 * golden files written by RITM's own loaders.
 */
class GoldenEvaluationLoadersTest {
  @ParameterizedTest
  @CsvSource({"grabcut, GrabCut, 50", "berkeley, Berkeley, 100", "davis, DAVIS, 345"})
  void everySampleMatchesRitm(String provider, String folder, int expectedSize) throws IOException {
    Path root = SharedData.dataset(folder);
    JsonObject golden = JsonParser.parseString(
        Files.readString(SharedData.golden("eval-nearest-click/" + folder + ".json"))).getAsJsonObject();
    JsonArray samples = golden.getAsJsonArray("samples");
    EvaluationDataset dataset = DatasetProvider.registry().get(provider).openEvaluation(root);

    assertEquals(expectedSize, dataset.size());
    assertEquals(samples.size(), dataset.size());
    for (int i = 0; i < dataset.size(); i++) {
      JsonObject expected = samples.get(i).getAsJsonObject();
      EvaluationSample sample = dataset.get(i);
      String where = folder + " sample " + i + " (" + sample.id() + ")";
      assertEquals(expected.get("image").getAsString(), sample.id(), where);
      assertEquals(expected.get("image").getAsString(), dataset.id(i), where);
      assertEquals(expected.get("height").getAsInt(), sample.image().height(), where);
      assertEquals(expected.get("width").getAsInt(), sample.image().width(), where);
      assertEquals(expected.get("objectPixels").getAsInt(), sample.target().area(), where);
      assertEquals(expected.get("ignorePixels").getAsInt(), sample.target().ignoredCount(), where);
    }
  }
}
