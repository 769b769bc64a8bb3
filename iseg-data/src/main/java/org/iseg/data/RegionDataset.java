package org.iseg.data;

import java.util.Random;

/**
 * A {@link SegDataset} seen through a {@link RegionSelector} (and optionally a {@link Transform} applied to the
 * image and full mask first, as RITM augments before it picks an object): sample {@code i} is the image and one
 * binary target region. The random source of sample {@code i} is seeded from {@code (seed, i)}, so the same
 * seed gives the same samples; use another seed per epoch for fresh augmentations.
 *
 * <pre>{@code
 * RegionDataset train = new RegionDataset(Bsds500Dataset.trainingView(root), RegionSelectors.randomObject(),
 *     Transforms.compose(Transforms.uniformRandomResize(0.75, 1.4), Transforms.horizontalFlip(0.5),
 *         Transforms.padIfNeeded(320, 480), Transforms.randomCrop(320, 480)), epochSeed);
 * RegionSample s = train.get(0);
 * }</pre>
 */
public final class RegionDataset {
  private final SegDataset dataset;
  private final RegionSelector selector;
  private final Transform transform;
  private final long seed;

  public RegionDataset(SegDataset dataset, RegionSelector selector, Transform transform, long seed) {
    if (dataset == null || selector == null || transform == null) {
      throw new IllegalArgumentException("dataset, selector and transform must be non-null");
    }
    this.dataset = dataset;
    this.selector = selector;
    this.transform = transform;
    this.seed = seed;
  }

  /** Without a transform. */
  public RegionDataset(SegDataset dataset, RegionSelector selector, long seed) {
    this(dataset, selector, Transform.identity(), seed);
  }

  public String name() {
    return dataset.name();
  }

  public int size() {
    return dataset.size();
  }

  /** The underlying segmentation dataset. */
  public SegDataset source() {
    return dataset;
  }

  /** The same view with another seed (e.g. one per training epoch). */
  public RegionDataset withSeed(long newSeed) {
    return new RegionDataset(dataset, selector, transform, newSeed);
  }

  /** Sample {@code index}: transform, then select; reproducible for a given seed. */
  public RegionSample get(int index) {
    SegSample sample = dataset.get(index);
    Random random = new Random(mix(seed, index));
    SegSample transformed = transform.apply(sample, random);
    return new RegionSample(sample.id(), transformed.image(), selector.select(transformed.mask(), random));
  }

  /** A well-spread seed per (seed, index) so that neighbouring indices get unrelated streams. */
  static long mix(long seed, int index) {
    long z = seed * 0x9E3779B97F4A7C15L + index + 0x632BE59BD9B4E019L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
