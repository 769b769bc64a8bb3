package org.iseg.metrics.segmentation;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Label images read as stored values, never colour-converted: a greyscale or palette PNG gives its sample (the
 * palette index, as {@code np.array(Image.open(p))} does), an RGB(A) PNG gives COCO panoptic's
 * {@code rgb2id}: R + 256 G + 256² B (alpha ignored).
 */
final class LabelImages {
  private LabelImages() {}

  /** A label map, row-major. */
  record LabelMap(int height, int width, int[] values) {}

  /** The first band of {@code file}, row-major (greyscale, palette index). */
  static LabelMap readLabels(Path file) {
    Raster r = raster(file);
    int[] values = r.getSamples(0, 0, r.getWidth(), r.getHeight(), 0, (int[]) null);
    return new LabelMap(r.getHeight(), r.getWidth(), values);
  }

  /** COCO panoptic segment ids of an RGB PNG ({@code panopticapi.utils.rgb2id}), row-major. */
  static LabelMap readPanopticIds(Path file) {
    Raster r = raster(file);
    if (r.getNumBands() < 3) {
      throw new IllegalArgumentException("panoptic PNG " + file + " has " + r.getNumBands()
          + " band(s); COCO panoptic ids need RGB (id = R + 256 G + 256^2 B)");
    }
    int w = r.getWidth();
    int h = r.getHeight();
    int[] red = r.getSamples(0, 0, w, h, 0, (int[]) null);
    int[] green = r.getSamples(0, 0, w, h, 1, (int[]) null);
    int[] blue = r.getSamples(0, 0, w, h, 2, (int[]) null);
    int[] ids = new int[w * h];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = red[i] + 256 * green[i] + 256 * 256 * blue[i];
    }
    return new LabelMap(h, w, ids);
  }

  private static Raster raster(Path file) {
    try {
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException("label image " + file + " does not exist");
      }
      BufferedImage image = ImageIO.read(file.toFile());
      if (image == null) {
        throw new IllegalArgumentException("no image reader understands " + file);
      }
      return image.getRaster();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read label image " + file, e);
    }
  }
}
