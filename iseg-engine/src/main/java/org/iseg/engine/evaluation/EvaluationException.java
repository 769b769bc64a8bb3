package org.iseg.engine.evaluation;

/** An evaluation run could not complete; the message names the dataset, sample and what to do. */
public class EvaluationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public EvaluationException(String message) {
    super(message);
  }

  public EvaluationException(String message, Throwable cause) {
    super(message, cause);
  }
}
