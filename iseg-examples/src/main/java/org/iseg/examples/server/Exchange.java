package org.iseg.examples.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;

/**
 * One request and its response as the server's routes see them: a thin, blocking view of Jetty's core
 * {@link Request} and {@link Response}. Routes run on Jetty's pool threads and may block (reading the body,
 * waiting for a model); Jetty parses request lines and headers without a thread per connection.
 */
final class Exchange {
  private final Request request;
  private final Response response;
  private InputStream body;

  Exchange(Request request, Response response) {
    this.request = request;
    this.response = response;
  }

  /** The method as sent, upper case. */
  String method() {
    return request.getMethod();
  }

  /** The path, percent-decoded. */
  String path() {
    String path = request.getHttpURI().getDecodedPath();
    return path == null || path.isEmpty() ? "/" : path;
  }

  /** The path as sent (for the request log). */
  String rawPath() {
    String path = request.getHttpURI().getPath();
    return path == null || path.isEmpty() ? "/" : path;
  }

  Optional<String> rawQuery() {
    return Optional.ofNullable(request.getHttpURI().getQuery());
  }

  /** The first value of a request header, or null. */
  String header(String name) {
    return request.getHeaders().get(name);
  }

  /** Whether the client waits for {@code 100 Continue} before it sends its body. */
  boolean expectsContinue() {
    String expect = request.getHeaders().get(HttpHeader.EXPECT);
    return expect != null && expect.trim().equalsIgnoreCase("100-continue");
  }

  /** The request body as a blocking stream (reading it first sends {@code 100 Continue} when asked). */
  InputStream body() {
    if (body == null) {
      body = Content.Source.asInputStream(request);
    }
    return body;
  }

  /** The client's address, which the per-client session quota counts by. */
  String client() {
    return Request.getRemoteAddr(request);
  }

  void setHeader(String name, String value) {
    response.getHeaders().put(name, value);
  }

  /** Sends the whole answer and waits until it is written; IOException when the client has gone. */
  void send(int status, String json) throws IOException {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, JsonReplies.CONTENT_TYPE);
    ByteBuffer bytes = JsonReplies.bytes(json);
    try (Blocker.Callback written = Blocker.callback()) {
      response.write(true, bytes, written);
      written.block();
    }
  }

  boolean committed() {
    return response.isCommitted();
  }
}
