package org.iseg.metrics.segmentation;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * COCO detection evaluation exactly as {@code pycocotools.cocoeval.COCOeval} with its default parameters: mask AP/AR
 * ({@link IouType#SEGM}, IoU of RLE masks) or box AP/AR ({@link IouType#BBOX}).
 *
 * <p>{@code evaluate()}: per image and category, detections ranked by score (stable) and cut at 100 are matched
 * greedily to ground truth at each of the 10 IoU thresholds .50:.05:.95 (IoU ≥ t; a detection prefers a
 * non-ignored ground truth; crowd regions can absorb any number of detections, with IoU = intersection / detection
 * area); ground truth that is crowd or outside the area range is ignored, and so are the detections matched to
 * it and unmatched detections outside the range. {@code accumulate()}: per category, area range (all, small
 * [0, 32²], medium [32², 96²], large [96², 1e10], bounds inclusive) and maxDets (1, 10, 100), the precision
 * envelope at 101 recall points. {@code summarize()}: the 12 numbers, means over entries that are not −1
 * (categories without ground truth are left out).
 *
 * <pre>{@code
 * CocoEvalResult r = CocoEval.evaluate(Path.of("instances_val2017.json"), Path.of("segm_results.json"),
 *     CocoEval.IouType.SEGM);
 * r.stats();          // AP, AP50, AP75, APs, APm, APl, AR1, AR10, AR100, ARs, ARm, ARl
 * r.summary();        // the 12 lines COCOeval.summarize() prints
 * }</pre>
 */
public final class CocoEval {
  /** What is compared: masks ({@code segm}) or boxes ({@code bbox}). */
  public enum IouType {
    SEGM, BBOX
  }

  /** {@code Params.iouThrs}: {@code np.linspace(.5, 0.95, 10)}. */
  static final double[] IOU_THRESHOLDS = NumpyMath.linspace(.5, 0.95, 10);
  /** {@code Params.recThrs}: {@code np.linspace(.0, 1.00, 101)}. */
  static final double[] RECALL_THRESHOLDS = NumpyMath.linspace(.0, 1.00, 101);
  static final int[] MAX_DETS = {1, 10, 100};
  static final double[][] AREA_RANGES = {{0, 1e10}, {0, 32 * 32}, {32 * 32, 96 * 96}, {96 * 96, 1e10}};
  static final List<String> AREA_LABELS = List.of("all", "small", "medium", "large");

  private CocoEval() {}

  /** Reads both files and evaluates: {@code COCO(gt)}, {@code loadRes(results)}, evaluate, accumulate. */
  public static CocoEvalResult evaluate(Path instancesJson, Path resultsJson, IouType iouType) {
    return evaluate(CocoGroundTruth.read(instancesJson), readResults(resultsJson), iouType);
  }

  /**
   * Reads a COCO results file (a JSON list) as {@code COCO.loadRes} does: when the first result has a non-empty
   * {@code bbox}, every area is the box's w x h (even for mask evaluation: leave the box out of mask results);
   * otherwise area and box come from the RLE {@code segmentation}.
   */
  public static List<CocoDetection> readResults(Path resultsJson) {
    JsonElement root = CocoJson.read(resultsJson);
    if (!root.isJsonArray()) {
      throw new IllegalArgumentException(resultsJson + " must hold a JSON list of results");
    }
    List<CocoDetection> out = new ArrayList<>();
    boolean boxes = false;
    boolean first = true;
    for (JsonElement e : root.getAsJsonArray()) {
      JsonObject r = e.getAsJsonObject();
      if (first) {
        boxes = r.has("bbox") && r.getAsJsonArray("bbox").size() > 0;
        first = false;
      }
      long imageId = r.get("image_id").getAsLong();
      int categoryId = r.get("category_id").getAsInt();
      double score = r.get("score").getAsDouble();
      String what = "result " + out.size() + " of " + resultsJson;
      Optional<RleMask> mask = r.has("segmentation")
          ? Optional.of(CocoGroundTruth.segmentation(r.get("segmentation"), null, what)) : Optional.empty();
      if (boxes) {
        double[] bbox = CocoGroundTruth.numbers(r.getAsJsonArray("bbox"));
        if (bbox.length != 4) {
          throw new IllegalArgumentException(what + ": bbox needs 4 numbers");
        }
        out.add(new CocoDetection(imageId, categoryId, score, mask, bbox, bbox[2] * bbox[3]));
      } else if (mask.isPresent()) {
        out.add(CocoDetection.ofMask(imageId, categoryId, score, mask.get()));
      } else {
        throw new IllegalArgumentException(what + " has neither a bbox nor a segmentation");
      }
    }
    return out;
  }

  /**
   * Evaluates {@code detections} (in results-file order: detection i gets COCOeval's id i + 1) against
   * {@code groundTruth}. Detections of categories outside the ground truth's are left out; one on an image
   * outside it is an error, as in {@code loadRes}.
   */
  public static CocoEvalResult evaluate(CocoGroundTruth groundTruth, List<CocoDetection> detections,
      IouType iouType) {
    return accumulate(evaluateImages(groundTruth, detections, iouType), groundTruth.categoryIds());
  }

  /** {@code evaluate()}: {@code evalImgs} as [category][area range][image], null where COCOeval has None. */
  static EvalImage[][][] evaluateImages(CocoGroundTruth groundTruth, List<CocoDetection> detections,
      IouType iouType) {
    List<Long> imageIds = groundTruth.imageIds();
    List<Integer> categoryIds = groundTruth.categoryIds();
    int numImages = imageIds.size();
    int numCategories = categoryIds.size();
    Map<Long, Integer> imageIndex = new HashMap<>();
    for (int i = 0; i < numImages; i++) {
      imageIndex.put(imageIds.get(i), i);
    }
    Map<Integer, Integer> categoryIndex = new HashMap<>();
    for (int k = 0; k < numCategories; k++) {
      categoryIndex.put(categoryIds.get(k), k);
    }
    List<List<List<CocoInstance>>> gts = grid(numCategories, numImages);
    for (CocoInstance g : groundTruth.instances()) {
      Integer i = imageIndex.get(g.imageId());
      Integer k = categoryIndex.get(g.categoryId());
      if (i != null && k != null) {
        require(g.mask().isPresent() || iouType == IouType.BBOX, "ground-truth annotation " + g.id()
            + " has no segmentation; mask evaluation needs one");
        gts.get(k).get(i).add(g);
      }
    }
    List<List<List<Det>>> dts = grid(numCategories, numImages);
    for (int n = 0; n < detections.size(); n++) {
      CocoDetection d = detections.get(n);
      Integer i = imageIndex.get(d.imageId());
      if (i == null) {
        throw new IllegalArgumentException("detection " + n + " is on image " + d.imageId()
            + ", which is not in the ground truth (results do not correspond to this COCO set)");
      }
      Integer k = categoryIndex.get(d.categoryId());
      if (k != null) {
        require(d.mask().isPresent() || iouType == IouType.BBOX, "detection " + n + " has no segmentation; "
            + "mask evaluation needs one");
        dts.get(k).get(i).add(new Det(n + 1L, d));
      }
    }

    int numAreas = AREA_RANGES.length;
    int maxDet = MAX_DETS[MAX_DETS.length - 1];
    EvalImage[][][] evalImages = new EvalImage[numCategories][numAreas][numImages];
    for (int k = 0; k < numCategories; k++) {
      for (int i = 0; i < numImages; i++) {
        List<CocoInstance> gt = gts.get(k).get(i);
        List<Det> dt = sortedByScore(dts.get(k).get(i));
        if (gt.isEmpty() && dt.isEmpty()) {
          continue;
        }
        if (dt.size() > maxDet) {
          dt = dt.subList(0, maxDet);
        }
        double[][] ious = ious(dt, gt, iouType);
        for (int a = 0; a < numAreas; a++) {
          evalImages[k][a][i] = evaluateImage(gt, dt, ious, AREA_RANGES[a], maxDet);
        }
      }
    }
    return evalImages;
  }

  /** A detection with COCOeval's id (its position in the results + 1). */
  private record Det(long id, CocoDetection detection) {}

  /** {@code evaluateImg}'s result for one image, category and area range. */
  record EvalImage(long[] dtIds, long[] gtIds, double[] dtScores, long[][] dtMatches, boolean[][] dtIgnore,
      boolean[] gtIgnore) {}

  private static List<Det> sortedByScore(List<Det> dets) {
    List<Det> sorted = new ArrayList<>(dets);
    sorted.sort((x, y) -> Double.compare(-x.detection().score(), -y.detection().score())); // stable (mergesort)
    return sorted;
  }

  /** {@code computeIoU}: rows detections (ranked), columns ground truth in annotation order. */
  private static double[][] ious(List<Det> dt, List<CocoInstance> gt, IouType iouType) {
    double[][] ious = new double[dt.size()][gt.size()];
    for (int d = 0; d < dt.size(); d++) {
      CocoDetection det = dt.get(d).detection();
      for (int g = 0; g < gt.size(); g++) {
        CocoInstance truth = gt.get(g);
        if (iouType == IouType.SEGM) {
          RleMask dm = det.mask().orElseThrow();
          RleMask gm = truth.mask().orElseThrow();
          ious[d][g] = dm.height() != gm.height() || dm.width() != gm.width() ? -1 : dm.iou(gm, truth.crowd());
        } else {
          ious[d][g] = boxIou(det.bboxUnsafe(), truth.bboxUnsafe(), truth.crowd());
        }
      }
    }
    return ious;
  }

  /** {@code bbIou} of maskApi.c: intersection over union, or over the detection's box for a crowd. */
  static double boxIou(double[] dt, double[] gt, boolean crowd) {
    double ga = gt[2] * gt[3];
    double da = dt[2] * dt[3];
    double w = Math.min(dt[2] + dt[0], gt[2] + gt[0]) - Math.max(dt[0], gt[0]);
    if (w <= 0) {
      return 0;
    }
    double h = Math.min(dt[3] + dt[1], gt[3] + gt[1]) - Math.max(dt[1], gt[1]);
    if (h <= 0) {
      return 0;
    }
    double i = w * h;
    double u = crowd ? da : da + ga - i;
    return i / u;
  }

  /** {@code evaluateImg}; {@code dt} is ranked and cut, {@code ious} is [dt][gt in annotation order]. */
  private static EvalImage evaluateImage(List<CocoInstance> gtInOrder, List<Det> dtAll, double[][] ious,
      double[] range, int maxDet) {
    int numGt = gtInOrder.size();
    boolean[] ignoreInOrder = new boolean[numGt];
    for (int g = 0; g < numGt; g++) {
      CocoInstance x = gtInOrder.get(g);
      ignoreInOrder[g] = x.crowd() || x.area() < range[0] || x.area() > range[1];
    }
    // ground truth sorted with the ignored last (stable)
    Integer[] gtInd = new Integer[numGt];
    for (int g = 0; g < numGt; g++) {
      gtInd[g] = g;
    }
    Arrays.sort(gtInd, (x, y) -> Boolean.compare(ignoreInOrder[x], ignoreInOrder[y]));
    List<Det> dt = dtAll.size() > maxDet ? dtAll.subList(0, maxDet) : dtAll;
    int numDt = dt.size();
    int numT = IOU_THRESHOLDS.length;
    long[] gtIds = new long[numGt];
    boolean[] gtIgnore = new boolean[numGt];
    boolean[] crowd = new boolean[numGt];
    for (int g = 0; g < numGt; g++) {
      CocoInstance x = gtInOrder.get(gtInd[g]);
      gtIds[g] = x.id();
      gtIgnore[g] = ignoreInOrder[gtInd[g]];
      crowd[g] = x.crowd();
    }
    long[][] gtm = new long[numT][numGt];
    long[][] dtm = new long[numT][numDt];
    boolean[][] dtIg = new boolean[numT][numDt];
    if (numDt > 0 && numGt > 0) {
      for (int t = 0; t < numT; t++) {
        for (int d = 0; d < numDt; d++) {
          double iou = Math.min(IOU_THRESHOLDS[t], 1 - 1e-10);
          int m = -1;
          for (int g = 0; g < numGt; g++) {
            if (gtm[t][g] > 0 && !crowd[g]) {
              continue; // already matched and not a crowd
            }
            if (m > -1 && !gtIgnore[m] && gtIgnore[g]) {
              break; // matched to a regular ground truth; only ignored ones remain
            }
            double v = ious[d][gtInd[g]];
            if (v < iou) {
              continue;
            }
            iou = v;
            m = g;
          }
          if (m == -1) {
            continue;
          }
          dtIg[t][d] = gtIgnore[m];
          dtm[t][d] = gtIds[m];
          gtm[t][m] = dt.get(d).id();
        }
      }
    }
    long[] dtIds = new long[numDt];
    double[] scores = new double[numDt];
    for (int d = 0; d < numDt; d++) {
      CocoDetection x = dt.get(d).detection();
      dtIds[d] = dt.get(d).id();
      scores[d] = x.score();
      boolean outside = x.area() < range[0] || x.area() > range[1];
      for (int t = 0; t < numT; t++) {
        dtIg[t][d] = dtIg[t][d] || (dtm[t][d] == 0 && outside);
      }
    }
    return new EvalImage(dtIds, gtIds, scores, dtm, dtIg, gtIgnore);
  }

  /** {@code accumulate}: precision [T, R, K, A, M], recall [T, K, A, M], scores, then the summary. */
  private static CocoEvalResult accumulate(EvalImage[][][] evalImages, List<Integer> categoryIds) {
    int numT = IOU_THRESHOLDS.length;
    int numR = RECALL_THRESHOLDS.length;
    int numK = categoryIds.size();
    int numA = AREA_RANGES.length;
    int numM = MAX_DETS.length;
    double[] precision = new double[numT * numR * numK * numA * numM];
    double[] recall = new double[numT * numK * numA * numM];
    double[] scores = new double[precision.length];
    Arrays.fill(precision, -1);
    Arrays.fill(recall, -1);
    Arrays.fill(scores, -1);
    for (int k = 0; k < numK; k++) {
      for (int a = 0; a < numA; a++) {
        List<EvalImage> e = new ArrayList<>();
        for (EvalImage x : evalImages[k][a]) {
          if (x != null) {
            e.add(x);
          }
        }
        if (e.isEmpty()) {
          continue;
        }
        int npig = 0;
        for (EvalImage x : e) {
          for (boolean ig : x.gtIgnore()) {
            if (!ig) {
              npig++;
            }
          }
        }
        for (int m = 0; m < numM; m++) {
          int maxDet = MAX_DETS[m];
          // concatenate each image's first maxDet detections, then rank them all (stable)
          List<double[]> rows = new ArrayList<>(); // {score, image entry, index}
          for (int n = 0; n < e.size(); n++) {
            int count = Math.min(maxDet, e.get(n).dtScores().length);
            for (int d = 0; d < count; d++) {
              rows.add(new double[] {e.get(n).dtScores()[d], n, d});
            }
          }
          if (npig == 0) {
            continue;
          }
          rows.sort((x, y) -> Double.compare(-x[0], -y[0]));
          int nd = rows.size();
          for (int t = 0; t < numT; t++) {
            double[] rc = new double[nd];
            double[] pr = new double[nd];
            long tpSum = 0;
            long fpSum = 0;
            for (int j = 0; j < nd; j++) {
              EvalImage x = e.get((int) rows.get(j)[1]);
              int d = (int) rows.get(j)[2];
              boolean matched = x.dtMatches()[t][d] != 0;
              boolean ignored = x.dtIgnore()[t][d];
              if (matched && !ignored) {
                tpSum++;
              } else if (!matched && !ignored) {
                fpSum++;
              }
              double tp = tpSum;
              double fp = fpSum;
              rc[j] = tp / npig;
              pr[j] = tp / (fp + tp + Math.ulp(1.0));
            }
            recall[((t * numK + k) * numA + a) * numM + m] = nd > 0 ? rc[nd - 1] : 0;
            for (int j = nd - 1; j > 0; j--) {
              if (pr[j] > pr[j - 1]) {
                pr[j - 1] = pr[j];
              }
            }
            for (int r = 0; r < numR; r++) {
              int pi = searchLeft(rc, RECALL_THRESHOLDS[r]);
              int at = (((t * numR + r) * numK + k) * numA + a) * numM + m;
              if (pi >= nd) {
                for (int rr = r; rr < numR; rr++) { // numpy's IndexError leaves the rest at 0
                  int rest = (((t * numR + rr) * numK + k) * numA + a) * numM + m;
                  precision[rest] = 0;
                  scores[rest] = 0;
                }
                break;
              }
              precision[at] = pr[pi];
              scores[at] = rows.get(pi)[0];
            }
          }
        }
      }
    }
    return new CocoEvalResult(categoryIds, precision, recall, scores);
  }

  /** {@code np.searchsorted(sorted, x, side='left')}: the first index whose value is ≥ x. */
  private static int searchLeft(double[] sorted, double x) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static <T> List<List<List<T>>> grid(int rows, int cols) {
    List<List<List<T>>> g = new ArrayList<>(rows);
    for (int r = 0; r < rows; r++) {
      List<List<T>> row = new ArrayList<>(cols);
      for (int c = 0; c < cols; c++) {
        row.add(new ArrayList<>());
      }
      g.add(row);
    }
    return g;
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
