package org.iseg.engine.evaluation;

import java.util.List;
import org.iseg.metrics.SampleResult;

/**
 * Runs the samples an {@link Evaluator} still needs somewhere other than its own worker threads, e.g. on the
 * executors of a cluster ({@code org.iseg.examples.spark.SparkSampleRunner}). Wherever it runs them, it evaluates
 * each with an {@link Evaluator.SampleWorker} of an evaluator built like the one that called it, so the results
 * are those of a local run; the calling evaluator merges them into its resume log, JSON, CSV and table.
 */
@FunctionalInterface
public interface SampleRunner {

  /**
   * Evaluates every task and hands each result to {@code results}, in any order, on the calling thread or any
   * other (the evaluator accepts them concurrently); when {@code results} returns false the run is stopping (a
   * failure under {@link FailurePolicy#FAIL}) and further results may be dropped.
   *
   * @throws RuntimeException when the samples cannot be run at all; the evaluator reports it with the model
   */
  void run(List<SampleTask> tasks, Results results);

  /** Where a runner hands back finished samples. */
  @FunctionalInterface
  interface Results {
    /** Takes the result of {@code task}; false when the run is stopping. */
    boolean accept(SampleTask task, SampleResult result);
  }
}
