package org.iseg.data.io;

import static org.bytedeco.opencv.global.opencv_core.CV_16U;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.iseg.api.Image;
import org.iseg.api.Mask;
import org.iseg.data.DatasetException;

/**
 * Reading and writing images and masks: the one place in iseg-data that converts between OpenCV {@code Mat}s
 * and iseg's {@link Image} / {@link Mask} / {@link LabelMap}. Decoding is OpenCV's (the reference
 * implementation's decoder, so pixels match it bit for bit); files are read through Java NIO and decoded from
 * memory, so any path works (spaces, non-ASCII names).
 *
 * <pre>{@code
 * Image image = ImageFiles.readImage(Path.of("data_GT/bush.jpg"));   // greyscale files become RGB
 * ImageFiles.writePng(Path.of("bush-target.png"), target);            // 255 object, 128 ignore, 0 background
 * }</pre>
 *
 * Every failure is a {@link DatasetException} naming the file: missing, unreadable, not an image, truncated.
 */
public final class ImageFiles {
  private ImageFiles() {}

  /** Orders file names as Python's {@code sorted} does on {@code str}: by Unicode code point. */
  public static final Comparator<String> CODE_POINT_ORDER = ImageFiles::compareCodePoints;

  private static final int IMREAD_UNCHANGED = opencv_imgcodecs.IMREAD_UNCHANGED;
  private static final int IMREAD_COLOR = opencv_imgcodecs.IMREAD_COLOR;

  /** An RGB image; greyscale and palette files are expanded to RGB, an alpha channel is dropped. */
  public static Image readImage(Path path) {
    BgrPixels bgr = readBgr(path);
    byte[] rgb = bgr.bgr();
    for (int i = 0; i < rgb.length; i += 3) {
      byte b = rgb[i];
      rgb[i] = rgb[i + 2];
      rgb[i + 2] = b;
    }
    return Image.of(bgr.height(), bgr.width(), rgb);
  }

  /** The 8-bit B, G, R pixels OpenCV's {@code imread(path, IMREAD_COLOR)} returns. */
  public static BgrPixels readBgr(Path path) {
    byte[] bytes = readChecked(path);
    try (Mat mat = decode(path, bytes, IMREAD_COLOR)) {
      if (mat.type() != CV_8UC3) {
        throw new DatasetException(path, "decoded to OpenCV type " + mat.type() + ", expected 8-bit colour");
      }
      byte[] out = new byte[mat.rows() * mat.cols() * 3];
      copyOut(mat, out);
      return new BgrPixels(mat.rows(), mat.cols(), out);
    }
  }

  /**
   * The labels of a label image: the palette indices of an indexed (palette) PNG, read as indices, never as
   * colours; the values of a greyscale 8- or 16-bit image; for a colour image whose three channels are equal,
   * that grey value. A truly coloured mask is rejected (convert it to a palette or grey PNG).
   */
  public static LabelMap readLabels(Path path) {
    byte[] bytes = readChecked(path);
    if (isPng(bytes)) {
      LabelMap indexed = readPaletteIndices(path, bytes);
      if (indexed != null) {
        return indexed;
      }
    }
    try (Mat mat = decode(path, bytes, IMREAD_UNCHANGED)) {
      int h = mat.rows();
      int w = mat.cols();
      int channels = mat.channels();
      int[] labels = new int[h * w];
      if (mat.depth() == CV_8U) {
        byte[] raw = new byte[h * w * channels];
        copyOut(mat, raw);
        for (int i = 0; i < labels.length; i++) {
          int v = raw[i * channels] & 0xFF;
          for (int c = 1; c < Math.min(channels, 3); c++) {
            if ((raw[i * channels + c] & 0xFF) != v) {
              throw new DatasetException(path, "is a colour image (pixel " + i / w + ", " + i % w
                  + " differs between channels); a label mask must be a palette PNG or greyscale");
            }
          }
          labels[i] = v;
        }
      } else if (mat.depth() == CV_16U && channels == 1) {
        ShortBuffer buffer = mat.createBuffer();
        for (int i = 0; i < labels.length; i++) {
          labels[i] = buffer.get(i) & 0xFFFF;
        }
      } else {
        throw new DatasetException(path, "has OpenCV depth " + mat.depth() + " with " + channels
            + " channels; label masks must be 8- or 16-bit greyscale or palette images");
      }
      return LabelMap.wrap(h, w, labels);
    }
  }

  /** The image files of a folder (names containing a '.', hidden files skipped), sorted by code point. */
  public static List<Path> listImages(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new DatasetException(dir, "folder is missing; check the dataset root and its layout");
    }
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> out = new ArrayList<>();
      files.filter(Files::isRegularFile)
          .filter(p -> {
            String name = p.getFileName().toString();
            return name.indexOf('.') > 0;
          })
          .forEach(out::add);
      out.sort(Comparator.comparing(p -> p.getFileName().toString(), CODE_POINT_ORDER));
      return List.copyOf(out);
    } catch (IOException e) {
      throw new DatasetException(dir, "cannot list folder", e);
    }
  }

  /** The file name before its first '.', as RITM matches masks to images ({@code "a.b.jpg"} gives "a"). */
  public static String stem(Path path) {
    String name = path.getFileName().toString();
    int dot = name.indexOf('.');
    return dot < 0 ? name : name.substring(0, dot);
  }

  /** Writes an image; the format follows the extension ({@code .png}, {@code .jpg}, {@code .bmp}). */
  public static void writeImage(Path path, Image image) {
    byte[] bgr = image.toRgbBytes();
    for (int i = 0; i < bgr.length; i += 3) {
      byte r = bgr[i];
      bgr[i] = bgr[i + 2];
      bgr[i + 2] = r;
    }
    write(path, image.height(), image.width(), CV_8UC3, bgr);
  }

  /** Writes an RGB image as PNG. */
  public static void writePng(Path path, Image image) {
    requirePng(path);
    writeImage(path, image);
  }

  /** Writes a mask as an 8-bit grey PNG: 255 object, 128 ignore, 0 background (GrabCut's convention). */
  public static void writePng(Path path, Mask mask) {
    requirePng(path);
    byte[] grey = new byte[mask.height() * mask.width()];
    for (int i = 0; i < grey.length; i++) {
      byte label = mask.labelAt(i);
      grey[i] = (byte) (label == Mask.OBJECT ? 255 : label == Mask.IGNORE ? 128 : 0);
    }
    write(path, mask.height(), mask.width(), CV_8UC1, grey);
  }

  /** Writes labels 0..255 as an 8-bit grey PNG (readable again with {@link #readLabels}). */
  public static void writePng(Path path, LabelMap labels) {
    requirePng(path);
    byte[] grey = new byte[labels.height() * labels.width()];
    for (int i = 0; i < grey.length; i++) {
      int v = labels.labelAt(i);
      if (v < 0 || v > 255) {
        throw new IllegalArgumentException("label " + v + " at index " + i + " does not fit an 8-bit PNG for " + path);
      }
      grey[i] = (byte) v;
    }
    write(path, labels.height(), labels.width(), CV_8UC1, grey);
  }

  // ---------------------------------------------------------------------------------------------------------

  private static void requirePng(Path path) {
    if (!path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
      throw new IllegalArgumentException(path + ": a PNG file name must end in .png");
    }
  }

  private static void write(Path path, int height, int width, int type, byte[] pixels) {
    String name = path.getFileName().toString();
    int dot = name.lastIndexOf('.');
    if (dot < 0) {
      throw new IllegalArgumentException(path + ": add an extension (.png, .jpg, .bmp) to choose the format");
    }
    String ext = name.substring(dot).toLowerCase(Locale.ROOT);
    byte[] encoded;
    try (Mat mat = new Mat(height, width, type);
        BytePointer out = new BytePointer()) {
      mat.data().put(pixels);
      if (!opencv_imgcodecs.imencode(ext, mat, out)) {
        throw new DatasetException(path, "OpenCV cannot encode " + ext + " images");
      }
      encoded = new byte[(int) out.limit()];
      out.get(encoded);
    }
    try {
      Path parent = path.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.write(path, encoded);
    } catch (IOException e) {
      throw new DatasetException(path, "cannot write file", e);
    }
  }

  private static byte[] readChecked(Path path) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new DatasetException(path, "file is missing");
    } catch (IOException e) {
      throw new DatasetException(path, "cannot read file", e);
    } catch (UncheckedIOException e) {
      throw new DatasetException(path, "cannot read file", e);
    }
    if (bytes.length == 0) {
      throw new DatasetException(path, "file is empty");
    }
    checkComplete(path, bytes);
    return bytes;
  }

  private static void checkComplete(Path path, byte[] b) {
    truncation(b).ifPresent(reason -> {
      throw new DatasetException(path, reason);
    });
  }

  /**
   * Why the encoded image {@code b} is cut short, or empty when it looks complete. Truncated files often decode
   * "successfully" with grey rows, so the common formats are checked by their ends: a JPEG's end-of-image
   * marker, a PNG's IEND chunk, a BMP's pixel array. Shared by every reader of untrusted image bytes (files
   * here, uploads in the annotation server).
   */
  public static Optional<String> truncation(byte[] b) {
    if (b.length >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8) {
      // JPEG: an end-of-image marker must appear near the end (a little trailing padding is tolerated).
      int stop = Math.max(2, b.length - 65536);
      for (int i = b.length - 2; i >= stop; i--) {
        if ((b[i] & 0xFF) == 0xFF && (b[i + 1] & 0xFF) == 0xD9) {
          return Optional.empty();
        }
      }
      return Optional.of("JPEG is truncated (no end-of-image marker); re-download or re-export it");
    }
    if (isPng(b)) {
      int stop = Math.max(8, b.length - 4096);
      for (int i = b.length - 8; i >= stop; i--) {
        if (b[i] == 'I' && b[i + 1] == 'E' && b[i + 2] == 'N' && b[i + 3] == 'D') {
          return Optional.empty();
        }
      }
      return Optional.of("PNG is truncated (no IEND chunk); re-download or re-export it");
    }
    if (b.length >= 54 && b[0] == 'B' && b[1] == 'M') {
      ByteBuffer le = ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN);
      long offset = le.getInt(10) & 0xFFFFFFFFL;
      int headerSize = le.getInt(14);
      if (headerSize >= 40) {
        long width = Math.abs(le.getInt(18));
        long height = Math.abs(le.getInt(22));
        int bpp = le.getShort(28);
        int compression = le.getInt(30);
        if (compression == 0 || compression == 3) {
          long stride = (width * bpp + 31) / 32 * 4;
          long needed = offset + stride * height;
          if (b.length < needed) {
            return Optional.of("BMP is truncated: " + b.length + " bytes, its header needs " + needed);
          }
        }
      }
    }
    return Optional.empty();
  }

  private static boolean isPng(byte[] b) {
    return b.length >= 8 && (b[0] & 0xFF) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G';
  }

  /** Palette indices through javax.imageio (OpenCV expands palettes to colours); null when not indexed. */
  private static LabelMap readPaletteIndices(Path path, byte[] bytes) {
    BufferedImage image;
    try {
      image = ImageIO.read(new ByteArrayInputStream(bytes));
    } catch (IOException | RuntimeException e) {
      throw new DatasetException(path, "cannot decode PNG", e);
    }
    if (image == null) {
      throw new DatasetException(path, "is not a readable PNG");
    }
    if (!(image.getColorModel() instanceof IndexColorModel)) {
      return null;
    }
    Raster raster = image.getRaster();
    int h = image.getHeight();
    int w = image.getWidth();
    int[] labels = raster.getSamples(0, 0, w, h, 0, new int[h * w]);
    return LabelMap.wrap(h, w, labels);
  }

  private static Mat decode(Path path, byte[] bytes, int flags) {
    Mat decoded;
    try (Mat buffer = new Mat(1, bytes.length, CV_8UC1)) {
      buffer.data().put(bytes);
      decoded = opencv_imgcodecs.imdecode(buffer, flags);
    }
    if (decoded == null || decoded.empty()) {
      if (decoded != null) {
        decoded.close();
      }
      throw new DatasetException(path, "is not a readable image (OpenCV cannot decode it; corrupt or unsupported format)");
    }
    return decoded;
  }

  private static void copyOut(Mat mat, byte[] out) {
    if (mat.isContinuous()) {
      mat.data().get(out);
    } else {
      int rowBytes = mat.cols() * mat.channels();
      for (int r = 0; r < mat.rows(); r++) {
        mat.ptr(r).get(out, r * rowBytes, rowBytes);
      }
    }
  }

  private static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
