package org.iseg.data;

/**
 * A segmentation dataset: sample {@code i} is an image, its {@link FullMask} (every annotation layer, class and
 * instance it has) and some info. Subclass it to load any dataset; {@link RegionDataset} turns it into
 * (image, binary target) pairs for training and {@link EvaluationDataset#of} into a fixed evaluation set.
 *
 * <p>Implementations index their files when they are opened and decode on {@link #get}, so opening is fast and
 * memory stays flat. A sample that cannot be read fails with a {@link DatasetException} naming the file; a
 * dataset never silently skips samples.
 *
 * <h2>Adding your own dataset</h2>
 * Images in {@code photos/*.jpg}, one 8-bit label PNG per image in {@code labels/} (0 = background, 1..n =
 * objects):
 *
 * <pre>{@code
 * public final class MyDataset extends SegDataset {
 *   private final List<Path> images;
 *   private final Path labels;
 *
 *   public MyDataset(Path root) {
 *     this.images = ImageFiles.listImages(root.resolve("photos"));   // sorted, fails if the folder is missing
 *     this.labels = root.resolve("labels");
 *   }
 *
 *   @Override public String name() { return "mine"; }
 *   @Override public int size() { return images.size(); }
 *
 *   @Override public SegSample get(int index) {
 *     Path image = images.get(checkIndex(index));
 *     Image rgb = ImageFiles.readImage(image);
 *     LabelMap map = ImageFiles.readLabels(labels.resolve(ImageFiles.stem(image) + ".png"));
 *     return new SegSample(image.getFileName().toString(), rgb, map.toFullMask());
 *   }
 * }
 *
 * RegionDataset train = new RegionDataset(new MyDataset(root), RegionSelectors.randomObject(), 42);
 * }</pre>
 */
public abstract class SegDataset {
  /** A short name for logs and reports, e.g. {@code "BSDS500-train"}. */
  public abstract String name();

  /** Number of samples. */
  public abstract int size();

  /** Sample {@code index} (0-based), decoded now. */
  public abstract SegSample get(int index);

  /** The id of sample {@code index}; override when it can be known without decoding. */
  public String id(int index) {
    return get(index).id();
  }

  /** Returns {@code index} or fails with a message naming the valid range. */
  protected final int checkIndex(int index) {
    if (index < 0 || index >= size()) {
      throw new IndexOutOfBoundsException(
          "sample index " + index + " outside dataset " + name() + " of " + size() + " samples");
    }
    return index;
  }

  @Override
  public String toString() {
    return name() + "[" + size() + " samples]";
  }
}
