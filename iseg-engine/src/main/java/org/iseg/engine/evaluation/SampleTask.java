package org.iseg.engine.evaluation;

import java.io.Serializable;

/**
 * One sample still to evaluate, as an {@link Evaluator} hands it to a {@link SampleRunner}: serializable so a
 * runner can ship it to another machine, whose {@link Evaluator.SampleWorker#evaluate(int, int)} takes its
 * {@link #dataset} and {@link #index}.
 *
 * @param dataset the dataset's position among the evaluator's datasets (in the order added)
 * @param datasetName the dataset's name (for messages and partitioning)
 * @param index the sample's index in its dataset
 */
public record SampleTask(int dataset, String datasetName, int index) implements Serializable {
  private static final long serialVersionUID = 1L;
}
