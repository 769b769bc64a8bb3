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
 */
final class SessionStore {
  private final Map<String, AnnotationSession> sessions = new ConcurrentHashMap<>();
  private final Clock clock;
  private final Duration ttl;
  private final int maxSessions;
  private final SecureRandom random = new SecureRandom();

  SessionStore(Clock clock, Duration ttl, int maxSessions) {
    this.clock = clock;
    this.ttl = ttl;
    this.maxSessions = maxSessions;
  }

  Instant now() {
    return clock.instant();
  }

  /** Creates and registers a session with a fresh unguessable id. */
  AnnotationSession create(Function<String, AnnotationSession> factory) {
    expire();
    if (sessions.size() >= maxSessions) {
      throw new HttpError(429, "this server already holds " + maxSessions + " sessions; DELETE finished ones or "
          + "wait " + ttl.toSeconds() + " s for idle ones to expire");
    }
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    String id = HexFormat.of().formatHex(bytes);
    AnnotationSession session = factory.apply(id);
    sessions.put(id, session);
    return session;
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
