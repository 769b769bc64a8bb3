package org.iseg.examples.annotator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.iseg.api.Click;
import org.iseg.api.IisModel;
import org.iseg.api.Image;
import org.iseg.api.Mask;
import org.iseg.api.Prediction;
import org.iseg.api.ProbabilityMap;
import org.iseg.api.State;
import org.iseg.data.io.ImageFiles;
import org.iseg.api.spi.IisModelProvider;
import org.iseg.api.testing.SharedData;
import org.iseg.data.spi.DatasetProvider;
import org.iseg.engine.segmentation.Mask2FormerClickModel;
import org.iseg.engine.segmentation.QueryMasks;
import org.iseg.engine.testing.NearestClickModel;
import org.iseg.examples.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnnotatorControllerTest {
  private static final int H = 20;
  private static final int W = 30;

  private static AnnotatorController controller(IisModel model) {
    AnnotatorController c = new AnnotatorController(model);
    c.setImage(TestImages.gradient(H, W));
    return c;
  }

  private static Mask columns(int from, int to) {
    return Mask.fromPredicate(H, W, i -> i % W >= from && i % W <= to);
  }

  @Test
  void clicksRefineTheCurrentObjectAndUndoStepsBack() {
    AnnotatorController c = controller(NearestClickModel.unbounded());
    assertFalse(c.hasCurrentObject());
    c.addClick(5, 5, true);
    assertEquals(Optional.of(Mask.full(H, W)), c.currentMask());
    c.addClick(5, 25, false);
    // Column 15 is as near to both clicks; the earlier (positive) one wins.
    assertEquals(Optional.of(columns(0, 15)), c.currentMask());
    assertEquals(List.of(Click.positive(5, 5, 0), Click.negative(5, 25, 1)), c.clicks().all());
    assertTrue(c.undoClick());
    assertEquals(Optional.of(Mask.full(H, W)), c.currentMask());
    assertTrue(c.undoClick());
    assertEquals(Optional.empty(), c.currentMask());
    assertFalse(c.undoClick());
  }

  @Test
  void aMask2FormerExportAnnotatesWithItsQueryMasksRunningTheNetworkOncePerObject() {
    Path checkpoint = SharedData.golden("mask2former/checkpoint.pth");
    Image image = DatasetProvider.registry().get("grabcut").openEvaluation(SharedData.dataset("GrabCut")).get(1)
        .image();
    try (Mask2FormerClickModel model = (Mask2FormerClickModel) IisModelProvider.registry().get("mask2former")
        .create(java.util.Map.of("checkpoint", checkpoint.toString()))) {
      QueryMasks queries = model.queryMasks(image);
      // two pixels each covered by one query only, two different ones: the first click selects the first query; the
      // second click's query covers only the second pixel, so the rule keeps the first (IoU 1 with the previous
      // mask) and adds the second
      int first = -1;
      int second = -1;
      int[] at = new int[2];
      for (int i = 0; i < image.height() * image.width() && second < 0; i += 31) {
        int only = -1;
        int covering = 0;
        for (int q = 0; q < queries.size(); q++) {
          if (queries.covers(q, i / image.width(), i % image.width())) {
            only = q;
            covering++;
          }
        }
        if (covering != 1) {
          continue;
        }
        if (first < 0) {
          first = only;
          at[0] = i;
        } else if (only != first) {
          second = only;
          at[1] = i;
        }
      }
      assertTrue(second >= 0, "the golden image has pixels that one query alone covers");
      AnnotatorController c = new AnnotatorController(model);
      c.setImage(image);
      c.setThreshold(0.5); // a query covers where its probability is above 0.5
      c.addClick(at[0] / image.width(), at[0] % image.width(), true);
      Mask one = c.currentMask().orElseThrow();
      assertEquals(queries.coverage(first), one);
      c.addClick(at[1] / image.width(), at[1] % image.width(), true);
      Mask two = c.currentMask().orElseThrow();
      assertEquals(one.or(queries.coverage(second)), two, "the second click adds its query's mask to the first");
      assertEquals(2, model.forwardPasses(), "one run for the test's query masks, one for the object");
      assertTrue(c.undoClick());
      assertEquals(Optional.of(one), c.currentMask());
    }
  }

  @Test
  void finishedObjectsGetConsecutiveLabelsAndTheCurrentOneShowsAsTheNext() {
    AnnotatorController c = controller(NearestClickModel.unbounded());
    assertFalse(c.finishObject(), "nothing to finish before a click");
    c.addClick(5, 5, true);
    c.addClick(5, 25, false);
    assertTrue(c.finishObject());
    assertEquals(1, c.objectCount());
    assertTrue(c.clicks().isEmpty());
    int[] afterFirst = c.resultLabels();
    for (int i = 0; i < afterFirst.length; i++) {
      assertEquals(i % W <= 15 ? 1 : 0, afterFirst[i]);
    }
    c.addClick(5, 25, true);
    c.addClick(5, 5, false);
    int[] withCurrent = c.resultLabels();
    for (int i = 0; i < withCurrent.length; i++) {
      assertEquals(i % W >= 15 ? 2 : 1, withCurrent[i], "the current object is drawn over object 1");
    }
    c.resetClicks();
    assertArrayEquals(afterFirst, c.resultLabels());
    c.addClick(5, 25, true);
    c.addClick(5, 5, false);
    c.finishObject();
    assertEquals(2, c.objectCount());
    assertArrayEquals(withCurrent, c.resultLabels());
  }

  /** Probability = column / (width - 1), whatever the clicks: only the threshold decides the mask. */
  private static final class ColumnRampModel implements IisModel {
    @Override
    public String name() {
      return "ramp";
    }

    @Override
    public Prediction predict(Image x, State z, List<Click> pcs, List<Click> ncs) {
      float[] p = new float[x.height() * x.width()];
      for (int i = 0; i < p.length; i++) {
        p[i] = (i % x.width()) / (float) (x.width() - 1);
      }
      return new Prediction(ProbabilityMap.of(x.height(), x.width(), p), State.NONE);
    }
  }

  @Test
  void thresholdIsAppliedToTheStoredProbabilitiesWithoutPredictingAgain() {
    AnnotatorController c = controller(new ColumnRampModel());
    c.addClick(0, 0, true);
    long generation = c.generation();
    c.setThreshold(0.5); // p > 0.5 means column > 14.5
    assertEquals(Optional.of(columns(15, 29)), c.currentMask());
    c.setThreshold(0.9); // column > 26.1
    assertEquals(Optional.of(columns(27, 29)), c.currentMask());
    assertEquals(generation, c.generation());
    assertThrows(IllegalArgumentException.class, () -> c.setThreshold(1.5));
  }

  @Test
  void aLoadedMaskStartsTheObjectAndTheNextClicksCorrectIt() {
    AnnotatorController c = controller(NearestClickModel.withRadius(2));
    Mask top = Mask.fromPredicate(H, W, i -> i / W < 4);
    c.loadMask(top);
    assertEquals(Optional.of(top), c.currentMask());
    c.addClick(12, 12, true);
    Mask expected = Mask.fromPredicate(H, W, i -> {
      int r = i / W;
      int col = i % W;
      return r < 4 || (r - 12) * (r - 12) + (col - 12) * (col - 12) <= 4;
    });
    assertEquals(Optional.of(expected), c.currentMask());
    assertTrue(c.finishObject());
    assertEquals(expected.area(), countLabel(c.resultLabels(), 1));

    IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
        () -> c.loadMask(Mask.empty(H + 1, W)));
    assertTrue(size.getMessage().contains("30x21"), size.getMessage());
    AnnotatorController ramp = controller(new ColumnRampModel());
    IllegalStateException notIterM = assertThrows(IllegalStateException.class, () -> ramp.loadMask(top));
    assertTrue(notIterM.getMessage().contains("ramp"), notIterM.getMessage());
  }

  private static int countLabel(int[] labels, int label) {
    int n = 0;
    for (int l : labels) {
      n += l == label ? 1 : 0;
    }
    return n;
  }

  @Test
  void aPredictionFinishedAfterTheStateChangedIsDropped() {
    AnnotatorController c = controller(NearestClickModel.unbounded());
    c.addClick(5, 5, true);
    AnnotatorController.PendingClick pending = c.prepareClick(5, 25, false);
    c.undoClick();
    AnnotatorController.ClickOutcome outcome = pending.run();
    assertFalse(c.apply(outcome));
    assertTrue(c.clicks().isEmpty());

    AnnotatorController.PendingClick fresh = c.prepareClick(5, 25, false);
    assertTrue(c.apply(fresh.run()));
    assertEquals(1, c.clicks().size());
  }

  @Test
  void theNetworkSeesOnlyTheMostRecentClicksWhenLimited() {
    AnnotatorController c = controller(NearestClickModel.unbounded());
    c.setPredictorSettings(c.predictorSettings().withNetClicksLimit(OptionalInt.of(1)));
    c.addClick(5, 5, true);
    c.addClick(5, 25, false);
    assertEquals(0, c.currentMask().orElseThrow().area(), "only the negative click reached the model");
    c.setPredictorSettings(c.predictorSettings().withNetClicksLimit(OptionalInt.empty()));
    assertEquals(2, c.clicks().size(), "changing settings keeps the clicks");
    assertEquals(0, c.currentMask().orElseThrow().area(), "and the shown prediction, until the next click");
    c.addClick(19, 0, true);
    // All three clicks now: the first positive still owns columns 0..15 of row 5 and its Voronoi cell.
    assertTrue(c.currentMask().orElseThrow().isObject(5, 15));
    assertFalse(c.currentMask().orElseThrow().isObject(5, 16));
    assertThrows(IllegalArgumentException.class,
        () -> c.predictorSettings().withNetClicksLimit(OptionalInt.of(0)));
  }

  @Test
  void thePredictorFactoryGetsTheZoomInSettingsAndItsModelIsCalled() {
    List<PredictorSettings> seen = new ArrayList<>();
    NearestClickModel base = NearestClickModel.unbounded();
    NearestClickModel wrapped = NearestClickModel.unbounded();
    PredictorFactory factory = (model, settings) -> {
      assertTrue(model == base);
      seen.add(settings);
      return settings.zoomIn().enabled() ? wrapped : model;
    };
    AnnotatorController c = new AnnotatorController(base, factory);
    c.setImage(TestImages.gradient(H, W));
    c.addClick(1, 1, true);
    assertEquals(1, wrapped.predictions(), "ZoomIn is on by default, as in RITM's demo");
    PredictorSettings.ZoomIn zoom = PredictorSettings.ZoomIn.defaults().withTargetSize(600).withSkipClicks(1)
        .withExpansionRatio(1.6).withFixedCrop(false).withEnabled(false);
    c.setPredictorSettings(c.predictorSettings().withZoomIn(zoom));
    assertEquals(zoom, seen.get(seen.size() - 1).zoomIn());
    c.addClick(2, 2, true);
    assertEquals(1, base.predictions(), "the next click goes through the new predictor");
    assertEquals(1, wrapped.predictions());
    assertThrows(IllegalArgumentException.class, () -> zoom.withTargetSize(50));
    assertThrows(IllegalArgumentException.class, () -> zoom.withExpansionRatio(2.5));
    assertThrows(IllegalArgumentException.class, () -> zoom.withSkipClicks(-2));
  }

  @Test
  void overlayBlendsObjectColoursAndDrawsClickDisks() {
    AnnotatorController c = controller(NearestClickModel.unbounded());
    Image image = c.image().orElseThrow();
    c.addClick(10, 5, true);
    c.addClick(10, 25, false);
    c.setAlpha(1.0);
    c.setClickRadius(2);
    BufferedImage shown = c.render();
    assertEquals(Overlay.colour(1), shown.getRGB(0, 0) & 0xFFFFFF, "an object pixel is its colour at alpha 1");
    assertEquals(rgb(image, 0, 29), shown.getRGB(29, 0) & 0xFFFFFF, "background shows the image");
    assertEquals(Overlay.POSITIVE, shown.getRGB(5 + 2, 10) & 0xFFFFFF, "inside the positive disk");
    assertEquals(Overlay.NEGATIVE, shown.getRGB(25, 10 - 2) & 0xFFFFFF, "inside the negative disk");
    assertEquals(rgb(image, 12, 27), shown.getRGB(27, 12) & 0xFFFFFF, "(2, 2) away is outside a radius-2 disk");

    c.setAlpha(0.0);
    c.setClickRadius(0);
    BufferedImage plain = c.render();
    assertEquals(rgb(image, 0, 0), plain.getRGB(0, 0) & 0xFFFFFF, "alpha 0 leaves the image as it is");
    assertEquals(Overlay.POSITIVE, plain.getRGB(5, 10) & 0xFFFFFF);
    assertEquals(rgb(image, 10, 6), plain.getRGB(6, 10) & 0xFFFFFF, "radius 0 marks one pixel");

    c.setAlpha(0.5);
    int blended = c.render().getRGB(0, 3) & 0xFFFFFF;
    int original = rgb(image, 3, 0);
    int red = ((original >>> 16) + 0x80) / 2;
    assertTrue(Math.abs(((blended >>> 16) & 0xFF) - red) <= 1, "half the image, half the colour");
  }

  @Test
  void paletteIsThePascalVocOne() {
    assertEquals(0x800000, Overlay.colour(1));
    assertEquals(0x008000, Overlay.colour(2));
    assertEquals(0x808000, Overlay.colour(3));
    assertEquals(0x000080, Overlay.colour(4));
    assertEquals(0x400000, Overlay.colour(8));
  }

  private static int rgb(Image image, int row, int col) {
    return (image.channel(row, col, 0) << 16) | (image.channel(row, col, 1) << 8) | image.channel(row, col, 2);
  }

  @Test
  void theStartStateIsComputedOffTheOwningThreadOncePerObject() {
    java.util.concurrent.atomic.AtomicInteger starts = new java.util.concurrent.atomic.AtomicInteger();
    NearestClickModel inner = NearestClickModel.unbounded();
    IisModel counting = new IisModel() {
      @Override
      public String name() {
        return "counting";
      }

      @Override
      public State initialZ(Image x) {
        starts.incrementAndGet();
        return inner.initialZ(x);
      }

      @Override
      public Prediction predict(Image x, State z, List<Click> pcs, List<Click> ncs) {
        return inner.predict(x, z, pcs, ncs);
      }
    };
    AnnotatorController c = controller(counting);
    AnnotatorController.PendingClick first = c.prepareClick(1, 1, true);
    assertEquals(0, starts.get(), "neither setImage nor prepareClick calls initialZ");
    assertTrue(c.apply(first.run()));
    assertEquals(1, starts.get());
    c.undoClick();
    c.addClick(2, 2, true);
    assertEquals(1, starts.get(), "the start state is kept for the object");
    c.finishObject();
    c.addClick(3, 3, true);
    assertEquals(2, starts.get(), "a new object starts afresh");
  }

  @Test
  void badCallsFailWithMessagesThatSayWhatToDo() {
    AnnotatorController empty = new AnnotatorController(NearestClickModel.unbounded());
    IllegalStateException noImage = assertThrows(IllegalStateException.class, () -> empty.addClick(0, 0, true));
    assertTrue(noImage.getMessage().contains("load an image"));
    AnnotatorController c = controller(NearestClickModel.unbounded());
    IllegalArgumentException outside = assertThrows(IllegalArgumentException.class, () -> c.addClick(H, 0, true));
    assertTrue(outside.getMessage().contains("outside the 30x20 image"), outside.getMessage());
    assertThrows(IllegalArgumentException.class, () -> c.setClickRadius(-1));
    assertThrows(IllegalArgumentException.class, () -> c.setAlpha(2));
  }

  @Test
  void atMost255ObjectsFitTheMask() {
    AnnotatorController c = new AnnotatorController(NearestClickModel.unbounded());
    c.setImage(TestImages.gradient(2, 2));
    for (int k = 0; k < AnnotatorController.MAX_OBJECTS; k++) {
      c.addClick(0, 0, true);
      assertTrue(c.finishObject());
    }
    c.addClick(0, 0, true);
    IllegalStateException full = assertThrows(IllegalStateException.class, c::finishObject);
    assertTrue(full.getMessage().contains("255"));
  }

  @Test
  void savedLabelsAndLoadedMasksRoundTripThroughPngFiles(@TempDir Path dir) throws Exception {
    AnnotatorController c = controller(NearestClickModel.unbounded());
    c.addClick(5, 5, true);
    c.addClick(5, 25, false);
    c.finishObject();
    c.addClick(5, 25, true);
    c.addClick(5, 5, false);
    Path saved = dir.resolve("result.png");
    AnnotatorFiles.writeLabels(saved, H, W, c.resultLabels());
    assertArrayEquals(c.resultLabels(), ImageFiles.readLabels(saved).toArray());

    Mask top = Mask.fromPredicate(H, W, i -> i / W < 4);
    Path maskFile = dir.resolve("start.png");
    Files.write(maskFile, java.util.Base64.getDecoder().decode(TestImages.base64Png(top)));
    assertEquals(top, AnnotatorFiles.readMask(maskFile));
    assertTrue(assertThrows(RuntimeException.class, () -> AnnotatorFiles.readImage(dir.resolve("missing.png")))
        .getMessage().contains("missing.png"));
  }

  /** The disk of radius 3 around (row, col) in the H x W test image: what NearestClickModel.withRadius(3) marks. */
  private static Mask disk(int row, int col) {
    return Mask.fromPredicate(H, W, i -> {
      int dr = i / W - row;
      int dc = i % W - col;
      return dr * dr + dc * dc <= 9;
    });
  }

  @Test
  void finishingPartiallyKeepsThePartAndTheNextClicksAddAnotherPartOfTheSameObject() {
    AnnotatorController c = controller(NearestClickModel.withRadius(3));
    assertFalse(c.partiallyFinishObject(), "nothing to set aside before a click");
    c.addClick(5, 5, true);
    assertTrue(c.partiallyFinishObject());
    assertTrue(c.clicks().isEmpty(), "the part's clicks are dropped, as RITM's clicker.reset_clicks()");
    assertTrue(c.hasCurrentObject());
    assertTrue(c.canUndo(), "'a' can be undone");
    assertEquals(Optional.of(disk(5, 5)), c.currentMask());
    c.addClick(12, 20, true);
    assertEquals(List.of(Click.positive(12, 20, 0)), c.clicks().all());
    assertEquals(Optional.of(disk(5, 5).or(disk(12, 20))), c.currentMask());
    assertTrue(c.finishObject());
    assertEquals(1, c.objectCount(), "both parts make one object");
    int[] labels = c.resultLabels();
    Mask both = disk(5, 5).or(disk(12, 20));
    for (int i = 0; i < labels.length; i++) {
      assertEquals(both.labelAt(i) == Mask.OBJECT ? 1 : 0, labels[i], "pixel " + i);
    }

    c.addClick(15, 3, true);
    c.partiallyFinishObject();
    c.addClick(5, 20, true);
    // RITM's demo blends the parts set aside a second time, so one sees what 'a' kept.
    c.setAlpha(0.5);
    c.setClickRadius(0);
    BufferedImage shown = c.render();
    byte[] rgb = c.image().orElseThrow().toRgbBytes();
    int newPart = 5 * W + 23;
    int setAside = 15 * W + 6;
    assertEquals(blend(pixel(rgb, newPart), Overlay.colour(2)), shown.getRGB(23, 5) & 0xFFFFFF,
        "the new part is blended once");
    assertEquals(blend(blend(pixel(rgb, setAside), Overlay.colour(2)), Overlay.colour(2)),
        shown.getRGB(6, 15) & 0xFFFFFF, "the part set aside is blended twice");
    assertTrue(c.undoClick());
    assertTrue(c.undoClick());
    assertEquals(List.of(Click.positive(15, 3, 0)), c.clicks().all(), "undo steps back over 'a'");
  }

  private static int pixel(byte[] rgb, int i) {
    return ((rgb[3 * i] & 0xFF) << 16) | ((rgb[3 * i + 1] & 0xFF) << 8) | (rgb[3 * i + 2] & 0xFF);
  }

  /** {@code rgb} blended with {@code colour} at alpha 0.5, as Overlay does it (weights 128/256). */
  private static int blend(int rgb, int colour) {
    int out = 0;
    for (int shift = 16; shift >= 0; shift -= 8) {
      out |= ((((rgb >>> shift) & 0xFF) * 128 + ((colour >>> shift) & 0xFF) * 128) >> 8) << shift;
    }
    return out;
  }

  @Test
  void savingWritesTheLabelPngAndRitmsRgbaCutoutOfTheObjectsBoundingBox(@TempDir Path dir) throws Exception {
    AnnotatorController c = controller(NearestClickModel.withRadius(3));
    c.addClick(5, 5, true);
    c.finishObject();
    c.addClick(12, 20, true);   // the current object is saved too, as label 2
    List<Path> written = c.save(dir.resolve("mask.png"));
    assertEquals(List.of(dir.resolve("mask.png"), dir.resolve("mask-cutout.png")), written);

    BufferedImage labels = javax.imageio.ImageIO.read(written.get(0).toFile());
    assertEquals(W, labels.getWidth());
    assertEquals(H, labels.getHeight());
    for (int i = 0; i < H * W; i++) {
      int expected = disk(12, 20).labelAt(i) == Mask.OBJECT ? 2 : disk(5, 5).labelAt(i) == Mask.OBJECT ? 1 : 0;
      assertEquals(expected, labels.getRaster().getSample(i % W, i / W, 0), "label at pixel " + i);
    }

    // The objects span rows 2..15 and columns 2..23; the cut-out is that box, opaque on the objects only.
    BufferedImage cutout = javax.imageio.ImageIO.read(written.get(1).toFile());
    assertTrue(cutout.getColorModel().hasAlpha(), "an RGBA PNG");
    assertEquals(23 - 2 + 1, cutout.getWidth());
    assertEquals(15 - 2 + 1, cutout.getHeight());
    Image image = c.image().orElseThrow();
    byte[] rgb = image.toRgbBytes();
    Mask objects = disk(5, 5).or(disk(12, 20));
    for (int r = 2; r <= 15; r++) {
      for (int col = 2; col <= 23; col++) {
        int argb = cutout.getRGB(col - 2, r - 2);
        int i = r * W + col;
        boolean object = objects.isObject(r, col);
        assertEquals(object ? 255 : 0, argb >>> 24, "alpha at (" + r + ", " + col + ")");
        if (object) {
          int colour = ((rgb[3 * i] & 0xFF) << 16) | ((rgb[3 * i + 1] & 0xFF) << 8) | (rgb[3 * i + 2] & 0xFF);
          assertEquals(colour, argb & 0xFFFFFF, "colour at (" + r + ", " + col + ")");
        }
      }
    }
    assertThrows(IllegalArgumentException.class, () -> c.save(dir.resolve("mask.bmp")));
  }

  @Test
  void workCountsAsUnsavedFromTheFirstClickUntilSavedAndAgainAfterTheNextChange(@TempDir Path dir) {
    AnnotatorController c = controller(NearestClickModel.withRadius(3));
    assertFalse(c.hasUnsavedWork(), "a fresh image has nothing to lose");
    c.addClick(5, 5, true);
    assertTrue(c.hasUnsavedWork());
    c.save(dir.resolve("a.png"));
    assertFalse(c.hasUnsavedWork());
    c.setThreshold(0.8);
    assertTrue(c.hasUnsavedWork(), "a new threshold changes the saved labels");
    c.save(dir.resolve("a.png"));
    c.finishObject();
    assertTrue(c.hasUnsavedWork());
    c.save(dir.resolve("a.png"));
    c.setImage(TestImages.gradient(H, W));
    assertFalse(c.hasUnsavedWork(), "a new image starts with nothing to lose");
  }

  @Property(tries = 60)
  void undoRestoresExactlyThePreviousState(
      @ForAll @Size(min = 1, max = 6) List<@IntRange(min = 0, max = 11) Integer> rows,
      @ForAll @IntRange(min = 0, max = 1000) int seed) {
    AnnotatorController c = new AnnotatorController(NearestClickModel.withRadius(4));
    c.setImage(TestImages.gradient(12, 16));
    java.util.Random random = new java.util.Random(seed);
    List<Optional<ProbabilityMap>> before = new ArrayList<>();
    for (int row : rows) {
      before.add(c.currentProbabilities());
      c.addClick(row, random.nextInt(16), random.nextBoolean());
    }
    for (int k = rows.size() - 1; k >= 0; k--) {
      assertTrue(c.undoClick());
      assertEquals(before.get(k), c.currentProbabilities());
      assertEquals(k, c.clicks().size());
    }
  }
}
