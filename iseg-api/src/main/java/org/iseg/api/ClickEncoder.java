package org.iseg.api;

import java.util.List;

/**
 * Turns clicks into maps a network can read: usually one channel for positive and one for negative clicks
 * (disks, distance maps, gaussians).
 */
public interface ClickEncoder {

  /** Number of channels {@link #encode} returns. */
  int channels();

  /** Encodes the clicks for a {@code height x width} input. */
  FeatureMaps encode(List<Click> pcs, List<Click> ncs, int height, int width);
}
