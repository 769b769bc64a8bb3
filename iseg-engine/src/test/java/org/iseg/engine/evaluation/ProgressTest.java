package org.iseg.engine.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {
  private static String run(boolean terminal, int samples) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    Progress p = new Progress(out, true, terminal);
    p.start(samples, 0);
    for (int i = 0; i < samples; i++) {
      p.finished(3, true);
    }
    p.end();
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aLogFileGetsWholeLinesEveryFewPercentAndNoCarriageReturn() {
    String log = run(false, 1000);
    assertTrue(log.indexOf('\r') < 0, "no \\r outside a terminal");
    String[] lines = log.split("\n");
    assertEquals(100 / Progress.STEP_PERCENT + 1, lines.length, log); // 0 %, 5 %, ..., 100 %
    assertTrue(lines[lines.length - 1].startsWith("evaluation: 1000/1000 samples"), lines[lines.length - 1]);
  }

  @Test
  void aTerminalGetsOneLineRewrittenInPlace() {
    String shown = run(true, 1000);
    assertTrue(shown.startsWith("\revaluation: 0/1000"), shown);
    assertTrue(shown.contains("\revaluation: 1000/1000 samples") && shown.endsWith("\n"), shown);
    assertEquals(1, shown.split("\n").length);
  }
}
