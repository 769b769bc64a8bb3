package org.iseg.data;

import java.util.AbstractList;
import java.util.List;
import java.util.function.IntFunction;

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
    return indexed(dataset.name(), dataset.size(), dataset::id, index -> {
      RegionSample s = regions.get(index);
      return new EvaluationSample(s.id(), s.image(), s.target());
    });
  }

  /**
   * The evaluation dataset {@code name} of {@code size} samples, sample {@code i} being {@code samples(i)} and its id
   * {@code ids(i)}; an index outside 0..size-1 fails before either is called. The one way the loaders and views
   * build an evaluation dataset.
   *
   * <pre>{@code
   * EvaluationDataset firstTen = EvaluationDataset.indexed(all.name(), 10, all::id, all::get);
   * }</pre>
   */
  static EvaluationDataset indexed(String name, int size, IntFunction<String> ids,
      IntFunction<EvaluationSample> samples) {
    return new EvaluationDataset() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public int size() {
        return size;
      }

      @Override
      public EvaluationSample get(int index) {
        return samples.apply(checkIndex(index));
      }

      @Override
      public String id(int index) {
        return ids.apply(checkIndex(index));
      }

      private int checkIndex(int index) {
        if (index < 0 || index >= size) {
          throw new IndexOutOfBoundsException(
              "sample index " + index + " outside evaluation dataset " + name + " of " + size + " samples");
        }
        return index;
      }

      @Override
      public String toString() {
        return name + "[" + size + " samples]";
      }
    };
  }
}
