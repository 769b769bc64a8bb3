package org.iseg.data.datasets;

import java.nio.file.Path;
import org.iseg.api.Image;
import org.iseg.data.FullMask;
import org.iseg.data.SegDataset;
import org.iseg.data.SegSample;
import org.iseg.data.io.ImageFiles;

/**
 * An images folder paired with a masks folder ({@link PairedFiles}), one sample per image, lazy (decodes on
 * get); a subclass says only how a mask file becomes the sample's {@link FullMask}.
 */
abstract class PairedFilesDataset extends SegDataset {
  private final String name;
  final PairedFiles files;

  PairedFilesDataset(String name, Path imagesDir, Path masksDir) {
    this.name = name;
    this.files = PairedFiles.index(imagesDir, masksDir);
  }

  /** The full mask of sample {@code index}, whose image is {@code image}. */
  abstract FullMask mask(int index, Image image);

  @Override
  public String name() {
    return name;
  }

  @Override
  public int size() {
    return files.size();
  }

  @Override
  public String id(int index) {
    return files.id(checkIndex(index));
  }

  @Override
  public SegSample get(int index) {
    checkIndex(index);
    Image image = ImageFiles.readImage(files.images().get(index));
    return new SegSample(files.id(index), image, mask(index, image), files.info(index));
  }
}
