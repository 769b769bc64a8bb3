package org.iseg.examples.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.iseg.api.IisModel;

/**
 * Models lent to request threads one at a time. {@link IisModel} promises safety for one thread per
 * interaction, so each request borrows a model of its own; the pool creates up to {@code size} models lazily
 * and reuses them, which bounds memory however many sessions are open (the per-interaction state lives in the
 * session, not in the model).
 */
final class ModelPool implements AutoCloseable {
  private final Supplier<IisModel> factory;
  private final Semaphore permits;
  private final ConcurrentLinkedQueue<IisModel> idle = new ConcurrentLinkedQueue<>();
  private final List<IisModel> created = new ArrayList<>();
  private final Duration maxWait;

  /** {@code maxWait}: how long a request waits for a free model before it gets 503. */
  ModelPool(Supplier<IisModel> factory, int size, Duration maxWait) {
    this.factory = factory;
    this.permits = new Semaphore(size, true);
    this.maxWait = maxWait;
  }

  <T> T apply(Function<IisModel, T> work) {
    try {
      // A bounded wait keeps the queue from outgrowing the JDK server's request time limit, which would
      // close the connection without an answer.
      if (!permits.tryAcquire(maxWait.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new HttpError(503, "all models are busy (waited " + maxWait.toSeconds() + " s); retry shortly or "
            + "start the server with more --threads");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HttpError(503, "server is shutting down");
    }
    try {
      IisModel model = idle.poll();
      if (model == null) {
        model = create();
      }
      try {
        return work.apply(model);
      } finally {
        idle.add(model);
      }
    } finally {
      permits.release();
    }
  }

  /** The name of a model, creating the first one if needed (for the health endpoint). */
  String modelName() {
    return apply(IisModel::name);
  }

  private IisModel create() {
    IisModel model;
    try {
      model = factory.get();
    } catch (RuntimeException e) {
      throw new IllegalStateException("the model factory failed: " + e.getMessage(), e);
    }
    if (model == null) {
      throw new IllegalStateException("the model factory returned null");
    }
    synchronized (created) {
      created.add(model);
    }
    return model;
  }

  @Override
  public void close() {
    synchronized (created) {
      for (IisModel model : created) {
        try {
          model.close();
        } catch (RuntimeException ignored) {
          // Closing is best effort at shutdown; one failing model must not keep the others open.
        }
      }
      created.clear();
    }
    idle.clear();
  }
}
