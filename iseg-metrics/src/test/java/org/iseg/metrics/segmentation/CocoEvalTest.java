package org.iseg.metrics.segmentation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-made cases on the edges of COCOeval's rules, and RLE geometry against maskApi.c. */
class CocoEvalTest {

  private static RleMask rect(int h, int w, int y0, int x0, int y1, int x1) {
    boolean[] m = new boolean[h * w];
    for (int y = y0; y < y1; y++) {
      for (int x = x0; x < x1; x++) {
        m[y * w + x] = true;
      }
    }
    return RleMask.fromMask(m, h, w);
  }

  @Test
  void rleGeometry() {
    RleMask a = rect(10, 10, 2, 3, 6, 8); // rows 2..5, cols 3..7
    assertEquals(20, a.area());
    assertArrayEquals(new double[] {3, 2, 5, 4}, a.bbox());
    RleMask b = rect(10, 10, 4, 3, 10, 8);
    assertEquals(10, a.intersection(b));
    assertEquals(10.0 / 40, a.iou(b, false));
    assertEquals(10.0 / 20, a.iou(b, true), "crowd: intersection over the detection's area");
    assertEquals(0.0, a.iou(rect(10, 10, 7, 0, 9, 2), false));
    assertArrayEquals(new double[4], new RleMask(3, 3, new int[] {9}).bbox());
    assertEquals(a, RleMask.fromString(10, 10, a.countsString()));
  }

  @Test
  void iouEqualToTheThresholdMatches() {
    // detection = left half of the object: IoU exactly 0.5, a match at t = .50 only (COCOeval: IoU >= t)
    RleMask object = rect(20, 20, 0, 0, 10, 10);
    RleMask half = rect(20, 20, 0, 0, 10, 5);
    CocoGroundTruth gt = new CocoGroundTruth(List.of(1L), List.of(1), List.of(CocoInstance.of(1, 1, 1, object,
        false)));
    CocoEvalResult r = CocoEval.evaluate(gt, List.of(CocoDetection.ofMask(1, 1, 0.9, half)), CocoEval.IouType.SEGM);
    assertEquals(1.0, r.recall(0, 0, 0, 2));
    assertEquals(0.0, r.recall(1, 0, 0, 2));
    assertEquals(0.1, r.ap(), 1e-12, "AP 1 at one of ten thresholds");
  }

  @Test
  void detectionsOnACrowdAreIgnoredAndCrowdsAreNoMisses() {
    RleMask object = rect(30, 30, 0, 0, 10, 10);
    RleMask crowd = rect(30, 30, 15, 0, 30, 30);
    CocoGroundTruth gt = new CocoGroundTruth(List.of(1L), List.of(1),
        List.of(CocoInstance.of(1, 1, 1, object, false), CocoInstance.of(2, 1, 1, crowd, true)));
    List<CocoDetection> dets = List.of(CocoDetection.ofMask(1, 1, 0.9, rect(30, 30, 16, 0, 20, 5)),
        CocoDetection.ofMask(1, 1, 0.8, rect(30, 30, 20, 10, 25, 15)),
        CocoDetection.ofMask(1, 1, 0.7, object));
    CocoEvalResult r = CocoEval.evaluate(gt, dets, CocoEval.IouType.SEGM);
    assertEquals(1.0, r.ap(), 1e-12, "the two higher-scored detections lie in the crowd: neither TP nor FP");
    assertEquals(1.0, r.ar100(), 1e-12);
  }

  @Test
  void categoriesWithoutGroundTruthAreLeftOut() {
    RleMask object = rect(20, 20, 0, 0, 10, 10);
    CocoGroundTruth gt = new CocoGroundTruth(List.of(1L), List.of(1, 2), List.of(CocoInstance.of(1, 1, 1, object,
        false)));
    CocoEvalResult r = CocoEval.evaluate(gt, List.of(CocoDetection.ofMask(1, 1, 0.9, object),
        CocoDetection.ofMask(1, 2, 0.9, object)), CocoEval.IouType.SEGM);
    assertEquals(1.0, r.ap(), 1e-12);
    assertEquals(-1.0, r.categoryAp(2, java.util.OptionalDouble.empty(), "all", 100));
    assertEquals(-1.0, r.stats()[5], "no large object");
  }

  @Test
  void detectionsOnUnknownImagesAreRejected() {
    CocoGroundTruth gt = new CocoGroundTruth(List.of(1L), List.of(1), List.of());
    assertThrows(IllegalArgumentException.class, () -> CocoEval.evaluate(gt,
        List.of(CocoDetection.ofMask(2, 1, 0.5, rect(4, 4, 0, 0, 2, 2))), CocoEval.IouType.SEGM));
  }
}
