package org.iseg.data;

import org.iseg.api.Image;
import org.iseg.api.Mask;

/**
 * An image and one binary target region (with optional ignore pixels), as a {@link RegionDataset} yields.
 *
 * @param id the sample's identifier
 * @param image the RGB image
 * @param target the binary target, same size as the image
 */
public record RegionSample(String id, Image image, Mask target) {
  public RegionSample {
    if (id == null || image == null || target == null) {
      throw new IllegalArgumentException("sample id, image and target must be non-null");
    }
    target.requireSameSize("target of sample " + id, image);
  }
}
