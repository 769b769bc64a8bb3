package org.iseg.examples.server;

import com.google.common.base.Supplier;
import com.google.common.base.Suppliers;
import org.iseg.api.IisModel;
import org.iseg.api.Mask;
import org.iseg.engine.session.InteractiveSession;
import org.iseg.examples.server.AnnotationSession.Snapshot;
import org.iseg.examples.server.RequestParser.ClickAt;
import org.iseg.examples.server.RequestParser.Interact;
import org.iseg.examples.server.RequestParser.NewSession;

/**
 * What the endpoints do, over the open sessions and the model pool; free of HTTP except for the status of
 * the {@link HttpError}s it throws (404 unknown session, 409 nothing to undo, 400 a start mask the model cannot
 * take). Every interaction step is the engine's {@link InteractiveSession}, the same one the desktop annotator
 * uses; a model is borrowed from the pool for each step that runs one.
 */
final class SessionService {
  private final SessionStore sessions;
  private final ModelPool models;
  private final Supplier<Long> stateBytesPerPixel;

  SessionService(SessionStore sessions, ModelPool models) {
    this.sessions = sessions;
    this.models = models;
    // asked of a pooled model once, when the first session is admitted (the pool creates models lazily)
    this.stateBytesPerPixel = Suppliers.memoize(() -> models.apply(IisModel::stateBytesPerPixel));
  }

  /** CVAT's stateless call: one prediction for all the points, thresholded. */
  Mask interact(Interact request) {
    return models.apply(model -> InteractiveSession.start(model, request.image())
        .withThreshold(request.threshold())
        .clickAll(model, request.clicks())
        .mask());
  }

  /**
   * Refuses a new session of {@code owner} on {@code pixels} pixels over a limit; the parser calls it from
   * the image header, before decoding.
   */
  void admit(String owner, long pixels) {
    sessions.admit(owner, pixels, stateBytesPerPixel.get());
  }

  /** Label Studio's call: CVAT's one prediction, clipped to the rectangle when one was drawn. */
  Mask labelStudio(LabelStudioRequests.Predict request) {
    Mask mask = interact(new Interact(request.image(), InteractiveSession.DEFAULT_THRESHOLD, request.clicks()));
    return request.box().map(b -> mask.and(Mask.fromPredicate(mask.height(), mask.width(), i -> {
      int r = i / mask.width();
      int c = i % mask.width();
      return r >= b[0] && c >= b[1] && r <= b[2] && c <= b[3];
    }))).orElse(mask);
  }

  /**
   * A new session of {@code owner}; its start state is computed now so the first click only predicts, and its
   * BRS mode is tried on the model now (400 when the model cannot run it).
   */
  Snapshot create(NewSession request, String owner) {
    InteractiveSession start;
    try {
      start = withModel(request.brs(), model -> {
        InteractiveSession blank = InteractiveSession.start(model, request.image())
            .withThreshold(request.threshold());
        return request.startMask().isPresent()
            ? blank.loadMask(model, request.startMask().get())
            : blank.withStartState(model);
      });
    } catch (IllegalStateException e) {
      throw HttpError.badRequest(e.getMessage()); // e.g. a start mask for a model that is not ITER-M
    }
    long pixels = (long) request.image().width() * request.image().height();
    long perPixel = stateBytesPerPixel.get();
    return sessions.create(owner, pixels, perPixel,
        id -> new AnnotationSession(id, owner, start, request.brs(), perPixel, sessions.now())).snapshot();
  }

  /**
   * Runs {@code work} on a pooled model, through a BRS predictor over its network when the session asks for
   * one (made and closed here, on the model's thread: the pool's models stay NoBRS).
   */
  private <T> T withModel(BrsChoice brs, java.util.function.Function<IisModel, T> work) {
    return models.apply(pooled -> {
      IisModel model = brs.open(pooled);
      try {
        return work.apply(model);
      } finally {
        if (model != pooled) {
          model.close();
        }
      }
    });
  }

  /** The session, marked as used; 404 when unknown or expired. */
  AnnotationSession find(String id) {
    return sessions.get(id);
  }

  Snapshot click(AnnotationSession session, ClickAt click) {
    // Checked outside the session's lock: the store reads every session's size.
    long pixels = (long) session.image().width() * session.image().height();
    sessions.requireMemory(AnnotationSession.clickBytes(pixels, session.brs()), "one more click");
    return withModel(session.brs(), model -> session.update(
        s -> s.click(model, s.nextClick(click.row(), click.col(), click.positive()))));
  }

  Snapshot undo(String id) {
    return find(id).update(s -> s.undo()
        .orElseThrow(() -> new HttpError(409, "session '" + id + "' has no click to undo")));
  }

  /** Back to the session's start: no clicks, and the start mask if it was created with one. */
  Snapshot reset(String id) {
    return find(id).update(InteractiveSession::clearClicks);
  }

  /** Forgets the session; 404 when unknown or expired. */
  void delete(String id) {
    find(id);
    sessions.delete(id);
  }

  /** Open sessions, counting expired ones that no sweep has dropped yet. */
  int count() {
    return sessions.size();
  }
}
