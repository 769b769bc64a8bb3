package org.iseg.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;

/**
 * Small views over {@link SegDataset}s for building training and held-out splits: a range of samples, the
 * concatenation of several datasets, and a decoded-sample cache (decoding a BSDS500 {@code .mat} costs more
 * than a training step's data work, and the same images are drawn every epoch).
 *
 * <pre>{@code
 * SegDataset test = Bsds500Dataset.open(root, Bsds500Dataset.Split.TEST);
 * SegDataset val = DatasetViews.range(test, 0, 30);
 * SegDataset train = DatasetViews.concat("bsds-train", Bsds500Dataset.trainingView(root),
 *     DatasetViews.range(test, 30, test.size()));
 * }</pre>
 */
public final class DatasetViews {
  private DatasetViews() {}

  /** Samples {@code from} (inclusive) to {@code to} (exclusive) of {@code dataset}. */
  public static SegDataset range(SegDataset dataset, int from, int to) {
    if (from < 0 || to > dataset.size() || from > to) {
      throw new IllegalArgumentException("range " + from + ".." + to + " is outside " + dataset.name() + " of "
          + dataset.size() + " samples");
    }
    return view(dataset.name() + "[" + from + ":" + to + "]", to - from, index -> dataset.get(from + index),
        index -> dataset.id(from + index));
  }

  /**
   * The first {@code n} samples of an evaluation dataset (all of them when it has fewer), under the same name: the
   * evaluator seeds each sample's robot from the name and index, and RITM's per-dataset predictor settings follow
   * the name, so each sample's result equals that of a run over the whole dataset.
   */
  public static EvaluationDataset first(EvaluationDataset dataset, int n) {
    if (n < 0) {
      throw new IllegalArgumentException("cannot take the first " + n + " samples of " + dataset.name());
    }
    return EvaluationDataset.indexed(dataset.name(), Math.min(n, dataset.size()), dataset::id, dataset::get);
  }

  /** The samples of every dataset, in order. */
  public static SegDataset concat(String name, SegDataset... datasets) {
    List<SegDataset> parts = List.of(datasets);
    int[] starts = new int[parts.size() + 1];
    for (int i = 0; i < parts.size(); i++) {
      starts[i + 1] = starts[i] + parts.get(i).size();
    }
    IntUnaryOperator part = index -> {
      int p = 0;
      while (starts[p + 1] <= index) {
        p++;
      }
      return p;
    };
    return view(name, starts[parts.size()], index -> {
      int p = part.applyAsInt(index);
      return parts.get(p).get(index - starts[p]);
    }, index -> {
      int p = part.applyAsInt(index);
      return parts.get(p).id(index - starts[p]);
    });
  }

  /** Keeps decoded samples in memory (thread-safe); use for datasets that fit in memory. */
  public static SegDataset cached(SegDataset dataset) {
    Map<Integer, SegSample> cache = new ConcurrentHashMap<>();
    return view(dataset.name(), dataset.size(), index -> cache.computeIfAbsent(index, dataset::get), dataset::id);
  }

  /** A dataset of {@code size} samples given by functions that are called with checked indices only. */
  private static SegDataset view(String name, int size, IntFunction<SegSample> samples, IntFunction<String> ids) {
    return new SegDataset() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public int size() {
        return size;
      }

      @Override
      public SegSample get(int index) {
        return samples.apply(checkIndex(index));
      }

      @Override
      public String id(int index) {
        return ids.apply(checkIndex(index));
      }
    };
  }

  /** The ids of every sample (for logs and leakage checks). */
  public static List<String> ids(SegDataset dataset) {
    List<String> out = new ArrayList<>(dataset.size());
    for (int i = 0; i < dataset.size(); i++) {
      out.add(dataset.id(i));
    }
    return out;
  }
}
