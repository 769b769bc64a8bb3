package org.iseg.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.iseg.api.Image;
import org.iseg.api.coco.CocoMasks;
import org.iseg.api.testing.SharedData;
import org.iseg.data.datasets.Bsds500Coco;
import org.iseg.data.datasets.Bsds500Dataset;
import org.iseg.data.io.ImageFiles;
import org.iseg.data.io.LabelMap;
import org.iseg.metrics.segmentation.CocoEval;
import org.iseg.metrics.segmentation.CocoEvalResult;
import org.iseg.metrics.segmentation.PanopticQuality;
import org.iseg.metrics.segmentation.PanopticResult;
import org.iseg.metrics.segmentation.SemanticSegmentationMetrics;
import org.iseg.metrics.segmentation.SemanticSegmentationResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code iseg segment-eval} end to end: the golden tiny Mask2Former export on a COCO file made from two real BSDS500
 * test images. Its printed and JSON figures must equal what the metrics compute from the files {@code iseg segment}
 * writes for the same images (COCO results, panoptic PNG + segments, semantic PNG), with the ground truth written
 * independently in each tool's own format (thing-only instances file, panoptic PNGs, label PNGs).
 */
class SegmentEvalCommandTest {
  private static final List<String> THINGS = List.of("person", "bicycle", "car", "motorcycle", "airplane", "bus",
      "train", "truck");
  private static final List<String> STUFF = List.of("tree-merged", "sky-other-merged", "grass-merged",
      "wall-other-merged");

  @TempDir
  static Path dir;
  private static Path annotations;
  private static Path images;
  private static Path checkpoint;
  private static JsonObject coco;

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter err = new StringWriter();
    PrintStream old = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      int code = IsegCli.run(new PrintWriter(err, true), args);
      return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString());
    } finally {
      System.setOut(old);
    }
  }

  @BeforeAll
  static void buildSet() throws Exception {
    checkpoint = SharedData.golden("mask2former/checkpoint.pth");
    Path root = SharedData.dataset("BSDS500");
    images = root.resolve("images");
    annotations = dir.resolve("bsds-test.json");
    Bsds500Coco.write(Bsds500Dataset.open(root, Bsds500Dataset.Split.TEST), 35, 37,
        new Bsds500Coco.Layout(THINGS, STUFF, "person", "sky-other-merged", "grass-merged", 0.01), annotations);
    coco = JsonParser.parseString(Files.readString(annotations)).getAsJsonObject();
  }

  @Test
  void printedFiguresEqualTheMetricsOnSegmentsOutputs() throws Exception {
    Path segOut = dir.resolve("segment");
    for (JsonElement e : coco.getAsJsonArray("images")) {
      Path image = images.resolve(e.getAsJsonObject().get("file_name").getAsString());
      for (String task : new String[] {"panoptic", "instance", "semantic"}) {
        Run r = run("segment", "--task", task, "--checkpoint", checkpoint.toString(), image.toString(), "--out",
            segOut.toString());
        assertEquals(0, r.code(), r.err());
      }
    }
    // The random golden model matches no BSDS region, so AP and PQ would be 0 on both sides: add its panoptic thing
    // segments and its three best instances per image as ground truth (lower ids, so they keep their pixels first)
    // to make the figures informative.
    JsonObject mixed = withPredictedThings(segOut);
    Path mixedFile = writeJson("mixed.json", mixed);
    coco = mixed;
    Map<String, JsonObject> reports = new HashMap<>();
    for (String task : new String[] {"panoptic", "instance", "semantic"}) {
      Path json = dir.resolve(task + ".json");
      Run r = run("segment-eval", "--task", task, "--checkpoint", checkpoint.toString(), "--annotations",
          mixedFile.toString(), "--images", images.toString(), "--json", json.toString());
      assertEquals(0, r.code(), r.err());
      reports.put(task, JsonParser.parseString(Files.readString(json)).getAsJsonObject());
      reports.put(task + ".printed", printed(r.out()));
    }

    PanopticResult pq = independentPanoptic(segOut);
    JsonObject pan = reports.get("panoptic").getAsJsonObject("panoptic");
    assertEquals(pq.all().pq(), pan.getAsJsonObject("All").get("pq").getAsDouble(), 0.0);
    assertEquals(pq.things().sq(), pan.getAsJsonObject("Things").get("sq").getAsDouble(), 0.0);
    assertEquals(pq.stuff().rq(), pan.getAsJsonObject("Stuff").get("rq").getAsDouble(), 0.0);
    assertEquals(pq.all().n(), pan.getAsJsonObject("All").get("n").getAsInt());
    int errors = 0;
    for (JsonElement e : pan.getAsJsonArray("per_category")) {
      JsonObject c = e.getAsJsonObject();
      PanopticResult.CategoryResult ref = pq.category(c.get("category_id").getAsInt()).orElseThrow();
      assertEquals(ref.tp(), c.get("tp").getAsInt());
      assertEquals(ref.fp(), c.get("fp").getAsInt());
      assertEquals(ref.fn(), c.get("fn").getAsInt());
      assertEquals(ref.iouSum(), c.get("iou_sum").getAsDouble(), 0.0);
      errors += ref.fp() + ref.fn();
    }
    assertTrue(errors > 0, "the counts are informative");
    assertTrue(pq.things().pq() > 0, "some thing segments match");
    System.out.println("independent: " + pq.table());
    String panRow = String.format(Locale.ROOT, "%-7s %6.2f %6.2f %6.2f %3d", "All", 100 * pq.all().pq(),
        100 * pq.all().sq(), 100 * pq.all().rq(), pq.all().n());
    assertTrue(reports.get("panoptic.printed").get("text").getAsString().contains(panRow), panRow);

    Path results = instancesResults(segOut);
    Path thingsGt = thingsOnlyGroundTruth();
    CocoEvalResult segm = CocoEval.evaluate(thingsGt, results, CocoEval.IouType.SEGM);
    CocoEvalResult bbox = CocoEval.evaluate(thingsGt, boxResults(results), CocoEval.IouType.BBOX);
    JsonObject inst = reports.get("instance");
    for (int k = 0; k < 12; k++) {
      String name = CocoEvalResult.STAT_NAMES.get(k);
      assertEquals(segm.stats()[k], inst.getAsJsonObject("segm").get(name).getAsDouble(), 0.0, "segm " + name);
      assertEquals(bbox.stats()[k], inst.getAsJsonObject("bbox").get(name).getAsDouble(), 0.0, "bbox " + name);
    }
    System.out.println("independent segm " + java.util.Arrays.toString(segm.stats()) + " bbox "
        + java.util.Arrays.toString(bbox.stats()));
    assertTrue(segm.stats()[0] > 0 && bbox.stats()[0] > 0, "the predicted ground truth is found");
    String maskRow = String.format(Locale.ROOT, "%-5s %6.2f %6.2f %6.2f", "mask", 100 * segm.stats()[0],
        100 * segm.stats()[1], 100 * segm.stats()[2]);
    assertTrue(reports.get("instance.printed").get("text").getAsString().contains(maskRow), maskRow);

    SemanticSegmentationResult sem = independentSemantic(segOut);
    JsonObject s = reports.get("semantic").getAsJsonObject("semantic");
    assertEquals(sem.meanIou(), s.get("mIoU").getAsDouble(), 0.0);
    assertEquals(sem.allAccuracy(), s.get("aAcc").getAsDouble(), 0.0);
    assertTrue(sem.allAccuracy() > 0, "some pixels agree: the comparison is informative");
  }

  @Test
  void badInputIsNamed() throws Exception {
    Run missing = run("segment-eval", "--task", "panoptic", "--checkpoint", checkpoint.toString(), "--annotations",
        dir.resolve("nope.json").toString(), "--images", images.toString());
    assertEquals(2, missing.code());
    assertTrue(missing.err().contains("nope.json") && missing.err().contains("does not exist"), missing.err());

    Run noImages = run("segment-eval", "--task", "panoptic", "--checkpoint", checkpoint.toString(),
        "--annotations", annotations.toString(), "--images", dir.resolve("no-images").toString());
    assertEquals(2, noImages.code());
    assertTrue(noImages.err().contains("no-images"), noImages.err());

    // a file for another model: one category renamed
    Path other = dir.resolve("other.json");
    Files.writeString(other, Files.readString(annotations).replace("\"truck\"", "\"lorry\""));
    Run mismatch = run("segment-eval", "--task", "semantic", "--checkpoint", checkpoint.toString(),
        "--annotations", other.toString(), "--images", images.toString());
    assertEquals(2, mismatch.code());
    assertTrue(mismatch.err().contains("do not match the checkpoint's CLASSES") && mismatch.err().contains("truck")
        && mismatch.err().contains("lorry") && mismatch.err().contains("other.json"), mismatch.err());

    Run task = run("segment-eval", "--task", "depth", "--checkpoint", checkpoint.toString(), "--annotations",
        annotations.toString(), "--images", images.toString());
    assertEquals(2, task.code());
    assertTrue(task.err().contains("unknown segmentation task 'depth'"), task.err());
  }

  private static JsonObject withPredictedThings(Path segOut) throws Exception {
    JsonObject out = coco.deepCopy();
    JsonArray anns = new JsonArray();
    long next = 1;
    for (JsonElement e : coco.getAsJsonArray("images")) {
      JsonObject im = e.getAsJsonObject();
      String stem = ImageFiles.stem(Path.of(im.get("file_name").getAsString()));
      int h = im.get("height").getAsInt();
      int w = im.get("width").getAsInt();
      // the predicted panoptic thing segments (disjoint) ...
      byte[] rgb = ImageFiles.readImage(segOut.resolve(stem + ".panoptic.png")).toRgbBytes();
      for (JsonElement ps : JsonParser.parseString(Files.readString(segOut.resolve(stem + ".segments.json")))
          .getAsJsonObject().getAsJsonArray("segments_info")) {
        JsonObject seg = ps.getAsJsonObject();
        if (seg.get("isthing").getAsInt() != 1) {
          continue;
        }
        int id = seg.get("id").getAsInt();
        boolean[] m = new boolean[h * w];
        int area = 0;
        for (int p = 0; p < m.length; p++) {
          m[p] = ((rgb[3 * p] & 0xff) | (rgb[3 * p + 1] & 0xff) << 8 | (rgb[3 * p + 2] & 0xff) << 16) == id;
          area += m[p] ? 1 : 0;
        }
        JsonObject rle = new JsonObject();
        JsonArray size = new JsonArray();
        size.add(h);
        size.add(w);
        rle.add("size", size);
        rle.addProperty("counts", CocoMasks.encodeString(CocoMasks.fromMask(m, h, w)));
        JsonObject a = new JsonObject();
        a.addProperty("id", next++);
        a.addProperty("image_id", im.get("id").getAsLong());
        a.addProperty("category_id", categoryOf(seg.get("category_id").getAsInt()));
        a.add("segmentation", rle);
        a.addProperty("area", area);
        a.addProperty("iscrowd", 0);
        anns.add(a);
      }
      // ... and the three best-scoring instances
      List<JsonObject> found = new java.util.ArrayList<>();
      for (JsonElement d : JsonParser.parseString(Files.readString(segOut.resolve(stem + ".instances.json")))
          .getAsJsonArray()) {
        found.add(d.getAsJsonObject());
      }
      found.sort((a, b) -> Double.compare(b.get("score").getAsDouble(), a.get("score").getAsDouble()));
      for (JsonObject d : found.subList(0, 3)) {
        JsonObject a = new JsonObject();
        a.addProperty("id", next++);
        a.addProperty("image_id", im.get("id").getAsLong());
        a.addProperty("category_id", categoryOf(d.get("category_id").getAsInt()));
        a.add("segmentation", d.get("segmentation"));
        a.add("area", d.get("area"));
        a.add("bbox", d.get("bbox"));
        a.addProperty("iscrowd", 0);
        anns.add(a);
      }
    }
    for (JsonElement a : coco.getAsJsonArray("annotations")) {
      JsonObject copy = a.getAsJsonObject().deepCopy();
      copy.addProperty("id", 1000 + copy.get("id").getAsLong());
      anns.add(copy);
    }
    out.add("annotations", anns);
    return out;
  }

  private static JsonObject printed(String stdout) {
    JsonObject o = new JsonObject();
    o.addProperty("text", stdout);
    return o;
  }

  /** Category id (1..12) of class index {@code label}: the Bsds500Coco layout writes THINGS then STUFF from 1. */
  private static int categoryOf(int label) {
    return label + 1;
  }

  private static PanopticResult independentPanoptic(Path segOut) throws Exception {
    Path gtDir = Files.createDirectories(dir.resolve("pan-gt"));
    Path predDir = Files.createDirectories(dir.resolve("pan-pred"));
    JsonArray gtAnns = new JsonArray();
    JsonArray predAnns = new JsonArray();
    for (JsonElement e : coco.getAsJsonArray("images")) {
      JsonObject im = e.getAsJsonObject();
      long id = im.get("id").getAsLong();
      int h = im.get("height").getAsInt();
      int w = im.get("width").getAsInt();
      int[] ids = new int[h * w];
      JsonArray segments = new JsonArray();
      int next = 1;
      for (JsonObject ann : annotationsOf(id)) {
        boolean[] m = maskOf(ann, h, w);
        int area = 0;
        for (int p = 0; p < m.length; p++) {
          if (m[p] && ids[p] == 0) {
            ids[p] = next;
            area++;
          }
        }
        JsonObject seg = new JsonObject();
        seg.addProperty("id", next++);
        seg.addProperty("category_id", ann.get("category_id").getAsInt());
        seg.addProperty("area", area);
        seg.addProperty("iscrowd", 0);
        segments.add(seg);
      }
      byte[] rgb = new byte[h * w * 3];
      for (int p = 0; p < ids.length; p++) {
        rgb[3 * p] = (byte) ids[p];
      }
      ImageFiles.writePng(gtDir.resolve(id + ".png"), Image.of(h, w, rgb));
      JsonObject g = new JsonObject();
      g.addProperty("image_id", id);
      g.addProperty("file_name", id + ".png");
      g.add("segments_info", segments);
      gtAnns.add(g);

      String stem = ImageFiles.stem(Path.of(im.get("file_name").getAsString()));
      Files.copy(segOut.resolve(stem + ".panoptic.png"), predDir.resolve(id + ".png"));
      JsonObject pred = JsonParser.parseString(Files.readString(segOut.resolve(stem + ".segments.json")))
          .getAsJsonObject();
      JsonArray predSegments = new JsonArray();
      for (JsonElement ps : pred.getAsJsonArray("segments_info")) {
        JsonObject o = ps.getAsJsonObject();
        JsonObject q = new JsonObject();
        q.addProperty("id", o.get("id").getAsInt());
        q.addProperty("category_id", categoryOf(o.get("category_id").getAsInt()));
        predSegments.add(q);
      }
      JsonObject p = new JsonObject();
      p.addProperty("image_id", id);
      p.addProperty("file_name", id + ".png");
      p.add("segments_info", predSegments);
      predAnns.add(p);
    }
    JsonObject gt = new JsonObject();
    gt.add("annotations", gtAnns);
    gt.add("categories", coco.getAsJsonArray("categories"));
    JsonObject pred = new JsonObject();
    pred.add("annotations", predAnns);
    Path gtJson = writeJson("pan-gt.json", gt);
    Path predJson = writeJson("pan-pred.json", pred);
    return PanopticQuality.evaluate(gtJson, gtDir, predJson, predDir);
  }

  private static Path instancesResults(Path segOut) throws Exception {
    JsonArray all = new JsonArray();
    for (JsonElement e : coco.getAsJsonArray("images")) {
      JsonObject im = e.getAsJsonObject();
      String stem = ImageFiles.stem(Path.of(im.get("file_name").getAsString()));
      for (JsonElement d : JsonParser.parseString(Files.readString(segOut.resolve(stem + ".instances.json")))
          .getAsJsonArray()) {
        JsonObject o = d.getAsJsonObject();
        JsonObject r = new JsonObject();
        r.addProperty("image_id", im.get("id").getAsLong());
        r.addProperty("category_id", categoryOf(o.get("category_id").getAsInt()));
        r.add("segmentation", o.get("segmentation"));
        r.add("score", o.get("score"));
        r.add("box_for_bbox_file", o.get("bbox"));
        all.add(r);
      }
    }
    return writeJson("results-segm.json", all);
  }

  /** The same detections with their boxes (a separate file: with a bbox, loadRes takes the area from it). */
  private static Path boxResults(Path segmResults) throws Exception {
    JsonArray out = new JsonArray();
    for (JsonElement d : JsonParser.parseString(Files.readString(segmResults)).getAsJsonArray()) {
      JsonObject o = d.getAsJsonObject();
      JsonObject r = new JsonObject();
      r.add("image_id", o.get("image_id"));
      r.add("category_id", o.get("category_id"));
      r.add("bbox", o.get("box_for_bbox_file"));
      r.add("score", o.get("score"));
      out.add(r);
    }
    return writeJson("results-bbox.json", out);
  }

  /** COCOeval over the thing categories: the same file without stuff categories and annotations. */
  private static Path thingsOnlyGroundTruth() throws Exception {
    JsonObject gt = coco.deepCopy();
    JsonArray cats = new JsonArray();
    for (JsonElement c : coco.getAsJsonArray("categories")) {
      if (c.getAsJsonObject().get("isthing").getAsInt() == 1) {
        cats.add(c);
      }
    }
    JsonArray anns = new JsonArray();
    for (JsonElement a : coco.getAsJsonArray("annotations")) {
      if (a.getAsJsonObject().get("category_id").getAsInt() <= THINGS.size()) {
        anns.add(a);
      }
    }
    gt.add("categories", cats);
    gt.add("annotations", anns);
    return writeJson("things-gt.json", gt);
  }

  /** Writes {@code json} to {@code name} in the test's folder. */
  private static Path writeJson(String name, JsonElement json) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, json.toString());
    return f;
  }

  /** The set's annotations of image {@code id}, in file order. */
  private static List<JsonObject> annotationsOf(long id) {
    List<JsonObject> out = new java.util.ArrayList<>();
    for (JsonElement a : coco.getAsJsonArray("annotations")) {
      JsonObject ann = a.getAsJsonObject();
      if (ann.get("image_id").getAsLong() == id) {
        out.add(ann);
      }
    }
    return out;
  }

  /** An annotation's RLE segmentation as an h x w mask. */
  private static boolean[] maskOf(JsonObject ann, int h, int w) {
    return CocoMasks.toMask(CocoMasks.decodeString(ann.getAsJsonObject("segmentation").get("counts").getAsString()),
        h, w);
  }

  private static SemanticSegmentationResult independentSemantic(Path segOut) throws Exception {
    Path gtDir = Files.createDirectories(dir.resolve("sem-gt"));
    Path predDir = Files.createDirectories(dir.resolve("sem-pred"));
    for (JsonElement e : coco.getAsJsonArray("images")) {
      JsonObject im = e.getAsJsonObject();
      long id = im.get("id").getAsLong();
      int h = im.get("height").getAsInt();
      int w = im.get("width").getAsInt();
      int[] labels = new int[h * w];
      java.util.Arrays.fill(labels, 255);
      for (JsonObject ann : annotationsOf(id)) {
        boolean[] m = maskOf(ann, h, w);
        for (int p = 0; p < m.length; p++) {
          if (m[p] && labels[p] == 255) {
            labels[p] = ann.get("category_id").getAsInt() - 1;
          }
        }
      }
      ImageFiles.writePng(gtDir.resolve(id + ".png"), LabelMap.of(h, w, labels));
      String stem = ImageFiles.stem(Path.of(im.get("file_name").getAsString()));
      Files.copy(segOut.resolve(stem + ".semantic.png"), predDir.resolve(id + ".png"));
    }
    return SemanticSegmentationMetrics.evaluateFolders(predDir, gtDir, 12, 255);
  }
}
