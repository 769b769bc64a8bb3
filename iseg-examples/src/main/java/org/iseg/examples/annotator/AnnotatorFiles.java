package org.iseg.examples.annotator;

import java.nio.file.Path;
import org.iseg.api.Image;
import org.iseg.api.Mask;
import org.iseg.data.io.BgrPixels;
import org.iseg.data.io.ImageFiles;
import org.iseg.data.io.LabelMap;

/**
 * The annotator's files, through iseg-data's OpenCV image IO: images as RITM's demo reads them, masks as
 * {@code imread(path)[:, :, 0] > 127}, results as 8-bit label PNGs.
 *
 * <pre>{@code
 * controller.setImage(AnnotatorFiles.readImage(Path.of("bush.jpg")));
 * AnnotatorFiles.writeLabels(Path.of("bush-mask.png"), image.height(), image.width(), controller.resultLabels());
 * }</pre>
 */
public final class AnnotatorFiles {
  private AnnotatorFiles() {}

  /** An RGB image (JPEG, PNG, BMP, TIFF ...); fails naming the file when it is missing or not an image. */
  public static Image readImage(Path file) {
    return ImageFiles.readImage(file);
  }

  /** A binary mask: the first (blue) channel of OpenCV's colour decoding above 127, as RITM's demo. */
  public static Mask readMask(Path file) {
    BgrPixels bgr = ImageFiles.readBgr(file);
    byte[] pixels = bgr.bgr();
    return Mask.fromPredicate(bgr.height(), bgr.width(), i -> (pixels[3 * i] & 0xFF) > 127);
  }

  /** Writes object labels (0 background, 1..255 objects) as an 8-bit grey PNG; the name must end in .png. */
  public static void writeLabels(Path file, int height, int width, int[] labels) {
    ImageFiles.writePng(file, LabelMap.of(height, width, labels));
  }
}
