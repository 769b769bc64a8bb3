package org.iseg.api;

/** ITER-M state: the previous probabilities, fed back to the network as its extra input channel. */
public record PreviousPrediction(ProbabilityMap probabilities) implements State {
  public PreviousPrediction {
    Checks.checkNotNull("probabilities", probabilities);
  }
}
