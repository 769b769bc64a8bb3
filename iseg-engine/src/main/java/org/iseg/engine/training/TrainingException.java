package org.iseg.engine.training;

/**
 * Training cannot go on (diverged loss, a batch that does not fit in memory, data that yields no target); the
 * message says what happened, which checkpoint is intact and what to change.
 */
public final class TrainingException extends RuntimeException {
  public TrainingException(String message) {
    super(message);
  }

  public TrainingException(String message, Throwable cause) {
    super(message, cause);
  }
}
