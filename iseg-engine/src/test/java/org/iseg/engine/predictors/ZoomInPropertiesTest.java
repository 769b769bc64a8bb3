package org.iseg.engine.predictors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class ZoomInPropertiesTest {
  private final ZoomIn zoom = ZoomIn.builder().build();

  @Property(tries = 150)
  void objectRoiCoversTheObjectAndThePositiveClicksInsideTheImage(
      @ForAll @IntRange(min = 20, max = 120) int h,
      @ForAll @IntRange(min = 20, max = 120) int w,
      @ForAll @IntRange(min = 0, max = 119) int r0,
      @ForAll @IntRange(min = 0, max = 119) int c0,
      @ForAll @IntRange(min = 1, max = 60) int size,
      @ForAll @IntRange(min = 0, max = 119) int clickRow,
      @ForAll @IntRange(min = 0, max = 119) int clickCol,
      @ForAll @IntRange(min = 0, max = 60) int minCrop) {
    int top = r0 % h;
    int left = c0 % w;
    int bottom = Math.min(h - 1, top + size);
    int right = Math.min(w - 1, left + size);
    float[] probs = new float[h * w];
    for (int r = top; r <= bottom; r++) {
      for (int c = left; c <= right; c++) {
        probs[r * w + c] = 1f;
      }
    }
    NetClick click = new NetClick(clickRow % h, clickCol % w, true, 0);
    ZoomIn z = ZoomIn.builder().minCropSize(minCrop).build();
    Roi roi = z.objectRoi(probs, h, w, List.of(click)).orElseThrow();
    assertTrue(roi.rowMin() >= 0 && roi.colMin() >= 0 && roi.rowMax() < h && roi.colMax() < w, roi::toString);
    assertTrue(roi.rowMin() <= Math.min(top, click.row()) && roi.rowMax() >= Math.max(bottom, click.row()), roi::toString);
    assertTrue(roi.colMin() <= Math.min(left, click.col()) && roi.colMax() >= Math.max(right, click.col()), roi::toString);
  }

  @Property(tries = 150)
  void boxIouIsSymmetricBoundedAndOneOnItself(@ForAll("boxPairs") Roi[] pair) {
    Roi x = pair[0];
    Roi y = pair[1];
    assertEquals(x.iou(y), y.iou(x), 1e-12);
    assertTrue(x.iou(y) >= 0 && x.iou(y) <= 1);
    assertEquals(1.0, x.iou(x), 1e-12);
  }

  /** Two boxes with corners in 0..50 and sides in 0..30, the second's sides swapped from the first's. */
  @Provide
  Arbitrary<Roi[]> boxPairs() {
    Arbitrary<Integer> corner = Arbitraries.integers().between(0, 50);
    Arbitrary<Integer> side = Arbitraries.integers().between(0, 30);
    return Combinators.combine(corner, corner, corner, corner, side, side)
        .as((a, b, c, d, e, f) -> new Roi[] {new Roi(a, a + e, b, b + f), new Roi(c, c + f, d, d + e)});
  }

  @Property(tries = 100)
  void cropOfTheWholeImageKeepsClicksAtTheirScaledPlace(
      @ForAll @IntRange(min = 2, max = 900) int h,
      @ForAll @IntRange(min = 2, max = 900) int w,
      @ForAll @IntRange(min = 0, max = 899) int row) {
    Roi whole = Roi.whole(h, w);
    int[] size = new ZoomIn.LongestSide(400).resized(whole);
    assertEquals(400, Math.max(size[0], size[1]));
    NetClick mapped = ZoomIn.toCrop(List.of(new NetClick(row % h, 0, true, 0)), whole, size[0], size[1]).get(0);
    assertEquals(size[0] * (double) (row % h) / h, mapped.row(), 1e-9);
  }
}
