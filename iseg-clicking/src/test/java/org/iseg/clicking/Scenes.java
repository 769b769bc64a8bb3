package org.iseg.clicking;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.iseg.api.Click;
import org.iseg.api.ClickHistory;
import org.iseg.api.Mask;

/** Random but reproducible test scenes: a target of rectangles (with an ignore band), a perturbed prediction. */
public final class Scenes {
  private Scenes() {}

  public record Scene(Mask target, Mask prediction, ClickHistory history) {
    public byte[] targetLabels() {
      return target.toLabels();
    }

    public byte[] predictedBytes() {
      byte[] out = new byte[target.height() * target.width()];
      for (int i = 0; i < out.length; i++) {
        out[i] = prediction.labelAt(i) == Mask.OBJECT ? (byte) 1 : 0;
      }
      return out;
    }

    public boolean[] clickedPixels() {
      boolean[] out = new boolean[target.height() * target.width()];
      for (Click c : history.all()) {
        out[c.row() * target.width() + c.col()] = true;
      }
      return out;
    }
  }

  /**
   * A scene of size h x w from a seed: 1..3 object rectangles, an optional ignore rectangle, a prediction that is
   * empty, perfect, or the target with rectangles flipped, and 0..4 earlier clicks on non-ignore pixels.
   */
  public static Scene scene(int h, int w, long seed) {
    Random random = new Random(seed);
    byte[] labels = new byte[h * w];
    int objects = 1 + random.nextInt(3);
    for (int k = 0; k < objects; k++) {
      fill(labels, h, w, random, Mask.OBJECT);
    }
    if (random.nextBoolean()) {
      fill(labels, h, w, random, Mask.IGNORE);
    }
    boolean anyObject = false;
    for (byte b : labels) {
      anyObject |= b == Mask.OBJECT;
    }
    if (!anyObject) {
      labels[random.nextInt(labels.length)] = Mask.OBJECT;
    }
    Mask target = Mask.fromLabels(h, w, labels);
    boolean[] predicted = target.toObjectArray();
    int mode = random.nextInt(6);
    if (mode == 0) {
      predicted = new boolean[h * w];
    } else if (mode > 1) {
      for (int k = 0; k < mode; k++) {
        int r0 = random.nextInt(h);
        int c0 = random.nextInt(w);
        int r1 = Math.min(h - 1, r0 + random.nextInt(h));
        int c1 = Math.min(w - 1, c0 + random.nextInt(w));
        boolean value = random.nextBoolean();
        for (int r = r0; r <= r1; r++) {
          for (int c = c0; c <= c1; c++) {
            predicted[r * w + c] = value;
          }
        }
      }
    }
    Mask prediction = Mask.of(h, w, predicted);
    List<Click> clicks = new ArrayList<>();
    int n = random.nextInt(5);
    for (int k = 0; k < n * 4 && clicks.size() < n; k++) {
      int i = random.nextInt(h * w);
      boolean taken = clicks.stream().anyMatch(c -> c.row() * w + c.col() == i);
      if (labels[i] != Mask.IGNORE && !taken) {
        clicks.add(new Click(i / w, i % w, labels[i] == Mask.OBJECT, clicks.size()));
      }
    }
    return new Scene(target, prediction, ClickHistory.of(clicks));
  }

  private static void fill(byte[] labels, int h, int w, Random random, byte value) {
    int r0 = random.nextInt(h);
    int c0 = random.nextInt(w);
    int r1 = Math.min(h - 1, r0 + random.nextInt(Math.max(1, h / 2 + 1)));
    int c1 = Math.min(w - 1, c0 + random.nextInt(Math.max(1, w / 2 + 1)));
    for (int r = r0; r <= r1; r++) {
      for (int c = c0; c <= c1; c++) {
        labels[r * w + c] = value;
      }
    }
  }
}
