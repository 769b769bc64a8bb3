package org.iseg.engine.evaluation;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress on a stream: on a terminal one line rewritten in place ({@code \r}) at most twice a second; elsewhere (a
 * log file, CI) a full line every {@value #STEP_PERCENT} % of the samples, since a {@code \r} there turns the log
 * into one endless line.
 */
final class Progress {
  private static final long MIN_INTERVAL_NANOS = 500_000_000L;
  static final int STEP_PERCENT = 5;

  private final PrintStream out;
  private final boolean enabled;
  private final boolean terminal;
  private int lastStep = -1;
  private final long startNanos = System.nanoTime();
  private long lastPrint;
  private int total;
  private int resumed;
  private int done;
  private int failed;
  private long clicks;
  private boolean finalShown;

  Progress(PrintStream out, boolean enabled, boolean terminal) {
    this.out = out;
    this.enabled = enabled;
    this.terminal = terminal;
  }

  synchronized void start(int totalSamples, int resumedSamples) {
    this.total = totalSamples;
    this.resumed = resumedSamples;
    print(true);
  }

  synchronized void finished(int sampleClicks, boolean ok) {
    done++;
    clicks += sampleClicks;
    if (!ok) {
      failed++;
    }
    print(done == total - resumed);
  }

  synchronized void end() {
    if (enabled) {
      if (!finalShown) {
        print(true);
      }
      if (terminal) {
        out.println();
      }
      out.flush();
    }
  }

  private void print(boolean force) {
    if (!enabled) {
      return;
    }
    long now = System.nanoTime();
    int todoAll = total - resumed;
    int step = todoAll <= 0 ? 100 / STEP_PERCENT : done * (100 / STEP_PERCENT) / todoAll;
    if (terminal ? !force && now - lastPrint < MIN_INTERVAL_NANOS : step == lastStep) {
      return;
    }
    lastStep = step;
    lastPrint = now;
    finalShown = done == total - resumed;
    double seconds = (now - startNanos) / 1e9;
    int todo = total - resumed;
    double rate = seconds > 0 ? done / seconds : 0;
    String eta = rate > 0 && done < todo ? formatSeconds((todo - done) / rate) : "-";
    out.print(String.format(Locale.ROOT,
        (terminal ? "\r" : "") + "evaluation: %d/%d samples%s%s, %.1f samples/s, %.1f clicks/s, elapsed %s, eta %s"
            + (terminal ? "   " : "%n"),
        done + resumed, total, resumed > 0 ? " (" + resumed + " resumed)" : "",
        failed > 0 ? ", " + failed + " failed" : "", rate, seconds > 0 ? clicks / seconds : 0.0,
        formatSeconds(seconds), eta));
    out.flush();
  }

  private static String formatSeconds(double s) {
    long t = (long) s;
    return String.format(Locale.ROOT, "%d:%02d:%02d", t / 3600, (t % 3600) / 60, t % 60);
  }
}
