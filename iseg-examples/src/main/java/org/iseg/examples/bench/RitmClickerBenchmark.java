package org.iseg.examples.bench;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_NEAREST;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.iseg.api.Click;
import org.iseg.api.ClickHistory;
import org.iseg.api.Mask;
import org.iseg.clicking.robots.RitmRobot;

/**
 * Times {@link RitmRobot#next} on a real DAVIS mask, at its own 480x854 and resized (nearest neighbour) to
 * 480x640, for an empty prediction (the first click: one large error region) and for a prediction shifted by
 * 12 pixels (errors on both sides, a mid-interaction click), and for an all-object prediction (the worst case:
 * the whole background is one false-positive region, as after a first positive click of a crude model).
 *
 * <pre>
 * java -cp ... org.iseg.examples.bench.RitmClickerBenchmark [mask.png] [iterations]
 * </pre>
 * The mask defaults to {@code $iseg.shared.dir/datasets/DAVIS/gt/000.png} ({@code ../shared} when unset).
 */
public final class RitmClickerBenchmark {
  private RitmClickerBenchmark() {}

  public static void main(String[] args) {
    Path file = args.length > 0
        ? Paths.get(args[0])
        : Paths.get(System.getProperty("iseg.shared.dir", "../shared"), "datasets", "DAVIS", "gt", "000.png");
    int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 300;
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "mask " + file.toAbsolutePath() + " not found: pass a DAVIS gt/*.png path as the first argument");
    }
    for (int width : new int[] {0, 640}) {
      Mask target = readDavis(file, width);
      Mask shifted = Mask.fromPredicate(target.height(), target.width(), i -> {
        int r = i / target.width() - 12;
        int c = i % target.width() - 12;
        return r >= 0 && c >= 0 && target.isObject(r, c);
      });
      ClickHistory five = ClickHistory.empty();
      for (int k = 0; k < 5; k++) {
        five = five.plus(Click.negative(k, 0, k));
      }
      System.out.printf(Locale.ROOT, "mask %s %dx%d (%s), object %d px%n", file.getFileName(), target.height(),
          target.width(), width == 0 ? "as stored" : "resized, nearest", target.area());
      time("empty prediction (first click)", target, Mask.empty(target.height(), target.width()),
          ClickHistory.empty(), iterations);
      time("prediction shifted 12 px, 5 clicks made", target, shifted, five, iterations);
      time("full prediction (background all false positive)", target,
          Mask.full(target.height(), target.width()), ClickHistory.empty().plus(Click.positive(0, 0, 0)), iterations);
    }
  }

  /**
   * Wall time per click with OpenCV's default threads, then the calling thread's CPU time per click with OpenCV
   * single-threaded: on a busy shared machine the second figure is the one that does not depend on the load.
   */
  private static void time(String what, Mask target, Mask prediction, ClickHistory history, int iterations) {
    RitmRobot robot = new RitmRobot(1);
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    int threads = opencv_core.getNumThreads();
    long sink = 0;
    for (int i = 0; i < Math.max(50, iterations / 5); i++) { // warm-up: JIT and OpenCV's first calls
      sink += robot.next(prediction, target, history).get(0).row();
    }
    long start = System.nanoTime();
    for (int i = 0; i < iterations; i++) {
      List<Click> clicks = robot.next(prediction, target, history);
      sink += clicks.get(0).row();
    }
    double wallMs = (System.nanoTime() - start) / 1e6 / iterations;
    opencv_core.setNumThreads(0); // 0 = run OpenCV's loops on the calling thread
    try {
      long cpuStart = cpu.getCurrentThreadCpuTime();
      for (int i = 0; i < iterations; i++) {
        sink += robot.next(prediction, target, history).get(0).row();
      }
      double cpuMs = (cpu.getCurrentThreadCpuTime() - cpuStart) / 1e6 / iterations;
      System.out.printf(Locale.ROOT, "  %-50s wall %7.3f ms/click (OpenCV %d threads), cpu %7.3f ms/click "
          + "(1 thread) [%d iterations, checksum %d]%n", what, wallMs, threads, cpuMs, iterations, sink);
    } finally {
      opencv_core.setNumThreads(threads);
    }
  }

  /** RITM's DAVIS reading: any non-black pixel of the decoded (BGR) palette PNG is object. */
  static Mask readDavis(Path file, int targetWidth) {
    try (Mat read = imread(file.toString(), IMREAD_COLOR);
        Mat bgr = new Mat()) {
      if (read.empty()) {
        throw new IllegalArgumentException("OpenCV cannot read mask " + file);
      }
      if (targetWidth > 0) {
        try (Size size = new Size(targetWidth, read.rows())) {
          resize(read, bgr, size, 0, 0, INTER_NEAREST);
        }
      } else {
        read.copyTo(bgr);
      }
      int h = bgr.rows();
      int w = bgr.cols();
      byte[] px = new byte[h * w * 3];
      try (BytePointer data = bgr.data()) {
        for (int r = 0; r < h; r++) {
          data.position(r * bgr.step()).get(px, r * w * 3, w * 3);
        }
      }
      return Mask.fromPredicate(h, w, i -> (px[3 * i] | px[3 * i + 1] | px[3 * i + 2]) != 0);
    }
  }
}
