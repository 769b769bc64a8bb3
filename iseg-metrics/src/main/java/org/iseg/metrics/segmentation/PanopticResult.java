package org.iseg.metrics.segmentation;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Optional;

/**
 * Panoptic quality of a data set as panopticapi's {@code pq_compute} reports it.
 *
 * @param all PQ/SQ/RQ averaged over every category with a TP, FP or FN
 * @param things the same over thing categories
 * @param stuff the same over stuff categories
 * @param perCategory one entry per category, in the order of the categories given
 */
public record PanopticResult(Summary all, Summary things, Summary stuff, List<CategoryResult> perCategory) {
  public PanopticResult {
    perCategory = List.copyOf(perCategory);
  }

  /**
   * Averages over categories: the unweighted means of the per-category figures. With no category counted
   * ({@code n == 0}) the figures are 0 (panopticapi divides by zero there).
   *
   * @param pq panoptic quality, SQ x RQ per category
   * @param sq segmentation quality: mean IoU of the matched segments
   * @param rq recognition quality: TP / (TP + FP/2 + FN/2)
   * @param n categories averaged
   */
  public record Summary(double pq, double sq, double rq, int n) {}

  /**
   * One category's counts over the data set and its figures.
   *
   * @param iouSum sum of the IoUs of its matched pairs, image by image in panopticapi's order
   * @param counted false when TP + FP + FN = 0: its figures are 0 and it is left out of the averages
   */
  public record CategoryResult(int categoryId, boolean thing, int tp, int fp, int fn, double iouSum, double pq,
      double sq, double rq, boolean counted) {}

  /** The entry of {@code categoryId}, if it is one of the categories. */
  public Optional<CategoryResult> category(int categoryId) {
    return perCategory.stream().filter(c -> c.categoryId() == categoryId).findFirst();
  }

  /** The table {@code pq_compute} prints (PQ, SQ, RQ in percent with one decimal, N). */
  public List<String> table() {
    return List.of(
        String.format("%-10s| %5s  %5s  %5s %5s", "", "PQ", "SQ", "RQ", "N"),
        "-".repeat(10 + 7 * 4),
        row("All", all), row("Things", things), row("Stuff", stuff));
  }

  private static String row(String name, Summary s) {
    return String.format("%-10s| %5s  %5s  %5s %5d", name, percent(s.pq()), percent(s.sq()), percent(s.rq()), s.n());
  }

  /** Python's {@code '{:5.1f}'.format(100 * x)}: the exact binary value rounded half to even. */
  private static String percent(double x) {
    return new BigDecimal(100 * x).setScale(1, RoundingMode.HALF_EVEN).toPlainString();
  }
}
