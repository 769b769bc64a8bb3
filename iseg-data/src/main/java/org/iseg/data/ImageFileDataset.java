package org.iseg.data;

import java.nio.file.Path;
import java.util.List;

/**
 * A {@link SegDataset} of one image file per sample, listed when the dataset is opened: its name, size and ids (the
 * image's file name) come from that list, so a subclass writes only {@link #get}.
 *
 * <pre>{@code
 * public final class MyDataset extends ImageFileDataset {
 *   private final Path labels;
 *
 *   public MyDataset(Path root) {
 *     super("mine", ImageFiles.listImages(root.resolve("photos")));
 *     this.labels = root.resolve("labels");
 *   }
 *
 *   @Override public SegSample get(int index) {
 *     Path image = imageFile(index);
 *     LabelMap map = ImageFiles.readLabels(labels.resolve(ImageFiles.stem(image) + ".png"));
 *     return new SegSample(id(index), ImageFiles.readImage(image), map.toFullMask());
 *   }
 * }
 * }</pre>
 */
public abstract class ImageFileDataset extends SegDataset {
  private final String name;
  private final List<Path> images;

  /** {@code images} in sample order; copied. */
  protected ImageFileDataset(String name, List<Path> images) {
    this.name = name;
    this.images = List.copyOf(images);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int size() {
    return images.size();
  }

  /** The image's file name, e.g. {@code "cat.jpg"}, without decoding it. */
  @Override
  public String id(int index) {
    return imageFile(index).getFileName().toString();
  }

  /** The image file of sample {@code index}; fails with {@link #checkIndex}'s message outside 0..size-1. */
  protected final Path imageFile(int index) {
    return images.get(checkIndex(index));
  }
}
