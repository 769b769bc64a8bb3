package org.iseg.examples.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.iseg.api.Click;
import org.iseg.api.Image;
import org.iseg.api.State;
import org.iseg.data.io.ImageFiles;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.iseg.engine.predictors.BrsConfig;
import org.iseg.engine.predictors.BrsMode;
import org.iseg.engine.predictors.PredictorConfig;
import org.iseg.engine.predictors.PredictorNetwork;
import org.iseg.engine.predictors.Presets;
import org.iseg.engine.predictors.RitmPredictor;
import org.iseg.models.IisNetwork;
import org.iseg.models.compact.DefaultNetwork;
import org.iseg.models.zoo.ModelFiles;

/**
 * Seconds per click of RITM's predictor on one image: the plain network, flip averaging, and the evaluation
 * preset (ZoomIn 400 + flip), with a fixed 5-click sequence. With {@code --mode M[,M...]} (RITM's BRS names):
 * the evaluation preset with NoBRS and with each mode (RITM's evaluation settings: {@code min_iou_diff} 0.01,
 * maxfun 20, net_clicks_limit 8 / 5), next to each other.
 *
 * <pre>
 * java -cp ... org.iseg.examples.bench.PredictorBenchmark NETWORK IMAGE.jpg [rounds; 0 = overhead only]
 *     [--mode f-BRS-B,f-BRS-C]
 * </pre>
 */
public final class PredictorBenchmark {
  private PredictorBenchmark() {}

  public static void main(String[] arguments) {
    List<String> positional = new ArrayList<>();
    List<BrsMode> modes = new ArrayList<>();
    for (int i = 0; i < arguments.length; i++) {
      if (arguments[i].equals("--mode")) {
        if (i + 1 >= arguments.length) {
          throw new IllegalArgumentException("--mode needs a value, e.g. --mode f-BRS-B,f-BRS-C");
        }
        for (String name : arguments[++i].split(",")) {
          modes.add(BrsMode.parse(name));
        }
      } else {
        positional.add(arguments[i]);
      }
    }
    String[] args = positional.toArray(String[]::new);
    if (args.length < 2) {
      System.err.println("usage: PredictorBenchmark <network: " + ModelFiles.describeFormats() + ", or default>"
          + " <image> [rounds (default 3)]"
          + " [--mode NoBRS|RGB-BRS|DistMap-BRS|f-BRS-A|f-BRS-B|f-BRS-C[,...]]");
      System.exit(2);
    }
    Path checkpoint = Path.of(args[0]);
    Image image = ImageFiles.readImage(Path.of(args[1]));
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    int r = image.height() / 2;
    int c = image.width() / 2;
    List<Click> clicks =
        List.of(
            Click.positive(r, c, 0), Click.positive(r - 10, c - 20, 1), Click.negative(r + 60, c + 80, 2),
            Click.positive(r + 5, c + 5, 3), Click.negative(r - 70, c - 90, 4));
    System.out.printf(Locale.ROOT, "image %dx%d, %d clicks, %d rounds (first round is warm-up)%n",
        image.height(), image.width(), clicks.size(), rounds);
    overhead(image, clicks);
    if (rounds == 0) {
      return; // overhead only
    }
    if (!modes.isEmpty()) {
      PredictorConfig cvpr = Presets.evalMode("cvpr", "GrabCut");
      run("cvpr NoBRS", checkpoint, cvpr, image, clicks, rounds);
      for (BrsMode mode : modes) {
        if (mode != BrsMode.NO_BRS) {
          run("cvpr " + mode, checkpoint, cvpr.withBrs(BrsConfig.of(mode)), image, clicks, rounds);
        }
      }
      return;
    }
    run("plain", checkpoint, PredictorConfig.builder().build(), image, clicks, rounds);
    run("flip", checkpoint, PredictorConfig.builder().withFlip(true).build(), image, clicks, rounds);
    run("cvpr (ZoomIn 400 + flip)", checkpoint, Presets.evalMode("cvpr", "GrabCut"), image, clicks, rounds);
  }

  /** The predictor's own cost (tensors in and out, crops, resizes, flips, paste) around a network that does nothing. */
  private static void overhead(Image image, List<Click> clicks) {
    PredictorNetwork zeros =
        new PredictorNetwork() {
          @Override
          public NDArray logits(NDArray img, NDArray prevMask, NDArray points) {
            Shape s = img.getShape();
            return img.getManager().zeros(new Shape(s.get(0), 1, s.get(2), s.get(3)));
          }

          @Override
          public boolean withPrevMask() {
            return true;
          }
        };
    try (RitmPredictor model = new RitmPredictor("zeros", zeros, Presets.evalMode("cvpr", "GrabCut"))) {
      double best = Double.MAX_VALUE;
      for (int round = 0; round < 5; round++) {
        long t0 = System.nanoTime();
        predictAll(model, image, clicks);
        best = Math.min(best, (System.nanoTime() - t0) / 1e9 / clicks.size());
      }
      System.out.printf(Locale.ROOT, "%-26s %.4f s/click (no network, best of 5)%n", "predictor overhead (cvpr)", best);
    }
  }

  /** Any network file {@link ModelFiles} reads, or the embedded default model for {@code default}. */
  private static IisNetwork network(Path checkpoint) {
    if (checkpoint.toString().equals("default") && !Files.exists(checkpoint)) {
      return DefaultNetwork.load();
    }
    try {
      return ModelFiles.load(checkpoint);
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
  }

  private static void predictAll(RitmPredictor model, Image image, List<Click> clicks) {
    State z = model.initialZ(image);
    for (int k = 1; k <= clicks.size(); k++) {
      List<Click> pcs = new ArrayList<>();
      List<Click> ncs = new ArrayList<>();
      for (Click click : clicks.subList(0, k)) {
        (click.positive() ? pcs : ncs).add(click);
      }
      z = model.predict(image, z, pcs, ncs).z();
    }
  }

  private static void run(String label, Path checkpoint, PredictorConfig config, Image image, List<Click> clicks,
      int rounds) {
    try (RitmPredictor model = RitmPredictor.owning(checkpoint.getFileName().toString(), network(checkpoint),
        config)) {
      double best = Double.MAX_VALUE;
      for (int round = 0; round < rounds; round++) {
        long t0 = System.nanoTime();
        predictAll(model, image, clicks);
        double spc = (System.nanoTime() - t0) / 1e9 / clicks.size();
        if (round > 0 || rounds == 1) {
          best = Math.min(best, spc);
        }
      }
      System.out.printf(Locale.ROOT, "%-26s %.3f s/click (best round)%n", label, best);
    }
  }
}
