package org.iseg.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.iseg.api.Image;
import org.iseg.data.io.ImageFiles;
import org.iseg.data.io.LabelMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example of {@link ImageFileDataset}'s javadoc, compiled and run. */
class ImageFileDatasetTest {
  public static final class MyDataset extends ImageFileDataset {
    private final Path labels;

    public MyDataset(Path root) {
      super("mine", ImageFiles.listImages(root.resolve("photos")));
      this.labels = root.resolve("labels");
    }

    @Override
    public SegSample get(int index) {
      Path image = imageFile(index);
      LabelMap map = ImageFiles.readLabels(labels.resolve(ImageFiles.stem(image) + ".png"));
      return new SegSample(id(index), ImageFiles.readImage(image), map.toFullMask());
    }
  }

  @TempDir Path root;

  @Test
  void nameSizeAndIdsComeFromTheFileList() {
    for (String stem : new String[] {"dog", "cat"}) {
      ImageFiles.writePng(root.resolve("photos/" + stem + ".png"), Image.filled(2, 3, 10, 20, 30));
      ImageFiles.writePng(root.resolve("labels/" + stem + ".png"), LabelMap.of(2, 3, new int[] {0, 1, 1, 0, 0, 2}));
    }
    MyDataset mine = new MyDataset(root);
    assertEquals("mine", mine.name());
    assertEquals(2, mine.size());
    assertEquals("cat.png", mine.id(0));
    assertEquals("dog.png", mine.id(1));
    assertEquals("dog.png", mine.get(1).id());
    assertEquals(2, mine.get(0).mask().area(0, 1));
    IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> mine.id(2));
    assertEquals("sample index 2 outside dataset mine of 2 samples", e.getMessage());
  }
}
