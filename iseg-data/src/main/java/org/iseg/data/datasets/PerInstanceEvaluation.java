package org.iseg.data.datasets;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.iseg.data.EvaluationDataset;
import org.iseg.data.EvaluationSample;
import org.iseg.data.SegDataset;
import org.iseg.data.SegSample;

/**
 * RITM's per-instance evaluation (SBD, PASCAL VOC): for every image of a dataset, in its order, one sample per
 * instance id of layer 0 (ascending), the target being that instance with the layer's ignore band kept. The ids
 * are listed when this is built, from the instance labels alone; images are decoded on {@code get}.
 */
final class PerInstanceEvaluation {
  private PerInstanceEvaluation() {}

  /**
   * @param images the dataset whose samples carry the instance labels as layer 0
   * @param instanceIds the instance ids of image {@code i}, read without decoding the image
   */
  static EvaluationDataset of(String name, SegDataset images, IntFunction<int[]> instanceIds) {
    List<int[]> pairs = new ArrayList<>(); // {image index, instance id}
    for (int i = 0; i < images.size(); i++) {
      for (int id : instanceIds.apply(i)) {
        pairs.add(new int[] {i, id});
      }
    }
    IntFunction<String> ids = index -> images.id(pairs.get(index)[0]) + "#" + pairs.get(index)[1];
    return EvaluationDataset.indexed(name, pairs.size(), ids, index -> {
      int[] p = pairs.get(index);
      SegSample sample = images.get(p[0]);
      return new EvaluationSample(ids.apply(index), sample.image(), sample.mask().region(0, p[1]));
    });
  }
}
