package org.iseg.data;

import java.util.Random;
import org.iseg.api.Mask;

/**
 * A transformation of an image and its masks together (geometry is applied identically to both; masks are
 * resampled with nearest neighbour so labels stay labels). Every random choice comes from the given
 * {@link Random}. Compose with {@link #then} or {@link Transforms#compose}.
 *
 * <pre>{@code
 * Transform augment = Transforms.compose(Transforms.horizontalFlip(0.5), Transforms.randomCrop(320, 480));
 * SegSample out = augment.apply(sample, new Random(7));
 * }</pre>
 */
@FunctionalInterface
public interface Transform {
  /** The transformed sample (same id and info). */
  SegSample apply(SegSample sample, Random random);

  /** A binary target transformed with its image (the target's ignore pixels stay ignore). */
  default RegionSample apply(RegionSample sample, Random random) {
    SegSample out = apply(new SegSample(sample.id(), sample.image(), FullMask.fromMask(sample.target())), random);
    FullMask m = out.mask();
    byte[] labels = new byte[m.height() * m.width()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = (byte) m.labelAt(0, i);
    }
    return new RegionSample(sample.id(), out.image(), Mask.fromLabels(m.height(), m.width(), labels));
  }

  /** This transform, then {@code next}. */
  default Transform then(Transform next) {
    Transform first = this;
    return (sample, random) -> next.apply(first.apply(sample, random), random);
  }

  /** The transform that changes nothing. */
  static Transform identity() {
    return (sample, random) -> sample;
  }
}
