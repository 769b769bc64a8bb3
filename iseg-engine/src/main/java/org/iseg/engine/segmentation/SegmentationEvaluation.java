package org.iseg.engine.segmentation;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntConsumer;
import org.iseg.data.datasets.CocoDataset;
import org.iseg.metrics.segmentation.CocoDetection;
import org.iseg.metrics.segmentation.CocoEval;
import org.iseg.metrics.segmentation.CocoEvalResult;
import org.iseg.metrics.segmentation.CocoGroundTruth;
import org.iseg.metrics.segmentation.PanopticCategory;
import org.iseg.metrics.segmentation.PanopticImage;
import org.iseg.metrics.segmentation.PanopticQuality;
import org.iseg.metrics.segmentation.PanopticResult;
import org.iseg.metrics.segmentation.PanopticSegment;
import org.iseg.metrics.segmentation.RleMask;
import org.iseg.metrics.segmentation.SemanticSegmentationMetrics;
import org.iseg.metrics.segmentation.SemanticSegmentationResult;
import org.iseg.models.mask2former.Mask2FormerConfig;

/**
 * Evaluates a {@link Mask2FormerPredictor} on a COCO-format set the way EasyCV's evaluators report it: panoptic
 * (PQ/SQ/RQ over all, things and stuff, as {@code panopticapi}), instance (box and mask AP as {@code COCOeval})
 * or semantic (mIoU, aAcc as mmseg).
 *
 * <p>The annotation file is one COCO instances file whose categories are the checkpoint's {@code CLASSES}, matched
 * by name (things and stuff alike: a stuff region is an annotation of a stuff category). The ground truth of each
 * task comes from it: instance = the annotations of thing categories (crowd ones ignored as COCOeval does);
 * panoptic = every annotation as a segment (pixels two annotations claim stay with the lower annotation id, as a
 * panoptic PNG has one id per pixel; unannotated pixels are void); semantic = the class of that segment, 255
 * (ignored) elsewhere.
 *
 * <pre>{@code
 * CocoDataset data = CocoDataset.open(Path.of("val.json"), Path.of("images"), "val");
 * SegmentationEvaluation.Report r = SegmentationEvaluation.evaluate(predictor, data, Path.of("val.json"),
 *     SegmentationTask.PANOPTIC, i -> {});
 * r.panoptic().orElseThrow().all().pq();
 * }</pre>
 */
public final class SegmentationEvaluation {
  /** The semantic ground truth's ignore value (mmseg's {@code ignore_index}). */
  public static final int IGNORE = 255;

  private SegmentationEvaluation() {}

  /**
   * The figures of one task; the others are empty.
   *
   * @param segm mask AP/AR (instance task)
   * @param bbox box AP/AR from the masks' boxes (instance task)
   */
  public record Report(SegmentationTask task, int images, Optional<PanopticResult> panoptic,
      Optional<CocoEvalResult> segm, Optional<CocoEvalResult> bbox, Optional<SemanticSegmentationResult> semantic) {

    /** The table EasyCV's article reports for this task (PQ/SQ/RQ; box and mask AP; mIoU, aAcc), in percent. */
    public List<String> table() {
      List<String> out = new ArrayList<>();
      switch (task) {
        case PANOPTIC -> {
          PanopticResult p = panoptic.orElseThrow();
          out.add(String.format(Locale.ROOT, "%-7s %6s %6s %6s %3s", "", "PQ", "SQ", "RQ", "N"));
          out.add(row("All", p.all()));
          out.add(row("Things", p.things()));
          out.add(row("Stuff", p.stuff()));
        }
        case INSTANCE -> {
          out.add(String.format(Locale.ROOT, "%-5s %6s %6s %6s %6s %6s %6s", "", "AP", "AP50", "AP75", "APs", "APm",
              "APl"));
          out.add(apRow("box", bbox.orElseThrow()));
          out.add(apRow("mask", segm.orElseThrow()));
        }
        default -> {
          SemanticSegmentationResult s = semantic.orElseThrow();
          out.add(String.format(Locale.ROOT, "%6s %6s %6s", "mIoU", "mAcc", "aAcc"));
          out.add(String.format(Locale.ROOT, "%6.2f %6.2f %6.2f", 100 * s.meanIou(), 100 * s.meanAccuracy(),
              100 * s.allAccuracy()));
        }
      }
      return out;
    }

    /** The figures as JSON (ratios in [0, 1], full precision; NaN as null). */
    public JsonObject toJson() {
      JsonObject o = new JsonObject();
      o.addProperty("task", task.id());
      o.addProperty("images", images);
      panoptic.ifPresent(p -> {
        JsonObject j = new JsonObject();
        j.add("All", summary(p.all()));
        j.add("Things", summary(p.things()));
        j.add("Stuff", summary(p.stuff()));
        JsonArray per = new JsonArray();
        for (PanopticResult.CategoryResult c : p.perCategory()) {
          JsonObject k = new JsonObject();
          k.addProperty("category_id", c.categoryId());
          k.addProperty("tp", c.tp());
          k.addProperty("fp", c.fp());
          k.addProperty("fn", c.fn());
          k.addProperty("iou_sum", c.iouSum());
          k.addProperty("pq", c.pq());
          per.add(k);
        }
        j.add("per_category", per);
        o.add("panoptic", j);
      });
      bbox.ifPresent(b -> o.add("bbox", stats(b)));
      segm.ifPresent(b -> o.add("segm", stats(b)));
      semantic.ifPresent(s -> {
        JsonObject j = new JsonObject();
        number(j, "mIoU", s.meanIou());
        number(j, "mAcc", s.meanAccuracy());
        number(j, "aAcc", s.allAccuracy());
        JsonArray iou = new JsonArray();
        for (double v : s.iou()) {
          iou.add(Double.isNaN(v) ? null : v);
        }
        j.add("IoU", iou);
        o.add("semantic", j);
      });
      return o;
    }

    private static String row(String name, PanopticResult.Summary s) {
      return String.format(Locale.ROOT, "%-7s %6.2f %6.2f %6.2f %3d", name, 100 * s.pq(), 100 * s.sq(), 100 * s.rq(),
          s.n());
    }

    private static String apRow(String name, CocoEvalResult r) {
      double[] s = r.stats();
      return String.format(Locale.ROOT, "%-5s %6.2f %6.2f %6.2f %6.2f %6.2f %6.2f", name, 100 * s[0], 100 * s[1],
          100 * s[2], 100 * s[3], 100 * s[4], 100 * s[5]);
    }

    private static JsonObject summary(PanopticResult.Summary s) {
      JsonObject j = new JsonObject();
      j.addProperty("pq", s.pq());
      j.addProperty("sq", s.sq());
      j.addProperty("rq", s.rq());
      j.addProperty("n", s.n());
      return j;
    }

    private static JsonObject stats(CocoEvalResult r) {
      JsonObject j = new JsonObject();
      double[] s = r.stats();
      for (int i = 0; i < s.length; i++) {
        j.addProperty(CocoEvalResult.STAT_NAMES.get(i), s[i]);
      }
      return j;
    }

    private static void number(JsonObject j, String key, double v) {
      if (Double.isNaN(v)) {
        j.add(key, null);
      } else {
        j.addProperty(key, v);
      }
    }
  }

  /**
   * The annotation file's category id of each of the checkpoint's classes, matched by name.
   *
   * @throws IllegalArgumentException naming {@code source} and listing both sets when the names differ
   */
  public static long[] categoryIds(Mask2FormerConfig config, List<CocoDataset.CocoCategory> categories, Path source) {
    List<String> classes = config.classes();
    if (classes.size() != config.numClasses()) {
      throw new IllegalArgumentException("the checkpoint's config has no CLASSES for its " + config.numClasses()
          + " classes, so " + source + " cannot be matched to them");
    }
    Map<String, CocoDataset.CocoCategory> byName = new HashMap<>();
    for (CocoDataset.CocoCategory c : categories) {
      if (byName.put(c.name(), c) != null) {
        throw new IllegalArgumentException(source + " lists the category name '" + c.name() + "' twice");
      }
    }
    Set<String> missing = new LinkedHashSet<>(classes);
    missing.removeAll(byName.keySet());
    Set<String> extra = new LinkedHashSet<>(byName.keySet());
    extra.removeAll(classes);
    if (!missing.isEmpty() || !extra.isEmpty()) {
      throw new IllegalArgumentException("the categories of " + source + " do not match the checkpoint's CLASSES "
          + classes + ": missing " + missing + ", not in the checkpoint " + extra
          + "; list exactly the checkpoint's classes (by name) as categories");
    }
    long[] ids = new long[classes.size()];
    for (int c = 0; c < ids.length; c++) {
      CocoDataset.CocoCategory cat = byName.get(classes.get(c));
      boolean thing = c < config.numThingClasses();
      if (cat.isThing().isPresent() && cat.isThing().get() != thing) {
        throw new IllegalArgumentException(source + ": category '" + cat.name() + "' has isthing "
            + (cat.isThing().get() ? 1 : 0) + " but the checkpoint treats it as " + (thing ? "a thing" : "stuff"));
      }
      ids[c] = cat.id();
    }
    return ids;
  }

  /**
   * Runs the predictor on every image of {@code data} and evaluates {@code task}.
   *
   * @param annotations the file {@code data} was opened from (COCOeval's ground truth is read from it)
   * @param progress called with the number of images done after each image
   */
  public static Report evaluate(Mask2FormerPredictor predictor, CocoDataset data, Path annotations,
      SegmentationTask task, IntConsumer progress) {
    if (!predictor.tasks().contains(task)) {
      throw new IllegalArgumentException("the predictor does not compute " + task.id());
    }
    Mask2FormerConfig config = predictor.config();
    long[] ids = categoryIds(config, data.categories(), annotations);
    Map<Long, Integer> classOf = new HashMap<>();
    for (int c = 0; c < ids.length; c++) {
      classOf.put(ids[c], c);
    }
    List<PanopticCategory> panopticCategories = new ArrayList<>();
    for (int c = 0; c < ids.length; c++) {
      panopticCategories.add(new PanopticCategory((int) ids[c], config.classes().get(c),
          c < config.numThingClasses()));
    }
    PanopticQuality pq = PanopticQuality.create(panopticCategories);
    SemanticSegmentationMetrics semantic = SemanticSegmentationMetrics.create(config.numClasses(), IGNORE);
    List<CocoDetection> masks = new ArrayList<>();
    List<CocoDetection> boxes = new ArrayList<>();
    for (int i = 0; i < data.size(); i++) {
      long imageId = data.imageId(i);
      SegmentationResult r = predictor.predict(data.image(i));
      switch (task) {
        case INSTANCE -> {
          for (SegmentationResult.Instance in : r.instances().orElseThrow()) {
            int category = (int) ids[in.label()];
            float[] b = in.box();
            masks.add(CocoDetection.ofMask(imageId, category, in.score(),
                RleMask.fromMask(in.mask().toObjectArray(), r.height(), r.width())));
            boxes.add(CocoDetection.ofBox(imageId, category, in.score(),
                new double[] {b[0], b[1], b[2] - b[0], b[3] - b[1]}));
          }
        }
        case PANOPTIC -> pq.add(panopticTruth(data, i, classOf), panopticPrediction(imageId, r, ids));
        default -> semantic.add(r.semantic().orElseThrow(), semanticTruth(data, i, classOf));
      }
      progress.accept(i + 1);
    }
    return switch (task) {
      case INSTANCE -> {
        CocoGroundTruth things = thingsOnly(CocoGroundTruth.read(annotations), ids, config.numThingClasses());
        yield new Report(task, data.size(), Optional.empty(),
            Optional.of(CocoEval.evaluate(things, masks, CocoEval.IouType.SEGM)),
            Optional.of(CocoEval.evaluate(things, boxes, CocoEval.IouType.BBOX)), Optional.empty());
      }
      case PANOPTIC -> new Report(task, data.size(), Optional.of(pq.result()), Optional.empty(), Optional.empty(),
          Optional.empty());
      default -> new Report(task, data.size(), Optional.empty(), Optional.empty(), Optional.empty(),
          Optional.of(semantic.result()));
    };
  }

  /** COCOeval over the thing categories only (stuff annotations would count as missed detections). */
  static CocoGroundTruth thingsOnly(CocoGroundTruth all, long[] ids, int numThings) {
    Set<Integer> things = new LinkedHashSet<>();
    for (int c = 0; c < numThings; c++) {
      things.add((int) ids[c]);
    }
    return new CocoGroundTruth(all.imageIds(), List.copyOf(things),
        all.instances().stream().filter(a -> things.contains(a.categoryId())).toList());
  }

  /** Segment id per pixel: annotation k of the image is segment k + 1; 0 = void. */
  static int[] segmentMap(List<CocoDataset.CocoAnnotation> annotations, int pixels) {
    int[] map = new int[pixels];
    for (int k = 0; k < annotations.size(); k++) {
      boolean[] m = annotations.get(k).mask();
      for (int p = 0; p < pixels; p++) {
        if (m[p] && map[p] == 0) {
          map[p] = k + 1;
        }
      }
    }
    return map;
  }

  static PanopticImage panopticTruth(CocoDataset data, int index, Map<Long, Integer> classOf) {
    List<CocoDataset.CocoAnnotation> anns = data.annotations(index);
    int[] hw = size(data, index);
    int[] map = segmentMap(anns, hw[0] * hw[1]);
    List<PanopticSegment> segments = new ArrayList<>();
    for (int k = 0; k < anns.size(); k++) {
      CocoDataset.CocoAnnotation a = anns.get(k);
      requireKnown(classOf, a, data, index);
      segments.add(new PanopticSegment(k + 1, (int) a.categoryId(), a.crowd(), 0));
    }
    return new PanopticImage(data.imageId(index), hw[0], hw[1], map, segments).withCountedAreas();
  }

  static int[] semanticTruth(CocoDataset data, int index, Map<Long, Integer> classOf) {
    List<CocoDataset.CocoAnnotation> anns = data.annotations(index);
    int[] hw = size(data, index);
    int[] map = segmentMap(anns, hw[0] * hw[1]);
    int[] labels = new int[map.length];
    for (int p = 0; p < map.length; p++) {
      labels[p] = map[p] == 0 ? IGNORE : requireKnown(classOf, anns.get(map[p] - 1), data, index);
    }
    return labels;
  }

  private static int requireKnown(Map<Long, Integer> classOf, CocoDataset.CocoAnnotation a, CocoDataset data,
      int index) {
    Integer c = classOf.get(a.categoryId());
    if (c == null) {
      throw new IllegalArgumentException("annotation " + a.id() + " of image " + data.id(index)
          + " has category_id " + a.categoryId() + ", which the file's categories do not list");
    }
    return c;
  }

  /** EasyCV's panoptic ids (VOID = number of classes) as a COCO panoptic image with category ids. */
  static PanopticImage panopticPrediction(long imageId, SegmentationResult r, long[] ids) {
    SegmentationResult.Panoptic p = r.panoptic().orElseThrow();
    int[] map = p.ids();
    for (int i = 0; i < map.length; i++) {
      if (map[i] == p.voidId()) {
        map[i] = 0;
      }
    }
    List<PanopticSegment> segments = new ArrayList<>();
    for (SegmentationResult.Segment s : p.segments()) {
      segments.add(PanopticSegment.of(s.id(), (int) ids[s.label()]));
    }
    return new PanopticImage(imageId, r.height(), r.width(), map, segments);
  }

  private static int[] size(CocoDataset data, int index) {
    return new int[] {data.height(index), data.width(index)};
  }
}
