package org.iseg.engine.predictors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class PresetsTest {

  @Test
  void cvprUsesTarget400OrDavis600WithFlip() {
    PredictorConfig grabCut = Presets.evalMode("cvpr", "GrabCut");
    assertEquals(new ZoomIn(new ZoomIn.LongestSide(400), 1, 1.4, 200, 0.5, 0.5), grabCut.zoomIn().orElseThrow());
    assertTrue(grabCut.withFlip());
    assertEquals(OptionalInt.empty(), grabCut.maxSize());
    assertEquals(new ZoomIn.LongestSide(600), Presets.evalMode("cvpr", "DAVIS").zoomIn().orElseThrow().cropSize());
    assertEquals(new ZoomIn.LongestSide(600), Presets.evalMode("cvpr", "davis").zoomIn().orElseThrow().cropSize());
  }

  @Test
  void fixedModesCropFromTheFirstClick() {
    ZoomIn z = Presets.evalMode("fixed600", "SBD", OptionalInt.of(5)).zoomIn().orElseThrow();
    assertEquals(new ZoomIn.Fixed(600, 600), z.cropSize());
    assertEquals(-1, z.skipClicks());
    assertEquals(OptionalInt.of(5), Presets.evalMode("fixed400", "SBD", OptionalInt.of(5)).netClicksLimit());
  }

  @Test
  void noBrsWithoutZoomAndUnknownModes() {
    assertEquals(Optional.empty(), Presets.noBrs(Optional.empty(), false).zoomIn());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Presets.evalMode("ritm", "GrabCut"));
    assertTrue(e.getMessage().contains("cvpr"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Presets.evalMode("fixedX", "GrabCut"));
  }
}
