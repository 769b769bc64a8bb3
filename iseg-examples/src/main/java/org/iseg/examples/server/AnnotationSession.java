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
  record Snapshot(String id, InteractiveSession session, BrsChoice brs) {}

  /**
   * Bytes a session holds per pixel: the RGB image, the blank and start probabilities, masks (an estimate of
   * the engine's values, which keep them as bytes and floats).
   */
  static final long BYTES_PER_PIXEL = 16;
  /** And per pixel for every click: the prediction kept for undo and the model's state (floats). */
  static final long BYTES_PER_PIXEL_PER_CLICK = 8;

  private final String id;
  private final String owner;
  private final Image image;
  private final BrsChoice brs;
  private final long stateBytes;
  // Volatile so that bytes() reads it without waiting for a click that holds the lock while the model runs.
  private volatile InteractiveSession current;
  // Volatile, not locked: expiry sweeps on every request must not wait for a click that holds the lock.
  private volatile Instant lastUsed;

  /** {@code stateBytesPerPixel}: what the model's state keeps per pixel for the whole session. */
  AnnotationSession(String id, String owner, InteractiveSession start, BrsChoice brs, long stateBytesPerPixel,
      Instant now) {
    this.id = id;
    this.stateBytes = stateBytesPerPixel * start.image().width() * start.image().height();
    this.brs = brs;
    this.owner = owner;
    this.image = start.image();
    this.current = start;
    this.lastUsed = now;
  }

  String id() {
    return id;
  }

  /** Who opened it: the client's address, for the per-client quota. */
  String owner() {
    return owner;
  }

  /** The memory estimate of a NoBRS session on {@code pixels} pixels with {@code clicks} clicks. */
  static long bytes(long pixels, int clicks) {
    return bytes(pixels, clicks, BrsChoice.NONE);
  }

  /** The memory estimate of a session on {@code pixels} pixels with {@code clicks} clicks under {@code brs}. */
  static long bytes(long pixels, int clicks, BrsChoice brs) {
    return pixels * BYTES_PER_PIXEL + clicks * clickBytes(pixels, brs);
  }

  /** What one more click adds to the estimate (the prediction and state kept for undo, BRS's vector). */
  static long clickBytes(long pixels, BrsChoice brs) {
    return pixels * BYTES_PER_PIXEL_PER_CLICK + brs.extraClickBytes(pixels);
  }

  /** This session's memory estimate now. */
  long bytes() {
    return bytes((long) image.width() * image.height(), current.clicks().size(), brs) + stateBytes;
  }

  /** The session's backpropagating refinement (fixed for its lifetime). */
  BrsChoice brs() {
    return brs;
  }

  /** The clicks of the current state (read without waiting for a click in progress). */
  int clickCount() {
    return current.clicks().size();
  }

  /** The session's image (fixed for its lifetime, so it is read without the lock). */
  Image image() {
    return image;
  }

  synchronized Snapshot snapshot() {
    return new Snapshot(id, current, brs);
  }

  /** Replaces the state by {@code change} of it, under the lock; a change that throws leaves it as it was. */
  synchronized Snapshot update(UnaryOperator<InteractiveSession> change) {
    current = change.apply(current);
    return snapshot();
  }

  Instant lastUsed() {
    return lastUsed;
  }

  void touch(Instant now) {
    lastUsed = now;
  }
}
