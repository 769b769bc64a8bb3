package org.iseg.metrics;

/**
 * NoC and NoF of one dataset at one IoU threshold.
 *
 * @param threshold the IoU threshold t
 * @param meanNoc NoC@t: mean over samples of the first click reaching t (else the click limit)
 * @param nof NoF@t as RITM reports it ({@code >=20@t}): samples scored the click limit
 * @param neverReached samples whose IoU never reached t within the clicks they ran
 * @param samples number of samples scored
 */
public record NocSummary(double threshold, double meanNoc, int nof, int neverReached, int samples) {
  public NocSummary {
    if (samples < 1 || nof < 0 || nof > samples || neverReached < 0 || neverReached > nof) {
      throw new IllegalArgumentException(
          "inconsistent NoC summary: samples=" + samples + " nof=" + nof + " neverReached=" + neverReached);
    }
  }
}
