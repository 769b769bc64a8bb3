package org.iseg.engine.evaluation;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.iseg.metrics.DatasetResult;

/**
 * What {@link Evaluator#run()} returns: one {@link DatasetResult} per dataset, in the order given, RITM's
 * printed table, and the folder the files went to (when one was configured).
 *
 * @param results per-dataset results with every sample
 * @param table RITM's results table, as printed
 * @param outputDir where the JSON, CSV, PNG and resume logs are
 */
public record EvaluationReport(List<DatasetResult> results, String table, Optional<Path> outputDir) {
  public EvaluationReport {
    results = List.copyOf(results);
    if (table == null || outputDir == null) {
      throw new NullPointerException("table and outputDir must not be null");
    }
  }

  /** The result for the dataset named {@code name}. */
  public DatasetResult result(String name) {
    return results.stream().filter(r -> r.dataset().equals(name)).findFirst().orElseThrow(
        () -> new IllegalArgumentException("no results for dataset '" + name + "'; have "
            + results.stream().map(DatasetResult::dataset).toList()));
  }
}
