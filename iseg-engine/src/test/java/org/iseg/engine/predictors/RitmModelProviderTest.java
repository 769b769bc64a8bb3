package org.iseg.engine.predictors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.OptionalInt;
import org.iseg.api.IisModel;
import org.iseg.api.spi.IisModelProvider;
import org.iseg.models.compact.DefaultNetwork;
import org.junit.jupiter.api.Test;

class RitmModelProviderTest {

  @Test
  void registeredUnderRitm() {
    assertTrue(IisModelProvider.registry().get("ritm") instanceof RitmModelProvider);
  }

  @Test
  void optionsBecomePredictorSettings() {
    PredictorConfig davis = RitmModelProvider.config(Map.of("mode", "cvpr", "dataset", "DAVIS", "clicks-limit", "8"));
    assertEquals(new ZoomIn.LongestSide(600), davis.zoomIn().orElseThrow().cropSize());
    assertTrue(davis.withFlip());
    assertEquals(OptionalInt.of(8), davis.netClicksLimit());
    PredictorConfig plain = RitmModelProvider.config(Map.of("mode", "none", "flip", "false", "max-size", "800"));
    assertTrue(plain.zoomIn().isEmpty());
    assertFalse(plain.withFlip());
    assertEquals(OptionalInt.of(800), plain.maxSize());
  }

  @Test
  void withoutACheckpointItIsTheEmbeddedDefaultNetwork() {
    try (IisModel model = new RitmModelProvider().create(Map.of("mode", "none"))) {
      assertEquals(DefaultNetwork.NAME, model.name());
    }
  }

  @Test
  void badOptionsAreNamed() {
    RitmModelProvider p = new RitmModelProvider();
    assertTrue(assertThrows(IllegalArgumentException.class, () -> p.create(Map.of("chekpoint", "x")))
        .getMessage().contains("chekpoint"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> p.create(Map.of("checkpoint", "/nonexistent/m.pth")))
        .getMessage().contains("/nonexistent/m.pth"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> RitmModelProvider.config(Map.of("flip", "yes")))
        .getMessage().contains("flip"));
  }
}
