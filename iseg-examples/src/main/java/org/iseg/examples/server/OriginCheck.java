package org.iseg.examples.server;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Keeps web pages from driving the server. A browser names the page's origin in {@code Origin}; any origin
 * that is not loopback or explicitly allowed gets 403. A server bound to loopback also checks {@code Host}, so
 * a foreign page cannot reach it through DNS rebinding (a name of its own that resolves to 127.0.0.1).
 * Annotation backends call server-to-server and send no {@code Origin}.
 */
final class OriginCheck {
  private final boolean loopbackOnly;
  private final Set<String> allowedOrigins;

  OriginCheck(String bindHost, Set<String> allowedOrigins) {
    this.loopbackOnly = isLoopback(bindHost);
    this.allowedOrigins = allowedOrigins.stream().map(OriginCheck::normalise).collect(Collectors.toUnmodifiableSet());
  }

  void check(Exchange exchange) {
    String origin = exchange.header("Origin");
    boolean allowed = origin != null && allowedOrigins.contains(normalise(origin));
    // "null" is the origin of files and sandboxed frames: no site to allow.
    if (origin != null && !allowed && (origin.equals("null") || !isLoopback(hostOf(origin)))) {
      throw new HttpError(403, "requests from web pages at " + origin + " are refused; start the server with "
          + "--allow-origin " + origin + " to let that site call it");
    }
    if (loopbackOnly && !allowed) {
      String host = exchange.header("Host");
      if (host == null || !isLoopback(hostOf("http://" + host))) {
        throw new HttpError(403, "this server listens on loopback only and answers requests addressed to "
            + "localhost or 127.0.0.1, not to '" + host + "'");
      }
    }
  }

  private static String normalise(String origin) {
    String o = origin.trim().toLowerCase(Locale.ROOT);
    return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
  }

  /** The host of an origin or URL, lower case, without brackets; empty when it has none. */
  private static String hostOf(String url) {
    try {
      String host = URI.create(url.trim()).getHost();
      if (host == null) {
        return "";
      }
      host = host.toLowerCase(Locale.ROOT);
      return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  /** localhost, *.localhost, or a literal loopback address; never resolves a name. */
  static boolean isLoopback(String host) {
    if (host.equals("localhost") || host.endsWith(".localhost")) {
      return true;
    }
    boolean literal = host.matches("[0-9.]+") || host.contains(":");
    if (!literal) {
      return false;
    }
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
