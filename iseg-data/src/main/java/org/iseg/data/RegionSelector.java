package org.iseg.data;

import java.util.Random;
import org.iseg.api.Mask;

/**
 * Picks one binary target region from a {@link FullMask}: a random object, the largest one, a merge of several,
 * the background, ... (see {@link org.iseg.data.selectors.RegionSelectors}). Every random choice comes from the
 * given {@link Random}, so a seeded source reproduces the choice.
 *
 * <pre>{@code
 * RegionSelector selector = RegionSelectors.randomObject();
 * Mask target = selector.select(sample.mask(), new Random(42));
 * }</pre>
 */
@FunctionalInterface
public interface RegionSelector {
  /**
   * The target region; its object pixels lie inside the region of one layer of {@code mask} (or, for the
   * background, outside every region). Pixels that the source layer ignores stay ignored.
   */
  Mask select(FullMask mask, Random random);
}
