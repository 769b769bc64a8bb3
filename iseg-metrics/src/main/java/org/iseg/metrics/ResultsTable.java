package org.iseg.metrics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Optional;

/**
 * The results table RITM's {@code scripts/evaluate_model.py} prints ({@code get_results_table} in
 * {@code isegm/inference/utils.py}), character for character:
 *
 * <pre>
 * Eval results for model: coco_lvis_h18_itermask
 * -----------------------------------------------------------------------------------------------
 * |  BRS Type   |  Dataset  | NoC@80% | NoC@85% | NoC@90% |&gt;=20@85% |&gt;=20@90% | SPC,s |  Time   |
 * -----------------------------------------------------------------------------------------------
 * |    NoBRS    |  GrabCut  |  1.42   |  1.54   |  1.68   |    0    |    1    | 0.123 | 0:00:12 |
 * </pre>
 *
 * The first column holds the pipeline ({@link DatasetResult#pipeline()}; RITM's "BRS type"). SPC is
 * {@link DatasetResult#secondsPerClick()}, Time the run's wall time truncated to seconds. Numbers are rounded
 * half-even on their exact binary value, as Python's {@code format} does.
 *
 * <pre>{@code
 * System.out.println(ResultsTable.render(results));
 * }</pre>
 */
public final class ResultsTable {
  private static final double[] NOC_THRESHOLDS = {0.80, 0.85, 0.90};

  private ResultsTable() {}

  /** Header (naming the model of the first result) and one row per result. */
  public static String render(List<DatasetResult> results) {
    if (results.isEmpty()) {
      throw new IllegalArgumentException("no results to tabulate");
    }
    StringBuilder sb = new StringBuilder(
        header(Optional.of(results.get(0).model()), results.get(0).protocol().maxClicks()));
    for (DatasetResult r : results) {
      sb.append('\n').append(row(r));
    }
    return sb.toString();
  }

  /** RITM's header: optional model line, a rule, the column titles, a rule (no trailing newline). */
  public static String header(Optional<String> modelName, int maxClicks) {
    String titles = "|" + center("BRS Type", 13) + "|" + center("Dataset", 11) + "|"
        + center("NoC@80%", 9) + "|" + center("NoC@85%", 9) + "|" + center("NoC@90%", 9) + "|"
        + center(">=" + maxClicks + "@85%", 9) + "|" + center(">=" + maxClicks + "@90%", 9) + "|"
        + center("SPC,s", 7) + "|" + center("Time", 9) + "|";
    String rule = "-".repeat(titles.length());
    String model = modelName.map(m -> "Eval results for model: " + m + "\n").orElse("");
    return model + rule + "\n" + titles + "\n" + rule;
  }

  /** One RITM table row for {@code result} (no trailing newline). */
  public static String row(DatasetResult result) {
    int maxClicks = result.protocol().maxClicks();
    List<float[]> curves = result.curves();
    StringBuilder sb = new StringBuilder();
    sb.append('|').append(center(result.pipeline(), 13)).append('|').append(center(result.dataset(), 11))
        .append('|');
    if (curves.isEmpty()) {
      for (int i = 0; i < 5; i++) {
        sb.append(center("?", 9)).append('|');
      }
      sb.append(center("?", 7)).append('|');
    } else {
      NocSummary[] s = new NocSummary[NOC_THRESHOLDS.length];
      for (int i = 0; i < s.length; i++) {
        s[i] = Noc.summarize(curves, NOC_THRESHOLDS[i], maxClicks);
      }
      for (NocSummary summary : s) {
        sb.append(center(fixed(summary.meanNoc(), 2), 9)).append('|');
      }
      sb.append(center(Integer.toString(s[1].nof()), 9)).append('|');
      sb.append(center(Integer.toString(s[2].nof()), 9)).append('|');
      sb.append(center(fixed(result.secondsPerClick(), 3), 7)).append('|');
    }
    sb.append(center(duration(result.wallSeconds()), 9)).append('|');
    return sb.toString();
  }

  /** Python's {@code f'{text:^width}'}: centred, the odd space on the right, never truncated. */
  static String center(String text, int width) {
    int pad = width - text.length();
    if (pad <= 0) {
      return text;
    }
    int left = pad / 2;
    return " ".repeat(left) + text + " ".repeat(pad - left);
  }

  /** Python's {@code f'{x:.Nf}'}: the exact binary value rounded half-even. */
  static String fixed(double x, int decimals) {
    if (Double.isNaN(x) || Double.isInfinite(x)) {
      return Double.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
    }
    return new BigDecimal(x).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
  }

  /** Python's {@code str(timedelta(seconds=int(s)))}: {@code H:MM:SS}, with {@code "N day(s), "} in front. */
  static String duration(double seconds) {
    long total = (long) seconds;
    long days = total / 86400;
    long rest = total % 86400;
    String hms = String.format(
        java.util.Locale.ROOT, "%d:%02d:%02d", rest / 3600, (rest % 3600) / 60, rest % 60);
    return days == 0 ? hms : days + (days == 1 ? " day, " : " days, ") + hms;
  }
}
