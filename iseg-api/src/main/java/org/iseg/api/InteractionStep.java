package org.iseg.api;

import java.util.List;

/**
 * One step of an interaction: the clicks the oracle added, the history after them, the model's probabilities
 * and their thresholded mask, and the wall time spent in the oracle and in the model.
 */
public record InteractionStep(
    List<Click> newClicks,
    ClickHistory history,
    ProbabilityMap probabilities,
    Mask mask,
    long oracleNanos,
    long modelNanos) {
  public InteractionStep {
    newClicks = List.copyOf(newClicks);
    Checks.checkNotNull("history", history);
    Checks.checkNotNull("probabilities", probabilities);
    Checks.checkNotNull("mask", mask);
  }
}
