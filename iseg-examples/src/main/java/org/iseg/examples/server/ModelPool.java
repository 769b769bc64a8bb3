package org.iseg.examples.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
  private final ExecutorService runner;

  /** {@code maxWait}: how long a request waits for a free model before it gets 503. */
  ModelPool(Supplier<IisModel> factory, int size, Duration maxWait) {
    this.factory = factory;
    this.runner = Executors.newFixedThreadPool(size, runnable -> {
      Thread t = new Thread(runnable, "iseg-model");
      t.setDaemon(true);
      return t;
    });
    this.permits = new Semaphore(size, true);
    this.maxWait = maxWait;
  }

  <T> T apply(Function<IisModel, T> work) {
    try {
      // A bounded wait keeps queued requests (each holding a handler thread) from piling up without an answer.
      if (!permits.tryAcquire(maxWait.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new HttpError(503, "all models are busy (waited " + maxWait.toSeconds() + " s); retry shortly or "
            + "start the server with more --threads");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HttpError(503, "server is shutting down");
    }
    try {
      // On the pool's own threads (one per permit, so never queued): native memory that libtorch frees stays
      // in those threads' malloc arenas for reuse, instead of spreading over every connection thread (twice
      // the RSS under load).
      Future<T> result = runner.submit(() -> {
        IisModel model = idle.poll();
        if (model == null) {
          model = create();
        }
        try {
          return work.apply(model);
        } finally {
          idle.add(model);
        }
      });
      return await(result);
    } finally {
      permits.release();
    }
  }

  private static <T> T await(Future<T> result) {
    try {
      return result.get();
    } catch (InterruptedException e) {
      result.cancel(true);
      Thread.currentThread().interrupt();
      throw new HttpError(503, "server is shutting down");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(e.getCause());
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
    runner.shutdownNow();
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
