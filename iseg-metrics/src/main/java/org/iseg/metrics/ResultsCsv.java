package org.iseg.metrics;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.iseg.api.Click;

/**
 * Per-sample results as CSV (RFC 4180 quoting), one row per sample: its size and target, NoC at each protocol
 * threshold, the final IoU, the times, the failure if any, the IoU after each click ({@code iou@1 ..
 * iou@K}, empty after an early stop) and the clicks as {@code row:col:+} / {@code row:col:-} separated by
 * spaces.
 *
 * <pre>{@code
 * ResultsCsv.write(dir.resolve("GrabCut.csv"), result);
 * }</pre>
 */
public final class ResultsCsv {
  private ResultsCsv() {}

  /** The CSV text of {@code result}. */
  public static String toCsv(DatasetResult result) {
    Protocol p = result.protocol();
    StringBuilder sb = new StringBuilder();
    sb.append("dataset,index,id,height,width,objectPixels,ignorePixels,clicks");
    for (double t : p.nocThresholds()) {
      sb.append(",noc@").append(ResultsJson.thresholdKey(t));
    }
    sb.append(",finalIou,seconds,modelSeconds,oracleSeconds,failure");
    for (int k = 1; k <= p.maxClicks(); k++) {
      sb.append(",iou@").append(k);
    }
    sb.append(",clickList\n");
    for (SampleResult s : result.samples()) {
      float[] ious = s.ious();
      sb.append(field(result.dataset())).append(',').append(s.index()).append(',').append(field(s.id()))
          .append(',').append(s.height()).append(',').append(s.width())
          .append(',').append(s.objectPixels()).append(',').append(s.ignorePixels())
          .append(',').append(s.clickCount());
      for (double t : p.nocThresholds()) {
        sb.append(',');
        if (s.completed()) {
          sb.append(Noc.clicksToReach(ious, t, p.maxClicks()));
        }
      }
      sb.append(',');
      if (ious.length > 0) {
        sb.append((double) ious[ious.length - 1]);
      }
      sb.append(',').append(seconds(s.seconds())).append(',').append(seconds(s.modelSeconds()))
          .append(',').append(seconds(s.oracleSeconds()))
          .append(',').append(field(s.failure().orElse("")));
      for (int k = 0; k < p.maxClicks(); k++) {
        sb.append(',');
        if (k < ious.length) {
          sb.append((double) ious[k]);
        }
      }
      sb.append(',').append(clickList(s.clicks())).append('\n');
    }
    return sb.toString();
  }

  /** Writes {@link #toCsv} to {@code file}, creating parent folders. */
  public static void write(Path file, DatasetResult result) {
    ResultsJson.writeString(file, toCsv(result));
  }

  private static String clickList(List<Click> clicks) {
    StringBuilder sb = new StringBuilder();
    for (Click c : clicks) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(c.row()).append(':').append(c.col()).append(':').append(c.positive() ? '+' : '-');
    }
    return sb.toString();
  }

  private static String seconds(double s) {
    return String.format(Locale.ROOT, "%.6f", s);
  }

  /** A CSV field, quoted when it holds a comma, quote or line break. */
  static String field(String value) {
    if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0
        && value.indexOf('\r') < 0) {
      return value;
    }
    return '"' + value.replace("\"", "\"\"") + '"';
  }
}
