package org.iseg.examples.annotator;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.iseg.api.Image;
import org.iseg.api.Mask;
import org.iseg.data.io.BgrPixels;
import org.iseg.data.io.ImageFiles;
import org.iseg.data.io.LabelMap;

/**
 * The annotator's files, through iseg-data's OpenCV image IO: images as RITM's demo reads them, masks as
 * {@code imread(path)[:, :, 0] > 127}, results as 8-bit label PNGs and as RITM's RGBA cut-out.
 *
 * <pre>{@code
 * controller.setImage(AnnotatorFiles.readImage(Path.of("bush.jpg")));
 * AnnotatorFiles.writeLabels(Path.of("bush-mask.png"), image.height(), image.width(), controller.resultLabels());
 * AnnotatorFiles.writeCutout(Path.of("bush-mask-cutout.png"), image, controller.resultLabels());
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

  /**
   * Where the cut-out of a result saved as {@code labelsFile} goes: {@code mask.png} → {@code mask-cutout.png}.
   *
   * @throws IllegalArgumentException when the name does not end in .png
   */
  public static Path cutoutFile(Path labelsFile) {
    String name = labelsFile.getFileName().toString();
    if (!name.toLowerCase(Locale.ROOT).endsWith(".png")) {
      throw new IllegalArgumentException("save the mask as a .png file, got " + labelsFile);
    }
    return labelsFile.resolveSibling(name.substring(0, name.length() - 4) + "-cutout.png");
  }

  /**
   * RITM's saved cut-out ({@code interactive_demo/app.py}, {@code _save_mask_callback}): the image's colours
   * with alpha 255 on every object pixel (label above 0) and 0 elsewhere, cropped to the objects' bounding
   * box; with no object, the whole image, fully transparent. RITM crops with {@code [min:max]} and so drops
   * the box's last row and column; here the box is whole.
   *
   * @param labels object id per pixel, row by row (0 = none)
   */
  public static BufferedImage cutout(Image image, int[] labels) {
    int h = image.height();
    int w = image.width();
    if (labels.length != h * w) {
      throw new IllegalArgumentException("labels cover " + labels.length + " pixels, image has " + h * w);
    }
    int top = h;
    int left = w;
    int bottom = -1;
    int right = -1;
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] != 0) {
        int r = i / w;
        int c = i % w;
        top = Math.min(top, r);
        bottom = Math.max(bottom, r);
        left = Math.min(left, c);
        right = Math.max(right, c);
      }
    }
    if (bottom < 0) {
      top = 0;
      left = 0;
      bottom = h - 1;
      right = w - 1;
    }
    byte[] rgb = image.toRgbBytes();
    BufferedImage out = new BufferedImage(right - left + 1, bottom - top + 1, BufferedImage.TYPE_INT_ARGB);
    for (int r = top; r <= bottom; r++) {
      for (int c = left; c <= right; c++) {
        int i = r * w + c;
        int alpha = labels[i] != 0 ? 0xFF : 0;
        int colour = ((rgb[3 * i] & 0xFF) << 16) | ((rgb[3 * i + 1] & 0xFF) << 8) | (rgb[3 * i + 2] & 0xFF);
        out.setRGB(c - left, r - top, (alpha << 24) | colour);
      }
    }
    return out;
  }

  /** Writes {@link #cutout} as an 8-bit RGBA PNG. */
  public static void writeCutout(Path file, Image image, int[] labels) {
    BufferedImage cut = cutout(image, labels);
    try {
      if (!ImageIO.write(cut, "png", file.toFile())) {
        throw new IllegalStateException("no PNG writer for " + file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
