package org.iseg.clicking.masks;

import org.iseg.api.Mask;

/**
 * Connected components of a region: a label per pixel (0 = outside the region, 1..count() the components) and
 * the area of each component. Immutable.
 *
 * <pre>{@code
 * Components parts = MaskOps.components(errors, 4);
 * Mask largest = parts.mask(parts.largest());
 * }</pre>
 */
public final class Components {
  private final int height;
  private final int width;
  private final int[] labels;
  private final int[] areas;

  Components(int height, int width, int[] labels, int[] areas) {
    this.height = height;
    this.width = width;
    this.labels = labels;
    this.areas = areas;
  }

  /** Number of components (background not counted). */
  public int count() {
    return areas.length - 1;
  }

  /** Label of the pixel at a flat index: 0 outside the region, else 1..count(). */
  public int labelAt(int index) {
    return labels[index];
  }

  /** Pixel count of component {@code label} (1..count()). */
  public int area(int label) {
    checkLabel(label);
    return areas[label];
  }

  /** The label of the largest component (ties: the lowest label); fails when there is none. */
  public int largest() {
    if (count() == 0) {
      throw new IllegalStateException("the region has no component");
    }
    int best = 1;
    for (int k = 2; k < areas.length; k++) {
      if (areas[k] > areas[best]) {
        best = k;
      }
    }
    return best;
  }

  /** The pixels of component {@code label} as a mask without ignore region. */
  public Mask mask(int label) {
    checkLabel(label);
    return Mask.fromPredicate(height, width, i -> labels[i] == label);
  }

  private void checkLabel(int label) {
    if (label < 1 || label > count()) {
      throw new IllegalArgumentException("component label " + label + " is not in 1.." + count());
    }
  }
}
