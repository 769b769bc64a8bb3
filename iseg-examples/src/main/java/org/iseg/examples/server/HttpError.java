package org.iseg.examples.server;

/** A request the server refuses: the HTTP status and a message for the client, sent as {@code {"error": ...}}. */
final class HttpError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;

  HttpError(int status, String message) {
    super(message);
    this.status = status;
  }

  int status() {
    return status;
  }

  static HttpError badRequest(String message) {
    return new HttpError(400, message);
  }

  static HttpError notFound(String message) {
    return new HttpError(404, message);
  }
}
