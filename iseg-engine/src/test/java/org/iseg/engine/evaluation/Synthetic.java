package org.iseg.engine.evaluation;

import org.iseg.api.Image;
import org.iseg.api.Mask;
import org.iseg.data.EvaluationDataset;
import org.iseg.data.EvaluationSample;

/** Small in-memory evaluation data: disks of varying size and place; sample 0 has an ignore ring. */
final class Synthetic {
  private Synthetic() {}

  /** Sample i is (40 + i) x 50 px, so a test model can tell samples apart by their height. */
  static EvaluationDataset disks(String name, int n) {
    return EvaluationDataset.indexed(name, n, Synthetic::id, Synthetic::disk);
  }

  private static String id(int index) {
    return "disk-" + index + ".png";
  }

  private static EvaluationSample disk(int index) {
    int h = 40 + index;
    int w = 50;
    int cr = 18 + index % 3;
    int cc = 20 + 2 * (index % 5);
    int radius = 7 + index % 4;
    byte[] labels = new byte[h * w];
    for (int i = 0; i < labels.length; i++) {
      int dr = i / w - cr;
      int dc = i % w - cc;
      int d2 = dr * dr + dc * dc;
      if (d2 <= radius * radius) {
        labels[i] = Mask.OBJECT;
      } else if (index == 0 && d2 <= (radius + 2) * (radius + 2)) {
        labels[i] = Mask.IGNORE;
      }
    }
    return new EvaluationSample(id(index), Image.filled(h, w, 10 * index, 100, 200),
        Mask.fromLabels(h, w, labels));
  }
}
