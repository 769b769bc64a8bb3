package org.iseg.data.selectors;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.iseg.api.Mask;
import org.iseg.data.FullMask;
import org.iseg.data.RegionSelector;

/**
 * The standard ways to pick a binary target from a {@link FullMask} (the IIS framework's
 * {@code region_selector.py}). Random ones draw only from the {@link Random} they are given; the target keeps
 * the ignore pixels of the layer it comes from. A full mask without any object yields an empty target.
 *
 * <pre>{@code
 * Mask target = RegionSelectors.randomObject().select(full, new Random(seed));
 * Mask merged = RegionSelectors.randomMerge(3).select(full, new Random(seed));
 * }</pre>
 */
public final class RegionSelectors {
  private RegionSelectors() {}

  /** Every positive label of layer 0 (the "dummy" selector for binary datasets such as GrabCut). */
  public static RegionSelector firstLayer() {
    return (mask, random) -> mask.union(0);
  }

  /** One (layer, label) pair chosen uniformly among all regions of all layers. */
  public static RegionSelector randomObject() {
    return (mask, random) -> anyRegion(mask, random).orElseGet(() -> emptyTarget(mask));
  }

  /**
   * The union of 1..{@code maxObjects} distinct regions of one layer: a layer with regions is chosen uniformly,
   * then the number of regions, then the regions.
   */
  public static RegionSelector randomMerge(int maxObjects) {
    if (maxObjects < 1) {
      throw new IllegalArgumentException("maxObjects must be at least 1, got " + maxObjects);
    }
    return (mask, random) -> {
      List<Integer> layers = new ArrayList<>();
      List<int[]> idsPerLayer = new ArrayList<>();
      for (int k = 0; k < mask.layerCount(); k++) {
        int[] ids = mask.regionIds(k);
        if (ids.length > 0) {
          layers.add(k);
          idsPerLayer.add(ids);
        }
      }
      if (layers.isEmpty()) {
        return emptyTarget(mask);
      }
      int which = random.nextInt(layers.size());
      int layer = layers.get(which);
      int[] ids = idsPerLayer.get(which).clone();
      int n = 1 + random.nextInt(Math.min(maxObjects, ids.length));
      // partial Fisher-Yates: the first n entries become a uniform sample without replacement
      for (int i = 0; i < n; i++) {
        int j = i + random.nextInt(ids.length - i);
        int t = ids[i];
        ids[i] = ids[j];
        ids[j] = t;
      }
      boolean[] chosen = new boolean[maxLabel(ids) + 1];
      for (int i = 0; i < n; i++) {
        chosen[ids[i]] = true;
      }
      byte[] out = new byte[mask.height() * mask.width()];
      for (int i = 0; i < out.length; i++) {
        int v = mask.labelAt(layer, i);
        out[i] = v == FullMask.IGNORE ? Mask.IGNORE : v > 0 && v < chosen.length && chosen[v] ? Mask.OBJECT : Mask.BACKGROUND;
      }
      return Mask.fromLabels(mask.height(), mask.width(), out);
    };
  }

  /** One 4-connected component of a region chosen as {@link #randomObject()} does, chosen uniformly. */
  public static RegionSelector randomConnectedComponent() {
    return (mask, random) -> {
      Optional<Mask> picked = anyRegion(mask, random);
      if (picked.isEmpty()) {
        return emptyTarget(mask);
      }
      Mask region = picked.get();
      int[] components = ComponentLabelling.label4(region);
      int count = ComponentLabelling.count(components);
      int chosen = 1 + random.nextInt(count);
      byte[] out = new byte[components.length];
      for (int i = 0; i < out.length; i++) {
        byte label = region.labelAt(i);
        out[i] = label == Mask.IGNORE ? Mask.IGNORE : components[i] == chosen ? Mask.OBJECT : Mask.BACKGROUND;
      }
      return Mask.fromLabels(mask.height(), mask.width(), out);
    };
  }

  /**
   * RITM's training selection over annotators: a random layer (annotator), then a uniformly random region of it
   * with at least {@code minArea} pixels (RITM's {@code min_object_area}; layers without one are skipped in turn);
   * with probability {@code mergeProbability} a second distinct region of that layer is merged in (RITM's {@code
   * merge_objects_prob}, at most 2 objects). With no region large enough anywhere the target is empty (no object
   * pixels), so a trainer can draw another sample.
   */
  public static RegionSelector randomLayerObject(int minArea, double mergeProbability) {
    if (minArea < 1) {
      throw new IllegalArgumentException("minArea must be >= 1, got " + minArea);
    }
    if (!(mergeProbability >= 0 && mergeProbability <= 1)) {
      throw new IllegalArgumentException("mergeProbability must lie in [0, 1], got " + mergeProbability);
    }
    return (mask, random) -> {
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
      return Mask.fromLabels(mask.height(), mask.width(), new byte[mask.height() * mask.width()]);
    };
  }

  /** The pixels no layer labels (0 everywhere); pixels ignored by any layer stay ignored. */
  public static RegionSelector background() {
    return (mask, random) -> mask.background();
  }

  /** The region with the most pixels (ties: lower layer, then lower label); deterministic. */
  public static RegionSelector largestObject() {
    return (mask, random) -> {
      int bestLayer = -1;
      int bestId = -1;
      int bestArea = 0;
      for (int k = 0; k < mask.layerCount(); k++) {
        int[] ids = mask.regionIds(k);
        if (ids.length == 0) {
          continue;
        }
        int[] areas = new int[ids[ids.length - 1] + 1];
        int n = mask.height() * mask.width();
        for (int i = 0; i < n; i++) {
          int v = mask.labelAt(k, i);
          if (v > 0) {
            areas[v]++;
          }
        }
        for (int id : ids) {
          if (areas[id] > bestArea) {
            bestArea = areas[id];
            bestLayer = k;
            bestId = id;
          }
        }
      }
      return bestLayer < 0 ? emptyTarget(mask) : mask.region(bestLayer, bestId);
    };
  }

  /** A (layer, label) region drawn uniformly among all regions of all layers; empty when there is none. */
  private static Optional<Mask> anyRegion(FullMask mask, Random random) {
    List<int[]> regions = regions(mask);
    if (regions.isEmpty()) {
      return Optional.empty();
    }
    int[] pick = regions.get(random.nextInt(regions.size()));
    return Optional.of(mask.region(pick[0], pick[1]));
  }

  private static List<int[]> regions(FullMask mask) {
    List<int[]> out = new ArrayList<>();
    for (int k = 0; k < mask.layerCount(); k++) {
      for (int id : mask.regionIds(k)) {
        out.add(new int[] {k, id});
      }
    }
    return out;
  }

  private static Mask emptyTarget(FullMask mask) {
    return mask.union(0); // no positive labels anywhere: all background, layer 0's ignore kept
  }

  private static int maxLabel(int[] ids) {
    int max = 0;
    for (int id : ids) {
      max = Math.max(max, id);
    }
    return max;
  }
}
