package org.iseg.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.iseg.api.Click;
import org.iseg.api.Image;
import org.iseg.api.Mask;
import org.iseg.data.EvaluationDataset;
import org.iseg.data.EvaluationSample;
import org.iseg.engine.testing.NearestClickModel;
import org.iseg.examples.annotator.Overlay;
import org.iseg.examples.testing.TestImages;
import org.iseg.metrics.DatasetResult;
import org.iseg.metrics.Protocol;
import org.iseg.metrics.ResultsJson;
import org.iseg.metrics.SampleResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code evaluate --save-vis}: the overlays show the run's own clicks, the truth's outline and the scored IoU. */
class EvaluationVisTest {
  private static final int H = 40;
  private static final int W = 120;

  @TempDir Path tmp;

  private static EvaluationDataset oneSample(EvaluationSample sample) {
    return EvaluationDataset.indexed("one", 1, index -> sample.id(), index -> sample);
  }

  /** The caption band an overlay must end with. */
  private static BufferedImage expectedBand(int width, int clickNumber, float iou) {
    BufferedImage band = new BufferedImage(width, EvaluationVis.bandHeight(width), BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < band.getHeight(); y++) {
      for (int x = 0; x < width; x++) {
        band.setRGB(x, y, EvaluationVis.BAND);
      }
    }
    int scale = EvaluationVis.captionScale(width);
    PixelFont.draw(band, EvaluationVis.caption(clickNumber, iou), 2 * scale, 2 * scale, scale, EvaluationVis.TEXT);
    return band;
  }

  private static void assertBand(BufferedImage vis, int imageHeight, int clickNumber, float iou, String what) {
    BufferedImage band = expectedBand(vis.getWidth(), clickNumber, iou);
    assertEquals(imageHeight + band.getHeight(), vis.getHeight(), what + ": the caption band lies below the image");
    int text = 0;
    for (int y = 0; y < band.getHeight(); y++) {
      for (int x = 0; x < band.getWidth(); x++) {
        assertEquals(band.getRGB(x, y), vis.getRGB(x, imageHeight + y), what + ": caption pixel (" + x + ", " + y + ")");
        text += band.getRGB(x, y) == (0xFF000000 | EvaluationVis.TEXT) ? 1 : 0;
      }
    }
    assertTrue(text > 0, what + ": the caption has text");
  }

  private static int rgb(BufferedImage im, int row, int col) {
    return im.getRGB(col, row) & 0xFFFFFF;
  }

  @Test
  void theOverlaysDrawTheLoggedClicksNotTheRobotsWithTheTruthsOutlineAndTheLoggedIou() throws Exception {
    Image image = TestImages.gradient(H, W);
    Mask target = Mask.fromPredicate(H, W, i -> i / W >= 10 && i / W <= 29 && i % W >= 15 && i % W <= 34);
    // Clicks no robot would place (the second is a negative click far outside the object), and IoUs that the
    // replay does not reproduce: the overlays must still show exactly these.
    List<Click> logged = List.of(Click.positive(20, 25, 0), Click.negative(5, 5, 1));
    float[] ious = {0.5f, 0.75f};
    SampleResult scored = SampleResult.builder(0, "scene one.png").size(H, W).target(target.area(), 0)
        .clicks(logged).ious(ious).seconds(0, 0, 0).build();
    DatasetResult result = new DatasetResult("one", "nearest", "plain", "ritm",
        Protocol.builder().maxClicks(2).build(), List.of(scored), 0);
    ByteArrayOutputStream warnings = new ByteArrayOutputStream();
    Path dir = tmp.resolve("vis");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("scene_one.png-click07.png"), "an overlay of an earlier run");

    int files = EvaluationVis.write(dir, oneSample(new EvaluationSample("scene one.png", image, target)), result,
        NearestClickModel.unbounded(), 0.49, new PrintStream(warnings, true, StandardCharsets.UTF_8));

    assertEquals(2, files);
    assertFalse(Files.exists(dir.resolve("scene_one.png-click07.png")), "an earlier run's overlays are replaced");
    BufferedImage first = ImageIO.read(dir.resolve("scene_one.png-click01.png").toFile());
    BufferedImage second = ImageIO.read(dir.resolve("scene_one.png-click02.png").toFile());
    assertEquals(Overlay.POSITIVE, rgb(first, 20, 25));
    assertNotEquals(Overlay.NEGATIVE, rgb(first, 5, 5), "click 2 is not on the first overlay");
    assertEquals(Overlay.POSITIVE, rgb(second, 20, 25));
    assertEquals(Overlay.NEGATIVE, rgb(second, 5, 5));
    // The truth's outline: its edge pixels (away from the clicks), not its inside.
    for (int c = 15; c <= 34; c++) {
      assertEquals(EvaluationVis.OUTLINE, rgb(second, 10, c), "top edge at column " + c);
      assertEquals(EvaluationVis.OUTLINE, rgb(second, 29, c), "bottom edge at column " + c);
    }
    assertNotEquals(EvaluationVis.OUTLINE, rgb(second, 15, 20));
    // The replayed masks: everything after the positive click; near the negative click's side after both.
    byte[] pixels = image.toRgbBytes();
    int at = 3 * (W + 10);
    int plain = ((pixels[at] & 0xFF) << 16) | ((pixels[at + 1] & 0xFF) << 8) | (pixels[at + 2] & 0xFF);
    assertNotEquals(plain, rgb(first, 1, 10), "(1, 10) is blended in after click 1");
    assertEquals(plain, rgb(second, 1, 10), "(1, 10) is background after click 2");
    assertBand(first, H, 1, 0.5f, "click 1");
    assertBand(second, H, 2, 0.75f, "click 2");
    assertEquals("IoU 0.750  click 2", EvaluationVis.caption(2, 0.75f));
    assertTrue(PixelFont.width(EvaluationVis.caption(2, 0.75f), 1) + 2 <= W, "the whole caption fits");
    String warned = warnings.toString(StandardCharsets.UTF_8);
    assertTrue(warned.contains("scene one.png click 1") && warned.contains("not deterministic"), warned);
  }

  @Test
  void evaluateSaveVisDrawsEverySampleAtTheClicksItsLogRecords() throws Exception {
    Path out = tmp.resolve("eval");
    StringWriter err = new StringWriter();
    // The random robot: its clicks depend on the seed the evaluator gives each sample, so overlays from a robot
    // run again with other seeds (as before) would show other clicks.
    int code = IsegCli.run(new PrintWriter(err, true), "evaluate", "--n-clicks", "2", "--iou-analysis",
        "--robot", "random", "--eval-mode", "fixed256", "--no-flip", "--save-vis", "--out", out.toString());
    assertEquals(0, code, err.toString());
    List<SampleResult> logged = Files.readAllLines(out.resolve("sample.samples.jsonl")).stream()
        .map(ResultsJson::parseSampleLine).toList();
    assertEquals(6, logged.size());
    EvaluationDataset dataset = BundledSample.open();
    Path vis = out.resolve("vis").resolve("sample");
    for (SampleResult r : logged) {
      EvaluationSample sample = dataset.get(r.index());
      int h = sample.image().height();
      int w = sample.image().width();
      int radius = EvaluationVis.clickRadius(w, h);
      String stem = sample.id().replaceAll("[^A-Za-z0-9._-]", "_");
      assertEquals(2, r.clicks().size(), r.id());
      for (int k = 0; k < r.clicks().size(); k++) {
        String what = r.id() + " click " + (k + 1);
        BufferedImage im = ImageIO.read(vis.resolve(EvaluationVis.fileName(stem, k + 1)).toFile());
        assertEquals(w, im.getWidth(), what);
        for (int j = 0; j <= k; j++) {
          Click c = r.clicks().get(j);
          // The disk drawn last over this pixel decides its colour.
          Click top = c;
          for (int later = j + 1; later <= k; later++) {
            Click l = r.clicks().get(later);
            int dr = l.row() - c.row();
            int dc = l.col() - c.col();
            if (dr * dr + dc * dc <= radius * radius) {
              top = l;
            }
          }
          assertEquals(top.positive() ? Overlay.POSITIVE : Overlay.NEGATIVE, rgb(im, c.row(), c.col()),
              what + ": the logged click " + (j + 1) + " at (" + c.row() + ", " + c.col() + ")");
        }
        assertBand(im, h, k + 1, r.ious()[k], what);
      }
      assertFalse(Files.exists(vis.resolve(EvaluationVis.fileName(stem, r.clicks().size() + 1))), r.id());
    }
  }
}
