package org.iseg.data.datasets;

import java.nio.file.Path;
import org.iseg.api.Image;
import org.iseg.data.FullMask;
import org.iseg.data.ImageFileDataset;
import org.iseg.data.SegSample;
import org.iseg.data.io.ImageFiles;

/**
 * An images folder paired with a masks folder ({@link PairedFiles}), one sample per image, lazy (decodes on
 * get); a subclass says only how a mask file becomes the sample's {@link FullMask}.
 */
abstract class PairedFilesDataset extends ImageFileDataset {
  final PairedFiles files;

  PairedFilesDataset(String name, Path imagesDir, Path masksDir) {
    this(name, PairedFiles.index(imagesDir, masksDir));
  }

  private PairedFilesDataset(String name, PairedFiles files) {
    super(name, files.images());
    this.files = files;
  }

  /** The full mask of sample {@code index}, whose image is {@code image}. */
  abstract FullMask mask(int index, Image image);

  @Override
  public SegSample get(int index) {
    Image image = ImageFiles.readImage(imageFile(index));
    return new SegSample(files.id(index), image, mask(index, image), files.info(index));
  }
}
