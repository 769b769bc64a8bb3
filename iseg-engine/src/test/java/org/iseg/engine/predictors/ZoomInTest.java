package org.iseg.engine.predictors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** ZoomIn's ROI logic on synthetic masks whose answers are worked out by hand from RITM's formulas. */
class ZoomInTest {
  private static final int H = 300;
  private static final int W = 500;
  private final ZoomIn zoom = ZoomIn.builder().build();

  /** Probabilities 0.9 on rows r0..r1, cols c0..c1, 0.1 elsewhere. */
  private static float[] rect(int r0, int r1, int c0, int c1) {
    float[] p = new float[H * W];
    java.util.Arrays.fill(p, 0.1f);
    for (int r = r0; r <= r1; r++) {
      for (int c = c0; c <= c1; c++) {
        p[r * W + c] = 0.9f;
      }
    }
    return p;
  }

  private static NetClick pos(int r, int c, int i) {
    return new NetClick(r, c, true, i);
  }

  @Test
  void objectRoiAddsPositiveClicksExpandsRoundsHalfToEvenAndClamps() {
    // object rows 0..39, cols 199..258; the positive click (50, 210) stretches the box to rows 0..50.
    // centre (25, 228.5); sides max(1.4 * 51, 200) = 200 and max(1.4 * 60, 200) = 200;
    // rows round(-75) = -75 -> clamped 0, round(125) = 125; cols round(128.5) = 128 (half to even), round(328.5) = 328.
    Optional<Roi> roi = zoom.objectRoi(rect(0, 39, 199, 258), H, W, List.of(pos(50, 210, 0), new NetClick(290, 5, false, 1)));
    assertEquals(Optional.of(new Roi(0, 125, 128, 328)), roi);
  }

  @Test
  void expansionRatioWinsOverMinimumForLargeObjects() {
    // rows 10..209 (200 px): 1.4 * 200 = 280 -> centre 109.5 -> round(-30.5) = -30 -> 0, round(249.5) = 250 (even)
    // cols 100..399 (300 px): 1.4 * 300 = 420 -> centre 249.5 -> round(39.5) = 40, round(459.5) = 460
    assertEquals(Optional.of(new Roi(0, 250, 40, 460)), zoom.objectRoi(rect(10, 209, 100, 399), H, W, List.of()));
  }

  @Test
  void probabilityExactlyAtThresholdIsNotObject() {
    float[] p = new float[H * W];
    java.util.Arrays.fill(p, 0.5f);
    assertEquals(Optional.empty(), zoom.objectRoi(p, H, W, List.of(pos(3, 3, 0))));
  }

  @Test
  void cropSizeKeepsAspectWithPythonRounding() {
    Roi roi = new Roi(0, 125, 128, 328); // 126 x 201
    assertArrayEquals(new int[] {251, 400}, new ZoomIn.LongestSide(400).resized(roi)); // 126 * 400 / 201 = 250.75
    assertArrayEquals(new int[] {400, 400}, new ZoomIn.Fixed(400, 400).resized(roi));
  }

  @Test
  void bboxIouIsProductOfSegmentIous() {
    assertEquals(1.0 / 3, new Roi(0, 9, 0, 9).iou(new Roi(5, 14, 0, 9)), 1e-12);
    assertEquals(0.0, new Roi(0, 9, 0, 9).iou(new Roi(20, 29, 0, 9)), 0);
  }

  @Test
  void firstClickIsSkippedThenTheObjectIsCropped() {
    float[] prev = rect(0, 39, 199, 258);
    ZoomIn.Plan first = zoom.plan(Optional.empty(), prev, H, W, List.of(pos(50, 210, 0)));
    assertEquals(new ZoomIn.Plan(Optional.empty(), false), first);
    ZoomIn.Plan second = zoom.plan(Optional.empty(), prev, H, W, List.of(pos(50, 210, 0), pos(20, 220, 1)));
    assertEquals(new ZoomIn.Plan(Optional.of(new Roi(0, 125, 128, 328)), true), second);
  }

  @Test
  void emptyPredictionKeepsTheOldCropForTheInverseButFeedsTheWholeImage() {
    Roi kept = new Roi(0, 125, 128, 328);
    float[] nothing = new float[H * W];
    List<NetClick> clicks = List.of(pos(50, 210, 0), pos(20, 220, 1));
    assertEquals(new ZoomIn.Plan(Optional.of(kept), false), zoom.plan(Optional.of(kept), nothing, H, W, clicks));
    ZoomIn fixed = ZoomIn.builder().skipClicks(-1).cropSize(new ZoomIn.Fixed(400, 400)).build();
    assertEquals(
        new ZoomIn.Plan(Optional.of(Roi.whole(H, W)), true), fixed.plan(Optional.empty(), nothing, H, W, clicks.subList(0, 1)));
  }

  @Test
  void keptCropSurvivesSmallChangesAndIsRecomputedWhenAClickLeavesIt() {
    Roi kept = new Roi(0, 125, 128, 328);
    float[] prev = rect(0, 39, 199, 258);
    // box unchanged (IoU 1), clicks inside -> kept
    assertEquals(
        Optional.of(kept), zoom.plan(Optional.of(kept), prev, H, W, List.of(pos(50, 210, 0), pos(20, 220, 1))).roi());
    // a different kept crop with IoU >= 0.5 with the new box is still kept
    Roi near = new Roi(0, 125, 120, 320);
    assertTrue(near.iou(new Roi(0, 125, 128, 328)) >= 0.5);
    assertEquals(Optional.of(near), zoom.plan(Optional.of(near), prev, H, W, List.of(pos(50, 210, 0), pos(20, 220, 1))).roi());
    // a positive click on the crop's last row counts as outside (RITM: coord >= rmax) -> recomputed
    List<NetClick> onEdge = List.of(pos(50, 210, 0), pos(125, 220, 1));
    assertFalse(ZoomIn.containsPositiveClicks(near, onEdge));
    Roi recomputed = zoom.plan(Optional.of(near), prev, H, W, onEdge).roi().orElseThrow();
    assertEquals(zoom.objectRoi(prev, H, W, onEdge).orElseThrow(), recomputed);
    // a far-away box (IoU < 0.5) -> recomputed
    Roi far = new Roi(100, 299, 300, 499);
    assertEquals(
        Optional.of(new Roi(0, 125, 128, 328)),
        zoom.plan(Optional.of(far), prev, H, W, List.of(pos(50, 210, 0), pos(20, 220, 1))).roi());
  }

  @Test
  void clicksMapIntoTheResizedCrop() {
    Roi roi = new Roi(10, 109, 20, 219); // 100 x 200 -> 200 x 400
    List<NetClick> mapped = ZoomIn.toCrop(List.of(new NetClick(60, 120, false, 3)), roi, 200, 400);
    assertEquals(new NetClick(100, 200, false, 3), mapped.get(0));
  }

  @Test
  void recalculationOnlyWithoutCropAndSkipZeroAndASmallObject() {
    ZoomIn skip0 = ZoomIn.builder().skipClicks(0).build();
    float[] small = rect(0, 39, 199, 258); // crop 126 x 201 of 300 x 500: IoU 0.42 * 0.40 < 0.5
    assertTrue(skip0.recalculate(Optional.empty(), small, H, W));
    assertFalse(skip0.recalculate(Optional.of(Roi.whole(H, W)), small, H, W));
    assertFalse(zoom.recalculate(Optional.empty(), small, H, W)); // skip 1
    assertFalse(skip0.recalculate(Optional.empty(), rect(0, 299, 0, 499), H, W));
  }
}
