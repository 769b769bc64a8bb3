package org.iseg.examples.server;

import java.time.Instant;
import java.util.function.UnaryOperator;
import org.iseg.api.Image;
import org.iseg.engine.session.InteractiveSession;

/**
 * One session of the session API as the {@link SessionStore} keeps it: an id, when it was last used, and the
 * current {@link InteractiveSession}. The interaction itself is the engine's immutable value; this holder only
 * swaps it. {@link #update} runs under the holder's lock, so concurrent requests on one session run one after
 * another and none of their clicks is lost; a reader gets a whole {@link Snapshot}, never half of an update.
 */
final class AnnotationSession {
  /** A session's id with one consistent state of it, to answer a request from. */
  record Snapshot(String id, InteractiveSession session) {}

  private final String id;
  private final Image image;
  private InteractiveSession current;
  private Instant lastUsed;

  AnnotationSession(String id, InteractiveSession start, Instant now) {
    this.id = id;
    this.image = start.image();
    this.current = start;
    this.lastUsed = now;
  }

  String id() {
    return id;
  }

  /** The session's image (fixed for its lifetime, so it is read without the lock). */
  Image image() {
    return image;
  }

  synchronized Snapshot snapshot() {
    return new Snapshot(id, current);
  }

  /** Replaces the state by {@code change} of it, under the lock; a change that throws leaves it as it was. */
  synchronized Snapshot update(UnaryOperator<InteractiveSession> change) {
    current = change.apply(current);
    return snapshot();
  }

  synchronized Instant lastUsed() {
    return lastUsed;
  }

  synchronized void touch(Instant now) {
    lastUsed = now;
  }
}
