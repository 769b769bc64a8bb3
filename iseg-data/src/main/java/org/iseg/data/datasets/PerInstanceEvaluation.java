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
 * are listed when this is built, from the instance labels alone; images are decoded on {@link #get}.
 */
final class PerInstanceEvaluation implements EvaluationDataset {
  private final String name;
  private final SegDataset images;
  private final List<int[]> pairs = new ArrayList<>(); // {image index, instance id}

  /**
   * @param images the dataset whose samples carry the instance labels as layer 0
   * @param instanceIds the instance ids of image {@code i}, read without decoding the image
   */
  PerInstanceEvaluation(String name, SegDataset images, IntFunction<int[]> instanceIds) {
    this.name = name;
    this.images = images;
    for (int i = 0; i < images.size(); i++) {
      for (int id : instanceIds.apply(i)) {
        pairs.add(new int[] {i, id});
      }
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int size() {
    return pairs.size();
  }

  @Override
  public String id(int index) {
    int[] p = pairs.get(index);
    return images.id(p[0]) + "#" + p[1];
  }

  @Override
  public EvaluationSample get(int index) {
    int[] p = pairs.get(index);
    SegSample sample = images.get(p[0]);
    return new EvaluationSample(id(index), sample.image(), sample.mask().region(0, p[1]));
  }
}
