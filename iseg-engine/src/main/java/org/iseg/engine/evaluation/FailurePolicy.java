package org.iseg.engine.evaluation;

/**
 * What the {@link Evaluator} does when the model (or robot, or dataset) throws on a sample.
 *
 * <ul>
 *   <li>{@link #FAIL} (default): stop the run and throw an {@link EvaluationException} naming the dataset, the
 *       sample's index and id, the click and the cause. Samples finished before are in the resume log, so a
 *       rerun after the fix does only the rest.
 *   <li>{@link #RECORD}: record the failure (its message and the clicks so far) as that sample's result and go
 *       on. Failed samples are listed in the results but no figure counts them; a rerun retries them.
 * </ul>
 */
public enum FailurePolicy {
  FAIL,
  RECORD
}
