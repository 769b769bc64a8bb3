package org.iseg.models.checkpoint;

/**
 * A checkpoint could not be read or written: the file is missing, truncated or corrupt, is not in the expected
 * format, or lacks a tensor the caller needs. The message names the file (and the tensor, where one is involved)
 * and says what was expected.
 */
public class CheckpointException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CheckpointException(String message) {
    super(message);
  }

  public CheckpointException(String message, Throwable cause) {
    super(message, cause);
  }
}
