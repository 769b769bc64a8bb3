package org.iseg.models.external;

/** An exported model could not be loaded or run; the message names the file and what was expected. */
public final class ExternalModelException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ExternalModelException(String message, Throwable cause) {
    super(message, cause);
  }

  public ExternalModelException(String message) {
    super(message);
  }
}
