package org.iseg.data.io;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.iseg.api.Image;

/**
 * Pixel operations on {@link Image}s done by OpenCV (the reference's library, so results match it):
 * bilinear resizing and hue shifts. Masks are never resized here; they use nearest neighbour in Java.
 *
 * <pre>{@code
 * Image small = OpenCvImages.resize(image, 240, 320);
 * }</pre>
 */
public final class OpenCvImages {
  private OpenCvImages() {}

  /** {@code cv2.resize(image, (width, height), interpolation=INTER_LINEAR)}. */
  public static Image resize(Image image, int height, int width) {
    if (height <= 0 || width <= 0) {
      throw new IllegalArgumentException("resize target must be positive, got " + height + "x" + width);
    }
    if (height == image.height() && width == image.width()) {
      return image;
    }
    try (Mat src = toMat(image); Mat dst = new Mat(); Size size = new Size(width, height)) {
      opencv_imgproc.resize(src, dst, size, 0, 0, opencv_imgproc.INTER_LINEAR);
      return fromMat(dst);
    }
  }

  /**
   * The image with its hue rotated by {@code degrees} (OpenCV's 8-bit HSV, hue in 0..179 = 2-degree steps).
   */
  public static Image shiftHue(Image image, double degrees) {
    int shift = (int) Math.round(degrees / 2.0);
    if (shift % 180 == 0) {
      return image;
    }
    try (Mat rgb = toMat(image); Mat hsv = new Mat()) {
      opencv_imgproc.cvtColor(rgb, hsv, opencv_imgproc.COLOR_RGB2HSV);
      byte[] data = new byte[image.height() * image.width() * 3];
      hsv.data().get(data);
      for (int i = 0; i < data.length; i += 3) {
        int h = ((data[i] & 0xFF) + shift) % 180;
        data[i] = (byte) (h < 0 ? h + 180 : h);
      }
      hsv.data().put(data);
      try (Mat out = new Mat()) {
        opencv_imgproc.cvtColor(hsv, out, opencv_imgproc.COLOR_HSV2RGB);
        return fromMat(out);
      }
    }
  }

  private static Mat toMat(Image image) {
    Mat mat = new Mat(image.height(), image.width(), CV_8UC3);
    mat.data().put(image.toRgbBytes());
    return mat;
  }

  private static Image fromMat(Mat mat) {
    byte[] out = new byte[mat.rows() * mat.cols() * 3];
    mat.data().get(out);
    return Image.of(mat.rows(), mat.cols(), out);
  }
}
