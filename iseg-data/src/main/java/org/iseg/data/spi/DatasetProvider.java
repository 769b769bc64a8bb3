package org.iseg.data.spi;

import java.nio.file.Path;
import org.iseg.api.spi.NamedProvider;
import org.iseg.api.spi.Registry;
import org.iseg.data.EvaluationDataset;
import org.iseg.data.SegDataset;

/**
 * Opens one kind of dataset from its root folder, by name ({@code grabcut}, {@code berkeley}, {@code davis},
 * {@code coco_mval}, {@code bsds500}, {@code sbd}, {@code pascalvoc}, {@code coco_lvis}, {@code folder}).
 * Add a dataset kind by listing a class in {@code META-INF/services/org.iseg.data.spi.DatasetProvider}.
 *
 * <pre>{@code
 * EvaluationDataset davis = DatasetProvider.registry().get("davis").openEvaluation(Path.of("data/DAVIS"));
 * SegDataset bsds = DatasetProvider.registry().get("bsds500").open(Path.of("data/BSDS500"));
 * }</pre>
 */
public interface DatasetProvider extends NamedProvider {
  /** The dataset with its full masks (for training and exploration); indexes files, decodes lazily. */
  SegDataset open(Path root);

  /** The dataset's standard evaluation view: a fixed binary target per sample. */
  EvaluationDataset openEvaluation(Path root);

  /** All dataset providers on the class path. */
  static Registry<DatasetProvider> registry() {
    return Registry.load(DatasetProvider.class, "dataset");
  }
}
