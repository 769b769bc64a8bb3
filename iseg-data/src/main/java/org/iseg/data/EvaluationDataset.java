package org.iseg.data;

import java.util.AbstractList;
import java.util.List;

/**
 * A reproducible dataset for evaluation: every sample has one fixed binary target, so two runs score the same
 * thing. The standard ones (GrabCut, Berkeley, DAVIS, ...) come from
 * {@link org.iseg.data.spi.DatasetProvider#openEvaluation}.
 *
 * <pre>{@code
 * EvaluationDataset grabcut = DatasetProvider.registry().get("grabcut").openEvaluation(root);
 * for (int i = 0; i < grabcut.size(); i++) {
 *   EvaluationSample s = grabcut.get(i);      // decoded now, not at open
 *   ...
 * }
 * }</pre>
 */
public interface EvaluationDataset {
  /** A short name, e.g. {@code "GrabCut"}. */
  String name();

  int size();

  /** Sample {@code index} (0-based); decodes the files. Fails with a {@link DatasetException} naming the file. */
  EvaluationSample get(int index);

  /** The id of sample {@code index} without decoding it. */
  default String id(int index) {
    return get(index).id();
  }

  /** The samples as a lazy list (each {@code get} decodes). */
  default List<EvaluationSample> asList() {
    EvaluationDataset self = this;
    return new AbstractList<>() {
      @Override
      public EvaluationSample get(int index) {
        return self.get(index);
      }

      @Override
      public int size() {
        return self.size();
      }
    };
  }

  /**
   * An evaluation view of a segmentation dataset: the target of each sample is what the deterministic
   * {@code selector} picks from its full mask (the selector is called with a random source seeded by the
   * index, so even a random selector gives the same target on every run).
   */
  static EvaluationDataset of(SegDataset dataset, RegionSelector selector) {
    RegionDataset regions = new RegionDataset(dataset, selector, 0L);
    return new EvaluationDataset() {
      @Override
      public String name() {
        return dataset.name();
      }

      @Override
      public int size() {
        return dataset.size();
      }

      @Override
      public EvaluationSample get(int index) {
        RegionSample s = regions.get(index);
        return new EvaluationSample(s.id(), s.image(), s.target());
      }

      @Override
      public String id(int index) {
        return dataset.id(index);
      }
    };
  }
}
