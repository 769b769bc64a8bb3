package org.iseg.metrics.segmentation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** COCO mask (segm) and box (bbox) AP/AR against pycocotools' COCOeval on golden/metrics. */
class CocoEvalGoldenTest {

  static CocoEvalResult evaluateGolden(String type) {
    Path data = GoldenJson.dir().resolve("data");
    return CocoEval.evaluate(data.resolve("instances_gt.json"), data.resolve("instances_results_" + type + ".json"),
        type.equals("segm") ? CocoEval.IouType.SEGM : CocoEval.IouType.BBOX);
  }

  @ParameterizedTest
  @ValueSource(strings = {"segm", "bbox"})
  void matchesCocoEval(String type) {
    JsonObject ref = GoldenJson.reference("coco_" + type + ".json");
    CocoEvalResult r = evaluateGolden(type);
    assertArrayEquals(GoldenJson.numbers(ref.getAsJsonObject("params").getAsJsonArray("iouThrs")),
        CocoEval.IOU_THRESHOLDS, 0.0);

    double[] expected = GoldenJson.numbers(ref.getAsJsonArray("stats"));
    double[] stats = r.stats();
    double maxStats = 0;
    for (int i = 0; i < expected.length; i++) {
      maxStats = Math.max(maxStats, GoldenJson.diff(expected[i], stats[i]));
    }
    assertTrue(maxStats <= 1e-12, type + " stats differ from COCOeval by " + maxStats);
    List<String> printed = new ArrayList<>();
    ref.getAsJsonArray("summarize_printout").forEach(l -> printed.add(l.getAsString()));
    assertEquals(printed, r.summary());

    double maxCategory = 0;
    JsonObject perCategory = ref.getAsJsonObject("per_category");
    for (String id : perCategory.keySet()) {
      JsonObject c = perCategory.getAsJsonObject(id);
      int k = Integer.parseInt(id);
      for (String area : List.of("all", "small", "medium", "large")) {
        maxCategory = Math.max(maxCategory, GoldenJson.diff(c.get("AP_" + area).getAsDouble(),
            r.categoryAp(k, OptionalDouble.empty(), area, 100)));
      }
      maxCategory = Math.max(maxCategory, GoldenJson.diff(c.get("AP50_all").getAsDouble(),
          r.categoryAp(k, OptionalDouble.of(.5), "all", 100)));
    }
    assertTrue(maxCategory <= 1e-12, type + " per-category AP differs by " + maxCategory);

    Map<String, double[]> arrays = Npz.read(GoldenJson.dir().resolve("reference/coco_" + type + "_eval.npz"));
    double[] precision = arrays.get("precision");
    double[] scores = arrays.get("scores");
    double[] recall = arrays.get("recall");
    int numT = 10;
    int numR = 101;
    int numK = r.categoryIds().size();
    double maxArrays = 0;
    int i = 0;
    int j = 0;
    for (int t = 0; t < numT; t++) {
      for (int rr = 0; rr < numR; rr++) {
        for (int k = 0; k < numK; k++) {
          for (int a = 0; a < 4; a++) {
            for (int m = 0; m < 3; m++, i++) {
              maxArrays = Math.max(maxArrays, Math.abs(precision[i] - r.precision(t, rr, k, a, m)));
              maxArrays = Math.max(maxArrays, Math.abs(scores[i] - r.score(t, rr, k, a, m)));
            }
          }
        }
      }
      for (int k = 0; k < numK; k++) {
        for (int a = 0; a < 4; a++) {
          for (int m = 0; m < 3; m++, j++) {
            maxArrays = Math.max(maxArrays, Math.abs(recall[j] - r.recall(t, k, a, m)));
          }
        }
      }
    }
    assertEquals(precision.length, i);
    assertEquals(recall.length, j);
    assertTrue(maxArrays <= 1e-12, type + " precision/recall/scores arrays differ by " + maxArrays);
    System.out.printf("coco %s: max |diff| stats %.3g, per-category AP %.3g, precision/recall/scores %.3g%n", type,
        maxStats, maxCategory, maxArrays);
  }
}
