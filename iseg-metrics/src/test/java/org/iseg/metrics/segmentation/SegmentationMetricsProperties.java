package org.iseg.metrics.segmentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Properties of the three segmentation metrics on random data: a perfect prediction scores 1, an empty one 0,
 * and the order of categories and segments (with category ids and segment ids relabelled) changes nothing but
 * the last bits of sums.
 */
class SegmentationMetricsProperties {
  private static final double EPS = 1e-12;

  // ---------------------------------------------------------------- panoptic

  private static final List<PanopticCategory> PANOPTIC_CATEGORIES = List.of(new PanopticCategory(1, "a", true),
      new PanopticCategory(2, "b", true), new PanopticCategory(5, "c", true), new PanopticCategory(10, "s", false),
      new PanopticCategory(11, "t", false));

  /** A ground-truth image: random rectangles painted over each other, some void, a crowd now and then. */
  private static PanopticImage randomPanoptic(Random r, long imageId, boolean crowds) {
    int h = 6 + r.nextInt(20);
    int w = 6 + r.nextInt(20);
    int[] ids = new int[h * w];
    int n = 1 + r.nextInt(6);
    List<PanopticSegment> segments = new ArrayList<>();
    for (int s = 0; s < n; s++) {
      int id = 1 + r.nextInt((1 << 24) - 1);
      boolean[] rect = randomRectangle(r, h, w);
      for (int i = 0; i < ids.length; i++) {
        if (rect[i]) {
          ids[i] = id;
        }
      }
      PanopticCategory c = PANOPTIC_CATEGORIES.get(r.nextInt(PANOPTIC_CATEGORIES.size()));
      segments.add(new PanopticSegment(id, c.id(), crowds && c.thing() && r.nextInt(6) == 0, 0));
    }
    List<PanopticSegment> present = new ArrayList<>();
    java.util.Set<Integer> seen = new java.util.HashSet<>();
    for (int v : ids) {
      seen.add(v);
    }
    java.util.Set<Integer> added = new java.util.HashSet<>();
    for (PanopticSegment s : segments) {
      if (seen.contains(s.id()) && added.add(s.id())) {
        present.add(s);
      }
    }
    return new PanopticImage(imageId, h, w, ids, present).withCountedAreas();
  }

  /** A prediction: the ground truth with some pixels moved to another segment or to void; crowd flags dropped. */
  private static PanopticImage perturb(Random r, PanopticImage gt) {
    int[] ids = gt.ids();
    List<PanopticSegment> segments = gt.segments();
    for (int i = 0; i < ids.length; i++) {
      if (r.nextInt(8) == 0) {
        ids[i] = r.nextInt(4) == 0 || segments.isEmpty() ? 0 : segments.get(r.nextInt(segments.size())).id();
      }
    }
    java.util.Set<Integer> seen = new java.util.HashSet<>();
    for (int v : ids) {
      seen.add(v);
    }
    List<PanopticSegment> kept = new ArrayList<>();
    for (PanopticSegment s : segments) {
      if (seen.contains(s.id())) {
        kept.add(PanopticSegment.of(s.id(), s.categoryId()));
      }
    }
    return new PanopticImage(gt.imageId(), gt.height(), gt.width(), ids, kept);
  }

  @Property(tries = 100)
  void perfectPanopticPredictionScoresOne(@ForAll long seed) {
    Random r = new Random(seed);
    PanopticQuality pq = PanopticQuality.create(PANOPTIC_CATEGORIES);
    for (int i = 0; i < 3; i++) {
      PanopticImage gt = randomPanoptic(r, i, false);
      pq.add(gt, gt);
    }
    PanopticResult res = pq.result();
    assertTrue(res.all().n() > 0);
    assertEquals(1.0, res.all().pq(), EPS);
    assertEquals(1.0, res.all().sq(), EPS);
    assertEquals(1.0, res.all().rq(), EPS);
  }

  @Property(tries = 100)
  void emptyPanopticPredictionScoresZero(@ForAll long seed) {
    Random r = new Random(seed);
    PanopticQuality pq = PanopticQuality.create(PANOPTIC_CATEGORIES);
    for (int i = 0; i < 3; i++) {
      PanopticImage gt = randomPanoptic(r, i, true);
      pq.add(gt, new PanopticImage(i, gt.height(), gt.width(), new int[gt.height() * gt.width()], List.of()));
    }
    PanopticResult res = pq.result();
    assertEquals(0.0, res.all().pq());
    assertEquals(0.0, res.all().rq());
    for (PanopticResult.CategoryResult c : res.perCategory()) {
      assertEquals(0, c.tp() + c.fp());
    }
  }

  @Property(tries = 100)
  void panopticQualityIgnoresTheOrderOfCategoriesAndSegmentsAndTheirIds(@ForAll long seed) {
    Random r = new Random(seed);
    List<PanopticImage> gts = new ArrayList<>();
    List<PanopticImage> preds = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      PanopticImage gt = randomPanoptic(r, i, true);
      gts.add(gt);
      preds.add(perturb(r, gt));
    }
    // categories listed in another order under other ids; segments listed in another order under other ids
    List<PanopticCategory> shuffled = new ArrayList<>(PANOPTIC_CATEGORIES);
    Collections.shuffle(shuffled, r);
    Map<Integer, Integer> newCategory = new HashMap<>();
    List<PanopticCategory> renamed = new ArrayList<>();
    for (PanopticCategory c : shuffled) {
      newCategory.put(c.id(), 100 + c.id() * 3);
      renamed.add(new PanopticCategory(100 + c.id() * 3, c.name(), c.thing()));
    }
    PanopticQuality a = PanopticQuality.create(PANOPTIC_CATEGORIES);
    PanopticQuality b = PanopticQuality.create(renamed);
    for (int i = 0; i < gts.size(); i++) {
      a.add(gts.get(i), preds.get(i));
      long offset = r.nextInt((1 << 24) - 1);
      b.add(relabel(gts.get(i), newCategory, offset, r), relabel(preds.get(i), newCategory, offset, r));
    }
    PanopticResult x = a.result();
    PanopticResult y = b.result();
    assertSummary(x.all(), y.all());
    assertSummary(x.things(), y.things());
    assertSummary(x.stuff(), y.stuff());
    for (PanopticResult.CategoryResult c : x.perCategory()) {
      PanopticResult.CategoryResult d = y.category(newCategory.get(c.categoryId())).orElseThrow();
      assertEquals(c.tp(), d.tp());
      assertEquals(c.fp(), d.fp());
      assertEquals(c.fn(), d.fn());
      assertEquals(c.pq(), d.pq(), EPS);
    }
  }

  /** Segment ids through a bijection of 1..2^24-1 (so a ground truth and its prediction stay consistent). */
  private static int newId(int id, long offset) {
    return (int) ((id * 7919L + offset) % ((1 << 24) - 1)) + 1;
  }

  private static PanopticImage relabel(PanopticImage image, Map<Integer, Integer> newCategory, long offset,
      Random r) {
    int[] ids = image.ids();
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] != 0) {
        ids[i] = newId(ids[i], offset);
      }
    }
    List<PanopticSegment> segments = new ArrayList<>();
    for (PanopticSegment s : image.segments()) {
      segments.add(new PanopticSegment(newId(s.id(), offset), newCategory.get(s.categoryId()), s.crowd(),
          s.area()));
    }
    Collections.shuffle(segments, r);
    // several crowds of one category: panopticapi checks a prediction against the last one listed
    if (segments.stream().filter(PanopticSegment::crowd).map(PanopticSegment::categoryId).distinct().count()
        != segments.stream().filter(PanopticSegment::crowd).count()) {
      segments = new ArrayList<>();
      for (PanopticSegment s : image.segments()) {
        segments.add(new PanopticSegment(newId(s.id(), offset), newCategory.get(s.categoryId()), s.crowd(),
            s.area()));
      }
    }
    return new PanopticImage(image.imageId(), image.height(), image.width(), ids, segments);
  }

  private static void assertSummary(PanopticResult.Summary x, PanopticResult.Summary y) {
    assertEquals(x.n(), y.n());
    assertEquals(x.pq(), y.pq(), EPS);
    assertEquals(x.sq(), y.sq(), EPS);
    assertEquals(x.rq(), y.rq(), EPS);
  }

  // ---------------------------------------------------------------- COCO

  private static RleMask randomRect(Random r, int h, int w) {
    return RleMask.fromMask(randomRectangle(r, h, w), h, w);
  }

  /** A non-empty axis-aligned rectangle of an h x w grid, row by row (draws top, left, bottom, right). */
  private static boolean[] randomRectangle(Random r, int h, int w) {
    boolean[] m = new boolean[h * w];
    int y0 = r.nextInt(h);
    int x0 = r.nextInt(w);
    int y1 = y0 + 1 + r.nextInt(h - y0);
    int x1 = x0 + 1 + r.nextInt(w - x0);
    for (int y = y0; y < y1; y++) {
      for (int x = x0; x < x1; x++) {
        m[y * w + x] = true;
      }
    }
    return m;
  }

  /** Up to 4 images, categories 1, 3, 8, masks of 1 to 64 x 64 pixels (all area ranges), a crowd now and then. */
  private static CocoGroundTruth randomInstances(Random r, boolean crowds) {
    List<Long> images = new ArrayList<>();
    List<CocoInstance> instances = new ArrayList<>();
    int numImages = 1 + r.nextInt(4);
    long id = 1;
    for (int i = 0; i < numImages; i++) {
      long imageId = 10 + 7L * i;
      images.add(imageId);
      int h = 8 + r.nextInt(120);
      int w = 8 + r.nextInt(120);
      for (int n = r.nextInt(8); n > 0; n--) {
        instances.add(CocoInstance.of(id++, imageId, List.of(1, 3, 8).get(r.nextInt(3)), randomRect(r, h, w),
            crowds && r.nextInt(8) == 0));
      }
    }
    return new CocoGroundTruth(images, List.of(1, 3, 8), instances);
  }

  /** Distinct random scores (ties are broken by order, which a permutation would change). */
  private static List<Double> distinctScores(Random r, int n) {
    List<Double> scores = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      scores.add((i + 1) / (double) (n + 1));
    }
    Collections.shuffle(scores, r);
    return scores;
  }

  @Property(tries = 60)
  void perfectDetectionsScoreOne(@ForAll long seed) {
    Random r = new Random(seed);
    CocoGroundTruth gt = randomInstances(r, false);
    List<Double> scores = distinctScores(r, gt.instances().size());
    List<CocoDetection> dets = new ArrayList<>();
    for (int i = 0; i < gt.instances().size(); i++) {
      CocoInstance g = gt.instances().get(i);
      dets.add(CocoDetection.ofMask(g.imageId(), g.categoryId(), scores.get(i), g.mask().orElseThrow()));
    }
    CocoEvalResult res = CocoEval.evaluate(gt, dets, CocoEval.IouType.SEGM);
    double[] stats = res.stats();
    if (gt.instances().isEmpty()) {
      assertEquals(-1.0, stats[0]);
      return;
    }
    for (int s : new int[] {0, 1, 2, 8}) { // AP, AP50, AP75, AR100
      assertEquals(1.0, stats[s], EPS, CocoEvalResult.STAT_NAMES.get(s));
    }
    CocoEvalResult boxes = CocoEval.evaluate(gt, dets, CocoEval.IouType.BBOX);
    assertEquals(1.0, boxes.ap(), EPS);
  }

  @Property(tries = 60)
  void noDetectionsScoreZero(@ForAll long seed) {
    Random r = new Random(seed);
    CocoGroundTruth gt = randomInstances(r, true);
    CocoEvalResult res = CocoEval.evaluate(gt, List.of(), CocoEval.IouType.SEGM);
    boolean anyRegular = gt.instances().stream().anyMatch(i -> !i.crowd());
    for (double s : res.stats()) {
      if (anyRegular) {
        assertTrue(s == 0.0 || s == -1.0, "stat " + s);
      } else {
        assertEquals(-1.0, s);
      }
    }
    if (anyRegular) {
      assertEquals(0.0, res.ap());
    }
  }

  @Property(tries = 60)
  void cocoEvalIgnoresTheOrderAndIdsOfCategoriesAndTheOrderOfDetections(@ForAll long seed) {
    Random r = new Random(seed);
    CocoGroundTruth gt = randomInstances(r, true);
    List<CocoDetection> dets = new ArrayList<>();
    for (CocoInstance g : gt.instances()) {
      if (r.nextInt(5) > 0) {
        RleMask m = g.mask().orElseThrow();
        RleMask moved = r.nextBoolean() ? m : randomRect(r, m.height(), m.width());
        dets.add(CocoDetection.ofMask(g.imageId(), r.nextInt(4) == 0 ? 3 : g.categoryId(), 0, moved));
      }
    }
    List<Double> scores = distinctScores(r, dets.size());
    for (int i = 0; i < dets.size(); i++) {
      CocoDetection d = dets.get(i);
      dets.set(i, CocoDetection.ofMask(d.imageId(), d.categoryId(), scores.get(i), d.mask().orElseThrow()));
    }
    // categories 1, 3, 8 become 9, 2, 5 (their order reversed in part); detections shuffled
    Map<Integer, Integer> rename = Map.of(1, 9, 3, 2, 8, 5);
    List<CocoInstance> renamed = new ArrayList<>();
    for (CocoInstance g : gt.instances()) {
      renamed.add(new CocoInstance(g.id(), g.imageId(), rename.get(g.categoryId()), g.mask(), g.bbox(), g.area(),
          g.crowd()));
    }
    List<CocoDetection> shuffled = new ArrayList<>();
    for (CocoDetection d : dets) {
      shuffled.add(new CocoDetection(d.imageId(), rename.get(d.categoryId()), d.score(), d.mask(), d.bbox(),
          d.area()));
    }
    Collections.shuffle(shuffled, r);
    CocoEvalResult a = CocoEval.evaluate(gt, dets, CocoEval.IouType.SEGM);
    CocoEvalResult b = CocoEval.evaluate(new CocoGroundTruth(gt.imageIds(), List.of(9, 2, 5), renamed), shuffled,
        CocoEval.IouType.SEGM);
    double[] x = a.stats();
    double[] y = b.stats();
    for (int i = 0; i < x.length; i++) {
      assertEquals(x[i], y[i], EPS, CocoEvalResult.STAT_NAMES.get(i));
    }
    for (int c : List.of(1, 3, 8)) {
      assertEquals(a.categoryAp(c, java.util.OptionalDouble.empty(), "all", 100),
          b.categoryAp(rename.get(c), java.util.OptionalDouble.empty(), "all", 100), EPS);
    }
  }

  // ---------------------------------------------------------------- semantic

  private static int[] randomLabels(Random r, int n, int classes, boolean ignore) {
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = ignore && r.nextInt(10) == 0 ? 255 : r.nextInt(classes);
    }
    return labels;
  }

  @Property(tries = 100)
  void perfectSemanticPredictionScoresOne(@ForAll long seed) {
    Random r = new Random(seed);
    SemanticSegmentationMetrics m = SemanticSegmentationMetrics.create(6, 255);
    for (int i = 0; i < 3; i++) {
      int[] gt = randomLabels(r, 50 + r.nextInt(200), 6, true);
      int[] pred = gt.clone();
      for (int j = 0; j < pred.length; j++) {
        if (pred[j] == 255) {
          pred[j] = r.nextInt(6); // anything under the ignore label
        }
      }
      m.add(pred, gt);
    }
    SemanticSegmentationResult res = m.result();
    assertEquals(1.0, res.allAccuracy());
    assertEquals(1.0, res.meanIou());
    assertEquals(1.0, res.meanAccuracy());
    assertEquals(1.0, res.meanDice(), EPS);
  }

  @Property(tries = 100)
  void emptySemanticPredictionScoresZero(@ForAll long seed) {
    Random r = new Random(seed);
    SemanticSegmentationMetrics m = SemanticSegmentationMetrics.create(6, 255);
    int[] gt = randomLabels(r, 50 + r.nextInt(200), 6, true);
    int[] nothing = new int[gt.length];
    java.util.Arrays.fill(nothing, 255); // no pixel predicted as any class
    SemanticSegmentationResult res = m.add(nothing, gt).result();
    assertEquals(0.0, res.allAccuracy());
    assertEquals(0.0, res.meanIou());
    assertEquals(0.0, res.meanAccuracy());
  }

  @Property(tries = 100)
  void semanticMetricsIgnoreTheOrderOfClasses(@ForAll long seed) {
    Random r = new Random(seed);
    int classes = 7;
    List<Integer> perm = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      perm.add(c);
    }
    Collections.shuffle(perm, r);
    SemanticSegmentationMetrics a = SemanticSegmentationMetrics.create(classes, 255);
    SemanticSegmentationMetrics b = SemanticSegmentationMetrics.create(classes, 255);
    for (int i = 0; i < 3; i++) {
      int[] gt = randomLabels(r, 50 + r.nextInt(200), classes - 2, true); // some classes absent: NaN IoU
      int[] pred = randomLabels(r, gt.length, classes - 1, false);
      a.add(pred, gt);
      b.add(map(pred, perm), map(gt, perm));
    }
    SemanticSegmentationResult x = a.result();
    SemanticSegmentationResult y = b.result();
    assertEquals(x.allAccuracy(), y.allAccuracy());
    assertEquals(x.meanIou(), y.meanIou(), EPS);
    assertEquals(x.meanAccuracy(), y.meanAccuracy(), EPS);
    double[] iouX = x.iou();
    double[] iouY = y.iou();
    for (int c = 0; c < classes; c++) {
      assertEquals(iouX[c], iouY[perm.get(c)]);
    }
  }

  private static int[] map(int[] labels, List<Integer> perm) {
    int[] out = new int[labels.length];
    for (int i = 0; i < labels.length; i++) {
      out[i] = labels[i] == 255 ? 255 : perm.get(labels[i]);
    }
    return out;
  }
}
