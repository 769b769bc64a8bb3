package org.iseg.metrics.segmentation;

import static org.iseg.metrics.segmentation.GoldenJson.diff;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** PQ/SQ/RQ against panopticapi's {@code pq_compute} on golden/metrics. */
class PanopticQualityGoldenTest {

  static PanopticResult evaluateGolden() {
    Path data = GoldenJson.dir().resolve("data");
    return PanopticQuality.evaluate(data.resolve("panoptic_gt.json"), data.resolve("panoptic_gt"),
        data.resolve("panoptic_pred.json"), data.resolve("panoptic_pred"));
  }

  @Test
  void matchesPanopticapi() {
    JsonObject ref = GoldenJson.reference("panoptic.json");
    PanopticResult r = evaluateGolden();
    double max = 0;
    for (var e : List.of(new Object[] {"All", r.all()}, new Object[] {"Things", r.things()},
        new Object[] {"Stuff", r.stuff()})) {
      JsonObject expected = ref.getAsJsonObject((String) e[0]);
      PanopticResult.Summary s = (PanopticResult.Summary) e[1];
      assertEquals(expected.get("n").getAsInt(), s.n(), (String) e[0]);
      max = Math.max(max, diff(expected.get("pq").getAsDouble(), s.pq()));
      max = Math.max(max, diff(expected.get("sq").getAsDouble(), s.sq()));
      max = Math.max(max, diff(expected.get("rq").getAsDouble(), s.rq()));
    }
    JsonObject perClass = ref.getAsJsonObject("per_class");
    JsonObject sums = ref.getAsJsonObject("per_category_sums");
    assertEquals(perClass.size(), r.perCategory().size());
    for (String id : perClass.keySet()) {
      PanopticResult.CategoryResult c = r.category(Integer.parseInt(id)).orElseThrow();
      JsonObject expected = perClass.getAsJsonObject(id);
      max = Math.max(max, diff(expected.get("pq").getAsDouble(), c.pq()));
      max = Math.max(max, diff(expected.get("sq").getAsDouble(), c.sq()));
      max = Math.max(max, diff(expected.get("rq").getAsDouble(), c.rq()));
      if (sums.has(id)) {
        JsonObject s = sums.getAsJsonObject(id);
        assertEquals(s.get("tp").getAsInt(), c.tp(), "TP of " + id);
        assertEquals(s.get("fp").getAsInt(), c.fp(), "FP of " + id);
        assertEquals(s.get("fn").getAsInt(), c.fn(), "FN of " + id);
        max = Math.max(max, diff(s.get("iou_sum").getAsDouble(), c.iouSum()));
      } else {
        assertTrue(!c.counted(), id + " has no counts in panopticapi");
      }
    }
    assertTrue(max <= 1e-12, "PQ figures differ from panopticapi by " + max);
    List<String> printed = new ArrayList<>();
    ref.getAsJsonArray("printout").forEach(l -> printed.add(l.getAsString()));
    assertEquals(printed, r.table());
    System.out.printf("panoptic: max |diff| vs panopticapi %.3g%n", max);
  }

  @Test
  void perImageCountsMatch() {
    Path data = GoldenJson.dir().resolve("data");
    JsonObject ref = GoldenJson.reference("panoptic.json").getAsJsonObject("per_image_per_category_sums");
    JsonObject gt = GoldenJson.read(data.resolve("panoptic_gt.json"));
    JsonObject pred = GoldenJson.read(data.resolve("panoptic_pred.json"));
    JsonArray gtAnns = gt.getAsJsonArray("annotations");
    JsonArray predAnns = pred.getAsJsonArray("annotations");
    for (int i = 0; i < gtAnns.size(); i++) {
      String imageId = gtAnns.get(i).getAsJsonObject().get("image_id").getAsString();
      JsonObject oneGt = gt.deepCopy();
      JsonArray a = new JsonArray();
      a.add(gtAnns.get(i));
      oneGt.add("annotations", a);
      JsonObject onePred = pred.deepCopy();
      JsonArray b = new JsonArray();
      predAnns.forEach(p -> {
        if (p.getAsJsonObject().get("image_id").getAsString().equals(imageId)) {
          b.add(p);
        }
      });
      onePred.add("annotations", b);
      PanopticResult r = PanopticQuality.evaluate(write(oneGt), data.resolve("panoptic_gt"), write(onePred),
          data.resolve("panoptic_pred"));
      JsonObject expected = ref.getAsJsonObject(imageId);
      for (PanopticResult.CategoryResult c : r.perCategory()) {
        String cat = Integer.toString(c.categoryId());
        if (!expected.has(cat)) {
          assertEquals(0, c.tp() + c.fp() + c.fn(), imageId + "/" + cat);
          continue;
        }
        JsonObject s = expected.getAsJsonObject(cat);
        assertEquals(s.get("tp").getAsInt(), c.tp(), imageId + "/" + cat + " TP");
        assertEquals(s.get("fp").getAsInt(), c.fp(), imageId + "/" + cat + " FP");
        assertEquals(s.get("fn").getAsInt(), c.fn(), imageId + "/" + cat + " FN");
        assertEquals(s.get("iou_sum").getAsDouble(), c.iouSum(), 1e-12, imageId + "/" + cat + " IoU sum");
      }
    }
  }

  private static Path write(JsonObject o) {
    try {
      Path f = java.nio.file.Files.createTempFile("pq", ".json");
      f.toFile().deleteOnExit();
      java.nio.file.Files.writeString(f, o.toString());
      return f;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
