package org.iseg.metrics.segmentation;

import static org.iseg.metrics.segmentation.GoldenJson.diff;
import static org.iseg.metrics.segmentation.GoldenJson.numbers;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** mIoU / aAcc / mAcc / mDice / mFscore against mmsegmentation's {@code IoUMetric} on golden/metrics. */
class SemanticSegmentationGoldenTest {

  @Test
  void matchesMmsegmentationIoUMetric() {
    Path data = GoldenJson.dir().resolve("data");
    JsonObject ref = GoldenJson.reference("semantic.json");
    SemanticSegmentationResult r = SemanticSegmentationMetrics.evaluateFolders(data.resolve("semantic_pred"),
        data.resolve("semantic_gt"), ref.get("num_classes").getAsInt(), ref.get("ignore_index").getAsInt());

    assertArrayEquals(longs(ref, "total_area_intersect"), r.areaIntersect());
    assertArrayEquals(longs(ref, "total_area_union"), r.areaUnion());
    assertArrayEquals(longs(ref, "total_area_pred_label"), r.areaPrediction());
    assertArrayEquals(longs(ref, "total_area_label"), r.areaLabel());

    double max64 = 0;
    max64 = Math.max(max64, diff(ref.get("aAcc_float64").getAsDouble(), r.allAccuracy()));
    max64 = Math.max(max64, diff(ref.get("mIoU_float64").getAsDouble(), r.meanIou()));
    max64 = Math.max(max64, diff(ref.get("mAcc_float64").getAsDouble(), r.meanAccuracy()));
    max64 = Math.max(max64, maxDiff(numbers(ref.getAsJsonArray("IoU_float64")), r.iou()));
    max64 = Math.max(max64, maxDiff(numbers(ref.getAsJsonArray("Acc_float64")), r.accuracy()));
    assertTrue(max64 <= 1e-12, "float64 figures differ by " + max64);

    double max32 = 0; // mmseg computes in float32
    max32 = Math.max(max32, diff(ref.get("aAcc_float32").getAsDouble(), r.allAccuracy()));
    max32 = Math.max(max32, diff(ref.get("mIoU_float32_nanmean").getAsDouble(), r.meanIou()));
    max32 = Math.max(max32, diff(ref.get("mAcc_float32_nanmean").getAsDouble(), r.meanAccuracy()));
    for (var e : Map.of("IoU", r.iou(), "Acc", r.accuracy(), "Dice", r.dice(), "Fscore", r.fscore(),
        "Precision", r.precision(), "Recall", r.recall()).entrySet()) {
      max32 = Math.max(max32, maxDiff(numbers(ref.getAsJsonArray(e.getKey() + "_float32")), e.getValue()));
    }
    assertTrue(max32 <= 1e-6, "float32 figures differ by " + max32);

    JsonObject printed = ref.getAsJsonObject("summary_mmseg_rounded_percent");
    assertEquals(printed.get("aAcc").getAsDouble(), SemanticSegmentationResult.percent(r.allAccuracy()), 1e-9);
    assertEquals(printed.get("mIoU").getAsDouble(), SemanticSegmentationResult.percent(r.meanIou()), 1e-9);
    assertEquals(printed.get("mAcc").getAsDouble(), SemanticSegmentationResult.percent(r.meanAccuracy()), 1e-9);
    assertEquals(printed.get("mDice").getAsDouble(), SemanticSegmentationResult.percent(r.meanDice()), 1e-9);
    assertEquals(printed.get("mFscore").getAsDouble(), SemanticSegmentationResult.percent(r.meanFscore()), 1e-9);
    assertEquals(printed.get("mPrecision").getAsDouble(), SemanticSegmentationResult.percent(r.meanPrecision()),
        1e-9);
    assertEquals(printed.get("mRecall").getAsDouble(), SemanticSegmentationResult.percent(r.meanRecall()), 1e-9);
    assertEquals("aAcc 78.66  mIoU 57.59  mAcc 82.49", r.summary());
    System.out.printf("semantic: max |diff| float64 %.3g, vs mmseg float32 %.3g%n", max64, max32);
  }

  @Test
  void perImageAreasMatch() {
    Path data = GoldenJson.dir().resolve("data");
    JsonObject perImage = GoldenJson.reference("semantic.json").getAsJsonObject("per_image");
    for (String id : perImage.keySet()) {
      SemanticSegmentationResult r = SemanticSegmentationMetrics.create(8, 255)
          .add(data.resolve("semantic_pred/" + id + ".png"), data.resolve("semantic_gt/" + id + ".png")).result();
      JsonObject e = perImage.getAsJsonObject(id);
      assertArrayEquals(numbers(e.getAsJsonArray("area_intersect")), toDouble(r.areaIntersect()), id);
      assertArrayEquals(numbers(e.getAsJsonArray("area_union")), toDouble(r.areaUnion()), id);
      assertArrayEquals(numbers(e.getAsJsonArray("area_pred_label")), toDouble(r.areaPrediction()), id);
      assertArrayEquals(numbers(e.getAsJsonArray("area_label")), toDouble(r.areaLabel()), id);
    }
  }

  private static long[] longs(JsonObject o, String key) {
    double[] d = numbers(o.getAsJsonArray(key));
    long[] out = new long[d.length];
    for (int i = 0; i < d.length; i++) {
      out[i] = (long) d[i];
    }
    return out;
  }

  private static double[] toDouble(long[] a) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i];
    }
    return out;
  }

  private static double maxDiff(double[] expected, double[] actual) {
    assertEquals(expected.length, actual.length);
    double m = 0;
    for (int i = 0; i < expected.length; i++) {
      m = Math.max(m, diff(expected[i], actual[i]));
    }
    return m;
  }
}
