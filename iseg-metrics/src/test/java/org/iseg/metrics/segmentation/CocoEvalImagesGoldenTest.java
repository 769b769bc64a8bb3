package org.iseg.metrics.segmentation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * COCOeval's intermediate results on golden/metrics: the IoU matrices (crowd columns over the detection's area)
 * and, per image and category at area "all", the ranked detections, the ground truth order and every match.
 */
class CocoEvalImagesGoldenTest {

  @Test
  void iouMatricesEqualMaskApi() {
    Path data = GoldenJson.dir().resolve("data");
    CocoGroundTruth gt = CocoGroundTruth.read(data.resolve("instances_gt.json"));
    List<CocoDetection> dets = CocoEval.readResults(data.resolve("instances_results_segm.json"));
    JsonObject ious = GoldenJson.reference("coco_segm.json").getAsJsonObject("ious");
    double max = 0;
    for (String key : ious.keySet()) {
      long imageId = Long.parseLong(key.split("/")[0]);
      int categoryId = Integer.parseInt(key.split("/")[1]);
      List<CocoInstance> g = gt.instances().stream()
          .filter(x -> x.imageId() == imageId && x.categoryId() == categoryId).toList();
      List<CocoDetection> d = new ArrayList<>(dets.stream()
          .filter(x -> x.imageId() == imageId && x.categoryId() == categoryId).toList());
      d.sort((x, y) -> Double.compare(-x.score(), -y.score()));
      JsonArray rows = ious.getAsJsonArray(key);
      assertEquals(rows.size(), d.size(), key);
      for (int i = 0; i < d.size(); i++) {
        double[] expected = GoldenJson.numbers(rows.get(i).getAsJsonArray());
        assertEquals(expected.length, g.size(), key);
        for (int j = 0; j < g.size(); j++) {
          double iou = d.get(i).mask().orElseThrow().iou(g.get(j).mask().orElseThrow(), g.get(j).crowd());
          max = Math.max(max, Math.abs(expected[j] - iou));
        }
      }
    }
    assertEquals(0.0, max, "IoU matrices differ from maskApi.c's by " + max);
  }

  @Test
  void perImageMatchesEqualEvaluateImg() {
    Path data = GoldenJson.dir().resolve("data");
    CocoGroundTruth gt = CocoGroundTruth.read(data.resolve("instances_gt.json"));
    CocoEval.EvalImage[][][] images = CocoEval.evaluateImages(gt,
        CocoEval.readResults(data.resolve("instances_results_segm.json")), CocoEval.IouType.SEGM);
    JsonArray expected = GoldenJson.reference("coco_segm.json").getAsJsonArray("evalImgs_areaAll_maxDet100");
    int nonNull = 0;
    for (CocoEval.EvalImage[][] byArea : images) {
      for (CocoEval.EvalImage e : byArea[0]) {
        nonNull += e == null ? 0 : 1;
      }
    }
    assertEquals(expected.size(), nonNull);
    for (JsonElement el : expected) {
      JsonObject x = el.getAsJsonObject();
      int k = gt.categoryIds().indexOf(x.get("category_id").getAsInt());
      int i = gt.imageIds().indexOf(x.get("image_id").getAsLong());
      CocoEval.EvalImage e = images[k][0][i];
      String what = x.get("image_id") + "/" + x.get("category_id");
      assertNotNull(e, what);
      assertArrayEquals(longs(x.getAsJsonArray("dtIds")), e.dtIds(), what);
      assertArrayEquals(longs(x.getAsJsonArray("gtIds")), e.gtIds(), what);
      assertArrayEquals(GoldenJson.numbers(x.getAsJsonArray("dtScores")), e.dtScores(), 0.0, what);
      JsonArray matches = x.getAsJsonArray("dtMatches");
      JsonArray ignores = x.getAsJsonArray("dtIgnore");
      for (int t = 0; t < matches.size(); t++) {
        assertArrayEquals(longs(matches.get(t).getAsJsonArray()), e.dtMatches()[t], what + " t" + t);
        long[] ig = longs(ignores.get(t).getAsJsonArray());
        for (int d = 0; d < ig.length; d++) {
          assertEquals(ig[d] != 0, e.dtIgnore()[t][d], what + " t" + t + " dtIgnore " + d);
        }
      }
      long[] gtIg = longs(x.getAsJsonArray("gtIgnore"));
      for (int g = 0; g < gtIg.length; g++) {
        assertEquals(gtIg[g] != 0, e.gtIgnore()[g], what + " gtIgnore " + g);
      }
    }
  }

  private static long[] longs(JsonArray a) {
    long[] out = new long[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (long) a.get(i).getAsDouble();
    }
    return out;
  }
}
