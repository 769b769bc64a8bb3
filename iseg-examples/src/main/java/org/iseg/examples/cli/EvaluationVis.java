package org.iseg.examples.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.iseg.api.Click;
import org.iseg.api.ClickingRobot;
import org.iseg.api.IisModel;
import org.iseg.api.Image;
import org.iseg.api.InteractionOptions;
import org.iseg.api.InteractionTrace;
import org.iseg.api.Interactions;
import org.iseg.api.Mask;
import org.iseg.api.StopRule;
import org.iseg.data.EvaluationDataset;
import org.iseg.data.EvaluationSample;
import org.iseg.examples.annotator.Overlay;
import org.iseg.metrics.DatasetResult;
import org.iseg.metrics.Iou;
import org.iseg.metrics.SampleResult;

/**
 * {@code iseg evaluate --save-vis}: one PNG per scored click of every completed sample, drawn from the run's
 * results, i.e. the clicks its robot placed and the IoUs it scored (as logged in {@code <dataset>.samples.jsonl},
 * samples resumed from an earlier run included). The robot is not run again: the logged clicks are replayed
 * through the model, one step per click, to get the masks (predictions are not logged). Each overlay shows
 * the predicted mask blended in, the ground truth's outline (cyan), the clicks so far (green positive, red
 * negative) and, in a band below the image, the click number and the IoU the run scored there.
 *
 * <pre>{@code
 * EvaluationVis.write(out.resolve("vis/GrabCut"), grabcut, report.result("GrabCut"), predictor, 0.49, System.err);
 * // -> vis/GrabCut/<sample id>-click01.png, -click02.png, ...
 * }</pre>
 */
final class EvaluationVis {
  /** Colour of the ground truth's outline (RGB). */
  static final int OUTLINE = 0x00FFFF;
  /** Colours of the caption band below the image (RGB). */
  static final int BAND = 0x202020;
  static final int TEXT = 0xFFFFFF;
  /** A replayed IoU this far from the logged one (stored as float32) means the model is not deterministic. */
  private static final double IOU_TOLERANCE = 1e-4;

  private EvaluationVis() {}

  /**
   * Writes {@code dir/<sample id>-clickNN.png} for every click of every completed sample of {@code result}
   * (earlier overlays of those samples are replaced); returns the number of files written.
   *
   * @param predictor the model the run evaluated, with the run's predictor settings
   * @param threshold the run's prediction threshold
   * @param warnings where a mismatch between a replayed and a logged IoU is reported
   */
  static int write(Path dir, EvaluationDataset dataset, DatasetResult result, IisModel predictor, double threshold,
      PrintStream warnings) {
    int files = 0;
    try {
      Files.createDirectories(dir);
      for (SampleResult scored : result.completed()) {
        EvaluationSample sample = dataset.get(scored.index());
        if (!sample.id().equals(scored.id())) {
          throw new IllegalStateException("the results name sample " + scored.index() + " '" + scored.id()
              + "' but the dataset has '" + sample.id() + "' there; evaluate again into a new --out folder");
        }
        String stem = sample.id().replaceAll("[^A-Za-z0-9._-]", "_");
        removeOld(dir, stem);
        List<Click> clicks = scored.clicks();
        if (clicks.isEmpty()) {
          continue;
        }
        InteractionTrace replay = Interactions.fullInference(predictor, replaying(clicks), sample.image(),
            sample.target(), clicks.size(),
            InteractionOptions.builder().threshold(threshold).stopRule(StopRule.NEVER).build());
        for (int k = 0; k < clicks.size(); k++) {
          Mask mask = replay.steps().get(k).mask();
          float logged = scored.ious()[k];
          double replayed = Iou.of(mask, sample.target());
          if (Math.abs(replayed - logged) > IOU_TOLERANCE) {
            warnings.printf(Locale.ROOT, "warning: %s click %d: the replayed prediction scores IoU %.4f but the"
                + " run scored %.4f (the model is not deterministic); the overlay shows the replayed mask and the"
                + " run's IoU%n", sample.id(), k + 1, replayed, logged);
          }
          BufferedImage drawn = draw(sample.image(), sample.target(), mask, clicks.subList(0, k + 1), k + 1, logged);
          ImageIO.write(drawn, "png", dir.resolve(fileName(stem, k + 1)).toFile());
          files++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write visualisations into " + dir + ": " + e.getMessage(), e);
    }
    return files;
  }

  /** The overlay of click {@code clickNumber} (1-based) of a sample, {@code sample id}-click01.png etc. */
  static String fileName(String stem, int clickNumber) {
    return String.format(Locale.ROOT, "%s-click%02d.png", stem, clickNumber);
  }

  /** The caption below an overlay; the IoU first, so that it shows even where a narrow image cuts it off. */
  static String caption(int clickNumber, float iou) {
    return String.format(Locale.ROOT, "IoU %.3f  click %d", iou, clickNumber);
  }

  /** Scale of the caption's font pixels for an image {@code width} wide. */
  static int captionScale(int width) {
    return Math.max(1, width / 300);
  }

  /** Radius of the click disks on a {@code width} x {@code height} image. */
  static int clickRadius(int width, int height) {
    return Math.max(3, Math.min(height, width) / 80);
  }

  /** Height of the caption band below an image {@code width} wide. */
  static int bandHeight(int width) {
    return (PixelFont.HEIGHT + 4) * captionScale(width);
  }

  /**
   * One overlay: the image with {@code prediction} blended in (alpha 0.5, RITM's first object colour), the
   * outline of {@code target}'s object, the clicks as disks, and below the image a band with
   * {@link #caption}.
   */
  static BufferedImage draw(Image image, Mask target, Mask prediction, List<Click> clicks, int clickNumber,
      float iou) {
    int h = image.height();
    int w = image.width();
    int[] labels = new int[h * w];
    for (int p = 0; p < labels.length; p++) {
      labels[p] = prediction.labelAt(p) == Mask.OBJECT ? 1 : 0;
    }
    BufferedImage overlay = Overlay.render(image, labels, List.of(), 0.5, 0);
    int thickness = Math.max(1, Math.min(h, w) / 300);
    for (int r = 0; r < h; r++) {
      for (int c = 0; c < w; c++) {
        if (onOutline(target, r, c, thickness)) {
          overlay.setRGB(c, r, OUTLINE);
        }
      }
    }
    Overlay.drawClicks(overlay, clicks, clickRadius(w, h));   // on top of the outline
    int band = bandHeight(w);
    BufferedImage out = new BufferedImage(w, h + band, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        out.setRGB(x, y, overlay.getRGB(x, y));
      }
    }
    for (int y = h; y < h + band; y++) {
      for (int x = 0; x < w; x++) {
        out.setRGB(x, y, BAND);
      }
    }
    int scale = captionScale(w);
    PixelFont.draw(out, caption(clickNumber, iou), 2 * scale, h + 2 * scale, scale, TEXT);
    return out;
  }

  /** Whether (r, c) is an object pixel of {@code target} within {@code thickness} pixels of its edge. */
  private static boolean onOutline(Mask target, int r, int c, int thickness) {
    if (!target.isObject(r, c)) {
      return false;
    }
    for (int dr = -thickness; dr <= thickness; dr++) {
      for (int dc = -thickness; dc <= thickness; dc++) {
        int rr = r + dr;
        int cc = c + dc;
        if (rr < 0 || cc < 0 || rr >= target.height() || cc >= target.width() || !target.isObject(rr, cc)) {
          return true;
        }
      }
    }
    return false;
  }

  /** A robot that places the logged clicks again, one per step, in their order. */
  private static ClickingRobot replaying(List<Click> clicks) {
    return (prediction, target, history) -> List.of(clicks.get(history.size()));
  }

  private static void removeOld(Path dir, String stem) throws IOException {
    Pattern mine = Pattern.compile(Pattern.quote(stem) + "-click\\d{2,}\\.png");
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        if (mine.matcher(f.getFileName().toString()).matches()) {
          Files.delete(f);
        }
      }
    }
  }
}
