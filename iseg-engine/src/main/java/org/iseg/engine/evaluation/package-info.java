/**
 * RITM's NoC evaluation protocol end to end: {@link org.iseg.engine.evaluation.Evaluator} runs datasets ×
 * model × clicking robot × {@link org.iseg.metrics.Protocol} on parallel workers, logs one JSON line per
 * finished sample so an interrupted run resumes, and writes the results (JSON, CSV, PNG, RITM's table) with
 * {@code iseg-metrics}. A {@link org.iseg.engine.evaluation.SampleRunner} runs the samples elsewhere (a
 * cluster) with the evaluator's own per-sample code ({@link org.iseg.engine.evaluation.Evaluator.SampleWorker}).
 */
package org.iseg.engine.evaluation;
