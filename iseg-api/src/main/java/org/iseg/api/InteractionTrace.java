package org.iseg.api;

import java.util.List;

/** The outcome of {@link Interactions#fullInference}: every step in order and the final prediction. */
public record InteractionTrace(ProbabilityMap finalPrediction, List<InteractionStep> steps) {
  public InteractionTrace {
    Checks.checkNotNull("finalPrediction", finalPrediction);
    steps = List.copyOf(steps);
  }

  /** All clicks placed, in order. */
  public ClickHistory clicks() {
    return steps.isEmpty() ? ClickHistory.empty() : steps.get(steps.size() - 1).history();
  }

  /** Total wall time in the model, nanoseconds. */
  public long modelNanos() {
    return steps.stream().mapToLong(InteractionStep::modelNanos).sum();
  }

  /** Total wall time in the oracle, nanoseconds. */
  public long oracleNanos() {
    return steps.stream().mapToLong(InteractionStep::oracleNanos).sum();
  }
}
