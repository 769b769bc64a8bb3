package org.iseg.data.datasets;

import java.nio.file.Path;
import java.util.OptionalInt;
import org.iseg.api.Image;
import org.iseg.data.EvaluationDataset;
import org.iseg.data.FullMask;
import org.iseg.data.io.LabelMap;
import org.iseg.data.selectors.RegionSelectors;

/**
 * The generic layout for your own data: {@code images/*} (JPEG, PNG, BMP) and {@code masks/<stem>.png}, one
 * label mask per image found by the image name before its first '.'. A mask is a palette PNG (indices are the
 * labels) or a greyscale image (values are the labels): 0 is background, every other value an object; an
 * optional ignore value (e.g. 128 or 255) marks pixels not to score. The evaluation target is the union of all
 * objects.
 *
 * <pre>{@code
 * SegDataset mine = FolderDataset.open(Path.of("my-data"));                       // 0 = bg, others objects
 * SegDataset voidBand = FolderDataset.open(Path.of("my-data"), OptionalInt.of(255)); // 255 = ignore
 * }</pre>
 */
public final class FolderDataset extends PairedFilesDataset {
  private final OptionalInt ignoreValue;

  private FolderDataset(Path root, OptionalInt ignoreValue) {
    super(root.getFileName() == null ? root.toString() : root.getFileName().toString(),
        root.resolve("images"), root.resolve("masks"));
    this.ignoreValue = ignoreValue;
  }

  public static FolderDataset open(Path root) {
    return new FolderDataset(root, OptionalInt.empty());
  }

  public static FolderDataset open(Path root, OptionalInt ignoreValue) {
    return new FolderDataset(root, ignoreValue);
  }

  /** Union of all objects per image as the fixed target. */
  public EvaluationDataset evaluation() {
    return EvaluationDataset.of(this, RegionSelectors.firstLayer());
  }

  @Override
  FullMask mask(int index, Image image) {
    LabelMap labels = files.readLabels(index, image);
    if (ignoreValue.isPresent()) {
      labels = labels.replace(ignoreValue.getAsInt(), FullMask.IGNORE);
    }
    return labels.toFullMask();
  }
}
