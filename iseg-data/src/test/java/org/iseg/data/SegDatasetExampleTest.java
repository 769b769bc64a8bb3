package org.iseg.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.iseg.api.Image;
import org.iseg.data.io.ImageFiles;
import org.iseg.data.io.LabelMap;
import org.iseg.data.selectors.RegionSelectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The "add your own dataset" example of {@link SegDataset}'s javadoc, compiled and run. */
class SegDatasetExampleTest {
  public static final class MyDataset extends SegDataset {
    private final List<Path> images;
    private final Path labels;

    public MyDataset(Path root) {
      this.images = ImageFiles.listImages(root.resolve("photos"));
      this.labels = root.resolve("labels");
    }

    @Override
    public String name() {
      return "mine";
    }

    @Override
    public int size() {
      return images.size();
    }

    @Override
    public SegSample get(int index) {
      Path image = images.get(checkIndex(index));
      Image rgb = ImageFiles.readImage(image);
      LabelMap map = ImageFiles.readLabels(labels.resolve(ImageFiles.stem(image) + ".png"));
      return new SegSample(image.getFileName().toString(), rgb, map.toFullMask());
    }
  }

  @TempDir Path root;

  @Test
  void theDocumentedSubclassWorks() {
    ImageFiles.writePng(root.resolve("photos/cat.png"), Image.filled(4, 6, 10, 20, 30));
    ImageFiles.writePng(root.resolve("labels/cat.png"),
        LabelMap.of(4, 6, new int[] {0, 0, 1, 1, 0, 0, 0, 0, 1, 1, 0, 0, 2, 2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0}));
    MyDataset mine = new MyDataset(root);
    assertEquals(1, mine.size());
    RegionDataset train = new RegionDataset(mine, RegionSelectors.randomObject(), 42);
    RegionSample s = train.get(0);
    assertEquals(4, s.target().area());
    assertTrue(s.target().isObject(0, 2) || s.target().isObject(3, 0));
    assertThrows(IndexOutOfBoundsException.class, () -> mine.get(1));
    assertThrows(DatasetException.class, () -> new MyDataset(root.resolve("nowhere")));
  }
}
