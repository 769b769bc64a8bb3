package org.iseg.engine.predictors;

import java.util.List;
import org.iseg.api.InteractionStep;
import org.iseg.api.InteractionTrace;
import org.iseg.api.Interactions;
import org.iseg.clicking.robots.RitmRobot;
import org.iseg.data.EvaluationSample;
import org.iseg.metrics.Iou;
import org.iseg.models.IisNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Not a test: {@code ISEG_BRS_NOC=1 mvn test -Dtest=BrsNocMeasurement} prints NoC@85/90 (20 clicks, RITM's
 * clicker, no early stop) and seconds per click for each mode on the two golden images with the golden
 * informative random checkpoint. Modes from env {@code ISEG_BRS_MODES} (comma-separated), default all.
 */
@EnabledIfEnvironmentVariable(named = "ISEG_BRS_NOC", matches = "1")
class BrsNocMeasurement {
  @Test
  void measure() {
    String modes = System.getenv().getOrDefault("ISEG_BRS_MODES", "NoBRS,f-BRS-B,f-BRS-C,DistMap-BRS,RGB-BRS");
    try (IisNetwork network = BrsGolden.network()) {
      for (String mode : modes.split(",")) {
        for (String stem : List.of("bush", "167062")) {
          EvaluationSample s = BrsGolden.sample(stem);
          try (RitmPredictor model = BrsGolden.predictor(mode, network)) {
            long t0 = System.nanoTime();
            InteractionTrace trace = Interactions.fullInference(model, new RitmRobot(1), s.image(), s.target(), 20);
            double seconds = (System.nanoTime() - t0) / 1e9 / trace.steps().size();
            int noc85 = 20;
            int noc90 = 20;
            StringBuilder ious = new StringBuilder();
            for (int k = 0; k < trace.steps().size(); k++) {
              InteractionStep step = trace.steps().get(k);
              double iou = Iou.of(step.mask(), s.target());
              ious.append(String.format(" %.3f", iou));
              if (iou >= 0.85 && noc85 == 20) {
                noc85 = k + 1;
              }
              if (iou >= 0.90 && noc90 == 20) {
                noc90 = k + 1;
              }
            }
            System.out.printf("NOC %s %s: NoC@85 %d, NoC@90 %d, %.2f s/click, IoUs%s%n", mode, stem, noc85, noc90,
                seconds, ious);
          }
        }
      }
    }
  }
}
