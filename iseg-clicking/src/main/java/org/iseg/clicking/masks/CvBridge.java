package org.iseg.clicking.masks;

import static org.bytedeco.opencv.global.opencv_core.BORDER_CONSTANT;
import static org.bytedeco.opencv.global.opencv_core.CV_32S;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgproc.DIST_L2;
import static org.bytedeco.opencv.global.opencv_imgproc.DIST_MASK_PRECISE;
import static org.bytedeco.opencv.global.opencv_imgproc.MORPH_RECT;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * The only place in this module where pixel buffers cross into OpenCV {@link Mat}s and back.
 *
 * <p>Every method takes plain Java arrays (0/1 bytes, row by row), allocates its Mats in try-with-resources so
 * native memory is freed before it returns, and shares no state: callers may use it from many threads.
 */
final class CvBridge {
  private CvBridge() {}

  /**
   * Exact Euclidean distance of every non-zero pixel to the nearest zero pixel (OpenCV {@code distanceTransform}
   * with {@code DIST_L2, DIST_MASK_PRECISE}); zero pixels get 0. Pixels outside the buffer do not count as zero.
   */
  static float[] distanceTransform(byte[] binary, int rows, int cols) {
    float[] out = new float[rows * cols];
    try (Mat src = wrap(binary, rows, cols);
        Mat dst = new Mat()) {
      opencv_imgproc.distanceTransform(src, dst, DIST_L2, DIST_MASK_PRECISE);
      // dst is a freshly allocated continuous CV_32F Mat.
      try (FloatPointer data = new FloatPointer(dst.data())) {
        data.get(out, 0, out.length);
      }
    }
    return out;
  }

  /**
   * The outer boundary of every 8-connected region of non-zero pixels (OpenCV {@code findContours} with {@code
   * RETR_EXTERNAL, CHAIN_APPROX_SIMPLE}, as CVAT's and COCO's tools take polygons), each as {x0, y0, x1, y1, ...}.
   */
  static java.util.List<int[]> externalContours(byte[] binary, int rows, int cols) {
    java.util.List<int[]> out = new java.util.ArrayList<>();
    try (Mat src = wrap(binary, rows, cols);
        Mat copy = src.clone();   // findContours may modify its input on older OpenCV versions
        org.bytedeco.opencv.opencv_core.MatVector contours = new org.bytedeco.opencv.opencv_core.MatVector()) {
      opencv_imgproc.findContours(copy, contours, opencv_imgproc.RETR_EXTERNAL, opencv_imgproc.CHAIN_APPROX_SIMPLE);
      for (long k = 0; k < contours.size(); k++) {
        try (Mat contour = contours.get(k)) {
          int[] xy = new int[2 * (int) contour.total()];
          try (IntPointer data = new IntPointer(contour.data())) {
            data.get(xy, 0, xy.length);
          }
          out.add(xy);
        }
      }
    }
    return out;
  }

  /**
   * Connected components of the non-zero pixels with 4- or 8-connectivity: fills {@code labels} (0 background,
   * 1..n-1 components in OpenCV's order) and returns the pixel count of every label (index 0 = background).
   */
  static int[] connectedComponents(byte[] binary, int rows, int cols, int connectivity, int[] labels) {
    try (Mat src = wrap(binary, rows, cols);
        Mat labelMat = new Mat();
        Mat stats = new Mat();
        Mat centroids = new Mat()) {
      int n = opencv_imgproc.connectedComponentsWithStats(src, labelMat, stats, centroids, connectivity, CV_32S);
      try (IntPointer data = new IntPointer(labelMat.data())) {
        data.get(labels, 0, rows * cols);
      }
      int[] areas = new int[n];
      int[] row = new int[stats.cols()];
      try (IntPointer statData = new IntPointer(stats.data())) {
        for (int i = 0; i < n; i++) {
          statData.position((long) i * stats.cols()).get(row, 0, row.length);
          areas[i] = row[opencv_imgproc.CC_STAT_AREA];
        }
      }
      return areas;
    }
  }

  /** {@code iterations} erosions ({@code dilate == false}) or dilations with a 3x3 square, OpenCV borders. */
  static byte[] morphology(byte[] binary, int rows, int cols, boolean dilate, int iterations) {
    byte[] out = new byte[rows * cols];
    try (Mat src = wrap(binary, rows, cols);
        Mat dst = new Mat();
        Size size = new Size(3, 3);
        Mat kernel = opencv_imgproc.getStructuringElement(MORPH_RECT, size);
        Point anchor = new Point(-1, -1);
        Scalar border = opencv_imgproc.morphologyDefaultBorderValue()) {
      // The default border value never erodes or dilates from outside the image, as cv2.erode/dilate.
      if (dilate) {
        opencv_imgproc.dilate(src, dst, kernel, anchor, iterations, BORDER_CONSTANT, border);
      } else {
        opencv_imgproc.erode(src, dst, kernel, anchor, iterations, BORDER_CONSTANT, border);
      }
      try (BytePointer data = dst.data()) {
        data.get(out, 0, out.length);
      }
    }
    return out;
  }

  private static Mat wrap(byte[] binary, int rows, int cols) {
    Mat mat = new Mat(rows, cols, CV_8UC1);
    try (BytePointer data = mat.data()) { // a view: closing it leaves the Mat's memory alone
      data.put(binary, 0, rows * cols);
    }
    return mat;
  }
}
