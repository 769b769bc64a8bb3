package org.iseg.examples.server;

import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The answer to requests that Jetty refuses before a route sees them (a malformed request line 400, an
 * unsupported HTTP version 505, headers over the limit 431, a URI too long 414, a bad {@code Content-Length} or
 * chunk 400, an unsupported {@code Transfer-Encoding} 501): the server's own JSON error shape
 * ({@link JsonReplies#error}), never an HTML page and never a Java class name. Installed as the Jetty server's
 * error handler.
 */
final class ProtocolErrors implements Request.Handler {
  private static final Logger LOG = Logger.getLogger(ProtocolErrors.class.getName());
  /** Jetty's reasons ("Unknown Version", "Illegal character SPACE=' '") pass; anything else is left out. */
  private static final Pattern PLAIN_REASON = Pattern.compile("[A-Za-z0-9 '=:,._/-]{1,80}");

  private final int headerBytes;

  ProtocolErrors(int headerBytes) {
    this.headerBytes = headerBytes;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int status = response.getStatus();
    String reason = (String) request.getAttribute(ErrorHandler.ERROR_MESSAGE);
    Throwable cause = (Throwable) request.getAttribute(ErrorHandler.ERROR_EXCEPTION);
    if (cause instanceof HttpException http) {
      status = http.getCode();
      if (reason == null) {
        reason = http.getReason();
      }
    }
    if (status < 400) {
      status = 500;
    }
    response.setStatus(status);
    if (closedByClient(cause, reason)) {
      // The client closed its connection mid-request: nobody to answer, nothing to log.
      LOG.log(Level.FINE, "a client closed its connection before finishing its request", cause);
      callback.succeeded();
      return true;
    }
    if (LOG.isLoggable(Level.INFO)) {
      // The request log line of a request no route saw.
      // Jetty names a request whose request line it could not read "BAD /badMessage".
      String method = request.getMethod();
      String path = request.getHttpURI().getPath();
      boolean unread = "BAD".equals(method) && "/badMessage".equals(path);
      LOG.info(String.format(Locale.ROOT, "%s %s %s %d (refused by the HTTP layer%s)", Request.getRemoteAddr(request),
          unread ? "-" : method, unread ? "-" : path, status, reason == null ? "" : ": " + reason));
    }
    response.getHeaders().put(ErrorHandler.ERROR_CACHE_CONTROL);
    if (HttpStatus.hasNoBody(status) || "HEAD".equals(request.getMethod())) {
      callback.succeeded();
      return true;
    }
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, JsonReplies.CONTENT_TYPE);
    response.write(true, JsonReplies.bytes(JsonReplies.error(status, message(status, reason))), callback);
    return true;
  }

  private static boolean closedByClient(Throwable cause, String reason) {
    for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof EofException) {
        return true;
      }
    }
    // Jetty's parser reports a connection closed mid-request line or headers as a 400 "Early EOF".
    return reason != null && (reason.contains(EofException.class.getSimpleName()) || reason.equals("Early EOF"));
  }

  /** The status of an {@link HttpException} in {@code e}'s causes (a malformed body read), or 0. */
  static int status(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof HttpException http) {
        return http.getCode();
      }
    }
    return 0;
  }

  /** The reason of an {@link HttpException} in {@code e}'s causes, or null. */
  static String reason(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof HttpException http) {
        return http.getReason();
      }
    }
    return null;
  }

  /** Our words for the status, with Jetty's reason where it is plain text. */
  String message(int status, String reason) {
    String ours = switch (status) {
      case 400 -> "the request is not valid HTTP/1.1";
      case 414 -> "the request's URI is longer than this server accepts";
      case 431 -> "the request's headers are larger than this server's limit of " + headerBytes + " bytes";
      case 501 -> "the request asks for something this server does not implement";
      case 505 -> "the request's HTTP version is not supported; use HTTP/1.1 or HTTP/1.0";
      case 500 -> "the server failed to answer this request; its log has the details";
      default -> HttpStatus.getMessage(status);
    };
    boolean plain = reason != null && status != 500 && PLAIN_REASON.matcher(reason).matches()
        && !reason.contains("Exception") && !reason.contains("java.") && !reason.contains("org.")
        && !reason.equalsIgnoreCase(HttpStatus.getMessage(status));
    return plain ? ours + " (" + reason + ")" : ours;
  }
}
