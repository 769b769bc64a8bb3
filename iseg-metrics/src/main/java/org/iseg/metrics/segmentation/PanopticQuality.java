package org.iseg.metrics.segmentation;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Panoptic quality (PQ, SQ, RQ for all categories, things and stuff) exactly as panopticapi's {@code pq_compute}
 * ({@code pq_compute_single_core}, {@code PQStat.pq_average}).
 *
 * <p>Per image: a predicted and a ground-truth segment match when they have the same category, the ground truth
 * is not a crowd and IoU &gt; 0.5, where the union leaves out the prediction's pixels on ground-truth void
 * (union = pred area + GT area − intersection − pred ∩ void). Unmatched non-crowd ground truth is a FN. An
 * unmatched prediction is a FP unless more than half of it lies on void or on a crowd region of its own category.
 * Ground-truth areas come from the annotation ({@link PanopticSegment#area()}), prediction areas are counted in its
 * map. Per category PQ = ΣIoU / (TP + FP/2 + FN/2), SQ = ΣIoU / TP, RQ = TP / (TP + FP/2 + FN/2); the summaries
 * average the categories with TP + FP + FN &gt; 0.
 *
 * <pre>{@code
 * PanopticResult r = PanopticQuality.evaluate(Path.of("panoptic_val.json"), Path.of("panoptic_val"),
 *     Path.of("predictions.json"), Path.of("predictions"));
 * r.all().pq();                                   // 0.5205654325604504 on golden/metrics
 * // in memory, image by image:
 * PanopticQuality pq = PanopticQuality.create(categories);
 * pq.add(groundTruthImage, predictedImage);
 * PanopticResult same = pq.result();
 * }</pre>
 *
 * <p>Not thread-safe; IoU sums accumulate image by image in the order images are added (the order decides the
 * last bits, as it does for panopticapi's per-process sums).
 */
public final class PanopticQuality {
  /** panopticapi's {@code OFFSET}: segment ids are below 256³. */
  private static final long OFFSET = 256L * 256 * 256;

  private final List<PanopticCategory> categories;
  private final Map<Integer, PanopticCategory> byId = new LinkedHashMap<>();
  private final Map<Integer, Stat> stats = new HashMap<>();

  private PanopticQuality(List<PanopticCategory> categories) {
    this.categories = List.copyOf(categories);
    for (PanopticCategory c : this.categories) {
      if (byId.put(c.id(), c) != null) {
        throw new IllegalArgumentException("category id " + c.id() + " appears twice");
      }
    }
  }

  /** An empty accumulator over {@code categories} (their order is the order of the averages and of the result). */
  public static PanopticQuality create(List<PanopticCategory> categories) {
    return new PanopticQuality(categories);
  }

  /** Counts one image: its ground truth and the prediction for it, of the same size. */
  public PanopticQuality add(PanopticImage groundTruth, PanopticImage prediction) {
    if (groundTruth.height() != prediction.height() || groundTruth.width() != prediction.width()) {
      throw new IllegalArgumentException("image " + groundTruth.imageId() + ": ground truth is "
          + groundTruth.height() + "x" + groundTruth.width() + " but the prediction is " + prediction.height() + "x"
          + prediction.width());
    }
    int[] gtMap = groundTruth.idsUnsafe();
    int[] predMap = prediction.idsUnsafe();
    long imageId = groundTruth.imageId();

    Map<Integer, PanopticSegment> gtSegments = new LinkedHashMap<>();
    for (PanopticSegment s : groundTruth.segments()) {
      gtSegments.put(s.id(), s);
    }
    Map<Integer, PanopticSegment> predSegments = new LinkedHashMap<>();
    for (PanopticSegment s : prediction.segments()) {
      predSegments.put(s.id(), s);
    }

    // predicted areas from the map, and panopticapi's sanity checks
    Map<Integer, Long> predArea = new HashMap<>();
    for (int id : predMap) {
      predArea.merge(id, 1L, Long::sum);
    }
    for (int id : predArea.keySet()) {
      if (id != 0 && !predSegments.containsKey(id)) {
        throw new IllegalArgumentException("in the image with id " + imageId + " segment " + id
            + " is in the prediction's map but not in its segments_info");
      }
    }
    for (PanopticSegment s : predSegments.values()) {
      if (!predArea.containsKey(s.id())) {
        throw new IllegalArgumentException("in the image with id " + imageId + " segment " + s.id()
            + " is in the prediction's segments_info but not in its map");
      }
      if (!byId.containsKey(s.categoryId())) {
        throw new IllegalArgumentException("in the image with id " + imageId + " segment " + s.id()
            + " has the unknown category_id " + s.categoryId());
      }
    }

    // confusion: pixel counts of every (gt id, pred id) pair, in the sorted order of np.unique
    long[] keys = new long[gtMap.length];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = gtMap[i] * OFFSET + predMap[i];
    }
    Arrays.sort(keys);
    List<long[]> pairs = new ArrayList<>();
    Map<Long, Long> pairCount = new HashMap<>();
    for (int i = 0; i < keys.length; ) {
      int j = i;
      while (j < keys.length && keys[j] == keys[i]) {
        j++;
      }
      pairs.add(new long[] {keys[i], j - i});
      pairCount.put(keys[i], (long) (j - i));
      i = j;
    }

    Set<Integer> gtMatched = new HashSet<>();
    Set<Integer> predMatched = new HashSet<>();
    for (long[] pair : pairs) {
      int gtId = (int) (pair[0] / OFFSET);
      int predId = (int) (pair[0] % OFFSET);
      long intersection = pair[1];
      PanopticSegment g = gtSegments.get(gtId);
      PanopticSegment p = predSegments.get(predId);
      if (g == null || p == null || g.crowd() || g.categoryId() != p.categoryId()) {
        continue;
      }
      long union = predArea.get(predId) + g.area() - intersection - pairCount.getOrDefault((long) predId, 0L);
      double iou = (double) intersection / (double) union;
      if (iou > 0.5) {
        Stat s = stat(g.categoryId());
        s.tp++;
        s.iou += iou;
        gtMatched.add(gtId);
        predMatched.add(predId);
      }
    }

    Map<Integer, Integer> crowdByCategory = new HashMap<>();
    for (PanopticSegment g : gtSegments.values()) {
      if (gtMatched.contains(g.id())) {
        continue;
      }
      if (g.crowd()) {
        crowdByCategory.put(g.categoryId(), g.id());
        continue;
      }
      stat(g.categoryId()).fn++;
    }

    for (PanopticSegment p : predSegments.values()) {
      if (predMatched.contains(p.id())) {
        continue;
      }
      long onVoidOrCrowd = pairCount.getOrDefault((long) p.id(), 0L); // (void, pred): key 0 * OFFSET + pred
      Integer crowd = crowdByCategory.get(p.categoryId());
      if (crowd != null) {
        onVoidOrCrowd += pairCount.getOrDefault(crowd * OFFSET + p.id(), 0L);
      }
      if ((double) onVoidOrCrowd / (double) predArea.get(p.id()) > 0.5) {
        continue;
      }
      stat(p.categoryId()).fp++;
    }
    return this;
  }

  /** PQ/SQ/RQ of the images added so far. */
  public PanopticResult result() {
    List<PanopticResult.CategoryResult> per = new ArrayList<>();
    for (PanopticCategory c : categories) {
      Stat s = stats.getOrDefault(c.id(), new Stat());
      if (s.tp + s.fp + s.fn == 0) {
        per.add(new PanopticResult.CategoryResult(c.id(), c.thing(), 0, 0, 0, s.iou, 0.0, 0.0, 0.0, false));
        continue;
      }
      double denominator = s.tp + 0.5 * s.fp + 0.5 * s.fn;
      double pq = s.iou / denominator;
      double sq = s.tp != 0 ? s.iou / s.tp : 0;
      double rq = s.tp / denominator;
      per.add(new PanopticResult.CategoryResult(c.id(), c.thing(), s.tp, s.fp, s.fn, s.iou, pq, sq, rq, true));
    }
    return new PanopticResult(average(per, null), average(per, true), average(per, false), per);
  }

  private static PanopticResult.Summary average(List<PanopticResult.CategoryResult> per, Boolean thing) {
    double pq = 0;
    double sq = 0;
    double rq = 0;
    int n = 0;
    for (PanopticResult.CategoryResult c : per) {
      if ((thing != null && thing != c.thing()) || !c.counted()) {
        continue;
      }
      n++;
      pq += c.pq();
      sq += c.sq();
      rq += c.rq();
    }
    return n == 0 ? new PanopticResult.Summary(0, 0, 0, 0) : new PanopticResult.Summary(pq / n, sq / n, rq / n, n);
  }

  private Stat stat(int categoryId) {
    return stats.computeIfAbsent(categoryId, k -> new Stat());
  }

  private static final class Stat {
    int tp;
    int fp;
    int fn;
    double iou;
  }

  /**
   * {@code pq_compute(gt_json, pred_json, gt_folder, pred_folder)}: COCO panoptic annotation files and their PNG
   * folders. Every ground-truth image needs a prediction; images are counted in the ground truth's order.
   */
  public static PanopticResult evaluate(Path groundTruthJson, Path groundTruthFolder, Path predictionJson,
      Path predictionFolder) {
    JsonObject gt = CocoJson.readObject(groundTruthJson);
    JsonObject pred = CocoJson.readObject(predictionJson);
    List<PanopticCategory> categories = new ArrayList<>();
    for (JsonElement e : CocoJson.array(gt, "categories", groundTruthJson)) {
      JsonObject c = e.getAsJsonObject();
      categories.add(new PanopticCategory(c.get("id").getAsInt(),
          c.has("name") ? c.get("name").getAsString() : "", c.has("isthing") && c.get("isthing").getAsInt() == 1));
    }
    Map<Long, JsonObject> predictions = new HashMap<>();
    for (JsonElement e : CocoJson.array(pred, "annotations", predictionJson)) {
      predictions.put(e.getAsJsonObject().get("image_id").getAsLong(), e.getAsJsonObject());
    }
    PanopticQuality pq = create(categories);
    for (JsonElement e : CocoJson.array(gt, "annotations", groundTruthJson)) {
      JsonObject g = e.getAsJsonObject();
      long imageId = g.get("image_id").getAsLong();
      JsonObject p = predictions.get(imageId);
      if (p == null) {
        throw new IllegalArgumentException("no prediction for the image with id " + imageId + " in " + predictionJson);
      }
      pq.add(image(g, groundTruthFolder, true), image(p, predictionFolder, false));
    }
    return pq.result();
  }

  private static PanopticImage image(JsonObject annotation, Path folder, boolean groundTruth) {
    long imageId = annotation.get("image_id").getAsLong();
    LabelImages.LabelMap map = LabelImages.readPanopticIds(folder.resolve(annotation.get("file_name").getAsString()));
    List<PanopticSegment> segments = new ArrayList<>();
    JsonArray info = annotation.getAsJsonArray("segments_info");
    for (JsonElement e : info) {
      JsonObject s = e.getAsJsonObject();
      boolean crowd = s.has("iscrowd") && s.get("iscrowd").getAsInt() == 1;
      long area = groundTruth ? s.get("area").getAsLong() : 0;
      segments.add(new PanopticSegment(s.get("id").getAsInt(), s.get("category_id").getAsInt(), crowd, area));
    }
    return new PanopticImage(imageId, map.height(), map.width(), map.values(), segments);
  }
}
