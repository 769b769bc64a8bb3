package org.iseg.examples.server;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Open sessions by id, each forgotten once it has been idle for longer than the TTL. Expiry is checked on
 * every lookup and by {@link #expire()}, both against the injected clock, so tests need no sleeping.
 *
 * <p>Three limits keep one client, or one huge image, from taking the server: the number of sessions, the
 * number per client (by address), and a memory budget over every session's estimate ({@link
 * AnnotationSession#bytes}), checked from the image header before decoding and again before each click.
 */
final class SessionStore {
  private final Map<String, AnnotationSession> sessions = new ConcurrentHashMap<>();
  private final Clock clock;
  private final Duration ttl;
  private final int maxSessions;
  private final int maxPerClient;
  private final long budgetBytes;
  private final SecureRandom random = new SecureRandom();

  SessionStore(Clock clock, Duration ttl, int maxSessions, int maxPerClient, long budgetBytes) {
    this.clock = clock;
    this.ttl = ttl;
    this.maxSessions = maxSessions;
    this.maxPerClient = maxPerClient;
    this.budgetBytes = budgetBytes;
  }

  Instant now() {
    return clock.instant();
  }

  /**
   * Refuses a new session of {@code owner} on {@code pixels} pixels that would pass a limit (429 for the
   * counts, 503 for memory); called before its image is decoded and again when it is registered.
   */
  synchronized void admit(String owner, long pixels, long stateBytesPerPixel) {
    expire();
    if (sessions.size() >= maxSessions) {
      throw new HttpError(429, "this server already holds " + maxSessions + " sessions; DELETE finished ones or "
          + "wait " + ttl.toSeconds() + " s for idle ones to expire");
    }
    long mine = sessions.values().stream().filter(s -> s.owner().equals(owner)).count();
    if (mine >= maxPerClient) {
      throw new HttpError(429, "you already hold " + mine + " sessions, this server's limit per client; DELETE "
          + "finished ones or wait " + ttl.toSeconds() + " s for idle ones to expire");
    }
    requireMemory(AnnotationSession.bytes(pixels, 0) + pixels * stateBytesPerPixel,
        "a new session on a " + pixels + "-pixel image");
  }

  /** Refuses (503) when {@code extra} more bytes would pass the sessions' memory budget. */
  synchronized void requireMemory(long extra, String what) {
    long used = sessions.values().stream().mapToLong(AnnotationSession::bytes).sum();
    if (used + extra > budgetBytes) {
      throw new HttpError(503, what + " needs about " + mib(extra) + " MiB but the sessions already hold "
          + mib(used) + " of this server's " + mib(budgetBytes) + " MiB; DELETE finished sessions, send smaller "
          + "images, or retry later");
    }
  }

  /**
   * Registers a session with a fresh unguessable id, checking the limits once more under the lock (requests
   * decode in parallel); a session whose creation failed is never registered.
   */
  synchronized AnnotationSession create(String owner, long pixels, long stateBytesPerPixel,
      Function<String, AnnotationSession> factory) {
    admit(owner, pixels, stateBytesPerPixel);
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    String id = HexFormat.of().formatHex(bytes);
    AnnotationSession session = factory.apply(id);
    sessions.put(id, session);
    return session;
  }

  private static long mib(long bytes) {
    return (bytes + (1 << 20) - 1) >> 20;
  }

  /** The session, marked as used now; 404 when unknown or expired. */
  AnnotationSession get(String id) {
    AnnotationSession session = sessions.get(id);
    Instant now = now();
    if (session == null || isExpired(session, now)) {
      if (session != null) {
        sessions.remove(id, session);
      }
      throw HttpError.notFound("no session '" + id + "' (unknown, deleted, or idle for more than "
          + ttl.toSeconds() + " s); create one with POST /sessions");
    }
    session.touch(now);
    return session;
  }

  boolean delete(String id) {
    return sessions.remove(id) != null;
  }

  /** Drops every expired session; returns how many were dropped. */
  int expire() {
    Instant now = now();
    int[] dropped = {0};
    sessions.values().removeIf(s -> {
      boolean old = isExpired(s, now);
      if (old) {
        dropped[0]++;
      }
      return old;
    });
    return dropped[0];
  }

  int size() {
    return sessions.size();
  }

  private boolean isExpired(AnnotationSession session, Instant now) {
    return Duration.between(session.lastUsed(), now).compareTo(ttl) > 0;
  }
}
