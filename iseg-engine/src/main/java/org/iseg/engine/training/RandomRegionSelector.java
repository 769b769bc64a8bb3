package org.iseg.engine.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.iseg.api.Mask;
import org.iseg.data.FullMask;
import org.iseg.data.RegionSelector;

/**
 * Picks a random annotation layer (annotator), then a uniformly random region of it whose area is at least
 * {@code minArea} pixels (RITM's {@code min_object_area}); with probability {@code mergeProbability} a second
 * random region of the same layer is merged in (RITM's {@code merge_objects_prob}, at most 2 objects). Pixels
 * ignored in the layer stay ignored. When no layer has a region large enough the result is an empty mask (no
 * object pixels) — the {@link Trainer} then draws another sample.
 *
 * <pre>{@code
 * RegionSelector selector = new RandomRegionSelector(80, 0.15);
 * }</pre>
 *
 * @param minArea smallest region, in pixels, worth segmenting
 * @param mergeProbability probability of merging a second region
 */
public record RandomRegionSelector(int minArea, double mergeProbability) implements RegionSelector {
  public RandomRegionSelector {
    if (minArea < 1) {
      throw new IllegalArgumentException("minArea must be >= 1, got " + minArea);
    }
    if (!(mergeProbability >= 0 && mergeProbability <= 1)) {
      throw new IllegalArgumentException("mergeProbability must lie in [0, 1], got " + mergeProbability);
    }
  }

  @Override
  public Mask select(FullMask mask, Random random) {
    int layers = mask.layerCount();
    int start = random.nextInt(layers);
    for (int t = 0; t < layers; t++) {
      int layer = (start + t) % layers;
      int[] labels = mask.layer(layer);
      int max = 0;
      for (int v : labels) {
        max = Math.max(max, v);
      }
      int[] area = new int[max + 1];
      for (int v : labels) {
        if (v > 0) {
          area[v]++;
        }
      }
      List<Integer> candidates = new ArrayList<>();
      for (int id = 1; id <= max; id++) {
        if (area[id] >= minArea) {
          candidates.add(id);
        }
      }
      if (candidates.isEmpty()) {
        continue;
      }
      int first = candidates.get(random.nextInt(candidates.size()));
      int second = -1;
      if (candidates.size() > 1 && random.nextDouble() < mergeProbability) {
        do {
          second = candidates.get(random.nextInt(candidates.size()));
        } while (second == first);
      }
      byte[] out = new byte[labels.length];
      for (int i = 0; i < labels.length; i++) {
        int v = labels[i];
        out[i] = v == FullMask.IGNORE ? Mask.IGNORE : (v == first || v == second) ? Mask.OBJECT : Mask.BACKGROUND;
      }
      return Mask.fromLabels(mask.height(), mask.width(), out);
    }
    byte[] none = new byte[mask.height() * mask.width()];
    return Mask.fromLabels(mask.height(), mask.width(), none);
  }
}
