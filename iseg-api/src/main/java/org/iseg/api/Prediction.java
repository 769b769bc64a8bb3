package org.iseg.api;

/** What a model returns for one click: the probabilities {@code y} and the state {@code z} for the next. */
public record Prediction(ProbabilityMap y, State z) {
  public Prediction {
    Checks.checkNotNull("y", y);
    Checks.checkNotNull("z", z);
  }
}
