package org.iseg.clicking;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.iseg.api.Mask;
import org.iseg.api.testing.SharedData;

/**
 * Reads the real evaluation masks of {@code shared/datasets} the way RITM's loaders do, with OpenCV's imread
 * (BGR order). Test code only: iseg-data owns the product loaders.
 */
public final class RealMasks {
  private RealMasks() {}

  /** Which convention turns a decoded BGR mask into labels. */
  public enum Convention {
    /** GrabCut / Berkeley (RITM GrabCutDataset, BerkeleyDataset): BGR channel 0; 128 ignore, > 128 object. */
    GRABCUT,
    /** DAVIS (RITM DavisDataset): max over the BGR channels > 0 is object (palette index 0 is black). */
    DAVIS
  }

  public static Path maskDir(String dataset) {
    return SharedData.dataset(dataset).resolve(dataset.equals("GrabCut") ? "boundary_GT" : dataset.equals("DAVIS") ? "gt" : "masks");
  }

  public static Convention convention(String dataset) {
    return dataset.equals("DAVIS") ? Convention.DAVIS : Convention.GRABCUT;
  }

  /** The mask files of a dataset, sorted by name. */
  public static List<Path> files(String dataset) {
    try (Stream<Path> s = Files.list(maskDir(dataset))) {
      return s.sorted().toList();
    } catch (IOException e) {
      throw new AssertionError("cannot list " + maskDir(dataset), e);
    }
  }

  /** The mask of the sample whose image is {@code imageName} (stem before the first '.'). */
  public static Mask forImage(String dataset, String imageName) {
    String stem = imageName.substring(0, imageName.indexOf('.'));
    try (Stream<Path> s = Files.list(maskDir(dataset))) {
      Path file = s.filter(p -> p.getFileName().toString().startsWith(stem + "."))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no mask for " + imageName + " in " + maskDir(dataset)));
      return read(file, convention(dataset));
    } catch (IOException e) {
      throw new AssertionError("cannot list " + maskDir(dataset), e);
    }
  }

  public static Mask read(Path file, Convention convention) {
    try (Mat bgr = imread(file.toString(), IMREAD_COLOR)) {
      if (bgr.empty()) {
        throw new AssertionError("OpenCV cannot read " + file);
      }
      int h = bgr.rows();
      int w = bgr.cols();
      byte[] pixels = new byte[h * w * 3];
      try (BytePointer data = bgr.data()) {
        for (int r = 0; r < h; r++) {
          data.position(r * bgr.step()).get(pixels, r * w * 3, w * 3);
        }
      }
      byte[] labels = new byte[h * w];
      for (int i = 0; i < labels.length; i++) {
        int b = pixels[3 * i] & 0xff;
        int g = pixels[3 * i + 1] & 0xff;
        int r = pixels[3 * i + 2] & 0xff;
        if (convention == Convention.DAVIS) {
          labels[i] = Math.max(b, Math.max(g, r)) > 0 ? Mask.OBJECT : Mask.BACKGROUND;
        } else {
          labels[i] = b == 128 ? Mask.IGNORE : b > 128 ? Mask.OBJECT : Mask.BACKGROUND;
        }
      }
      return Mask.fromLabels(h, w, labels);
    }
  }
}
