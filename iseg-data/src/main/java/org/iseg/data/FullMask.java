package org.iseg.data;

import java.util.Arrays;
import java.util.List;
import org.iseg.api.Mask;

/**
 * The complete annotation of one image: one or more integer label layers of the same size (annotators, instance
 * and class maps, packed overlapping instances). In every layer {@code 0} is unlabelled background, a positive
 * value names a region (an object, an instance, a class, a segment) and {@link #IGNORE} ({@code -1}) marks pixels
 * that must not be scored (GrabCut's boundary band, PASCAL's 255 "void" pixels).
 *
 * <p>A full mask is what a {@link SegDataset} yields; a {@link RegionSelector} turns it into one binary target
 * {@link Mask}. Immutable.
 *
 * <pre>{@code
 * FullMask full = FullMask.of(h, w, List.of(annotator1, annotator2));   // int[h * w] each
 * int[] ids = full.regionIds(0);                                         // sorted positive labels
 * Mask target = full.region(0, ids[0]);                                  // binary, ignore kept
 * }</pre>
 */
public final class FullMask {
  /** The label of ignored pixels in any layer. */
  public static final int IGNORE = -1;

  private final int height;
  private final int width;
  private final int[][] layers;

  private FullMask(int height, int width, int[][] layers) {
    this.height = height;
    this.width = width;
    this.layers = layers;
  }

  /** A full mask from label layers ({@code int[height * width]} each, row by row); the arrays are copied. */
  public static FullMask of(int height, int width, List<int[]> layers) {
    if (height <= 0 || width <= 0) {
      throw new IllegalArgumentException("full mask size must be positive, got " + height + "x" + width);
    }
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("a full mask needs at least one layer");
    }
    int[][] copy = new int[layers.size()][];
    for (int k = 0; k < copy.length; k++) {
      int[] layer = layers.get(k);
      if (layer.length != height * width) {
        throw new IllegalArgumentException("layer " + k + " has " + layer.length + " labels, expected "
            + height + "x" + width + " = " + height * width);
      }
      for (int v : layer) {
        if (v < IGNORE) {
          throw new IllegalArgumentException("layer " + k + " holds label " + v + "; labels are -1 (ignore), 0 or positive");
        }
      }
      copy[k] = layer.clone();
    }
    return new FullMask(height, width, copy);
  }

  /** A single-layer full mask from label layers; see {@link #of(int, int, List)}. */
  public static FullMask of(int height, int width, int[] layer) {
    return of(height, width, List.of(layer));
  }

  /** A single layer holding a binary mask: 1 object, 0 background, -1 ignore. */
  public static FullMask fromMask(Mask mask) {
    int[] layer = new int[mask.height() * mask.width()];
    for (int i = 0; i < layer.length; i++) {
      layer[i] = mask.labelAt(i);
    }
    return new FullMask(mask.height(), mask.width(), new int[][] {layer});
  }

  public int height() {
    return height;
  }

  public int width() {
    return width;
  }

  public int layerCount() {
    return layers.length;
  }

  /** Label of layer {@code layer} at flat index {@code row * width + col}. */
  public int labelAt(int layer, int index) {
    return layers[layer][index];
  }

  /** Label of layer {@code layer} at (row, col). */
  public int label(int layer, int row, int col) {
    if (row < 0 || row >= height || col < 0 || col >= width) {
      throw new IndexOutOfBoundsException("(" + row + ", " + col + ") outside " + height + "x" + width + " mask");
    }
    return layers[layer][row * width + col];
  }

  /** A copy of one layer's labels. */
  public int[] layer(int layer) {
    return layers[layer].clone();
  }

  /** The distinct positive labels of a layer, ascending. */
  public int[] regionIds(int layer) {
    int[] labels = layers[layer];
    int max = 0;
    for (int v : labels) {
      max = Math.max(max, v);
    }
    if (max <= 1 << 20) {
      boolean[] seen = new boolean[max + 1];
      int count = 0;
      for (int v : labels) {
        if (v > 0 && !seen[v]) {
          seen[v] = true;
          count++;
        }
      }
      int[] out = new int[count];
      int n = 0;
      for (int v = 1; v <= max; v++) {
        if (seen[v]) {
          out[n++] = v;
        }
      }
      return out;
    }
    return Arrays.stream(labels).filter(v -> v > 0).distinct().sorted().toArray();
  }

  /** Pixel count of region {@code id} in {@code layer}. */
  public int area(int layer, int id) {
    int count = 0;
    for (int v : layers[layer]) {
      if (v == id) {
        count++;
      }
    }
    return count;
  }

  /** Region {@code id} of {@code layer} as a binary mask; the layer's ignore pixels stay ignored. */
  public Mask region(int layer, int id) {
    int[] labels = layers[layer];
    byte[] out = new byte[labels.length];
    for (int i = 0; i < labels.length; i++) {
      int v = labels[i];
      out[i] = v == IGNORE ? Mask.IGNORE : v == id ? Mask.OBJECT : Mask.BACKGROUND;
    }
    return Mask.fromLabels(height, width, out);
  }

  /** Every positive label of {@code layer} as one object; ignore kept. */
  public Mask union(int layer) {
    int[] labels = layers[layer];
    byte[] out = new byte[labels.length];
    for (int i = 0; i < labels.length; i++) {
      int v = labels[i];
      out[i] = v == IGNORE ? Mask.IGNORE : v > 0 ? Mask.OBJECT : Mask.BACKGROUND;
    }
    return Mask.fromLabels(height, width, out);
  }

  /** Pixels that are unlabelled (0) in every layer; pixels ignored in any layer are ignored. */
  public Mask background() {
    byte[] out = new byte[height * width];
    for (int i = 0; i < out.length; i++) {
      byte label = Mask.OBJECT;
      for (int[] layer : layers) {
        int v = layer[i];
        if (v == IGNORE) {
          label = Mask.IGNORE;
          break;
        }
        if (v > 0) {
          label = Mask.BACKGROUND;
        }
      }
      out[i] = label;
    }
    return Mask.fromLabels(height, width, out);
  }

  /** Pixels labelled {@link #IGNORE} in {@code layer}. */
  public int ignoredCount(int layer) {
    return area(layer, IGNORE);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FullMask other && other.height == height && other.width == width
        && Arrays.deepEquals(other.layers, layers);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * height + width) + Arrays.deepHashCode(layers);
  }

  @Override
  public String toString() {
    return "FullMask[" + height + "x" + width + ", layers=" + layers.length + "]";
  }
}
