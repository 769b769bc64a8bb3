package org.iseg.engine.segmentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.iseg.api.Image;
import org.iseg.api.Mask;
import org.iseg.api.testing.SharedData;
import org.iseg.models.mask2former.Mask2FormerConfig;
import org.iseg.models.mask2former.Mask2FormerModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link Mask2FormerPredictor} against EasyCV's {@code Mask2formerPredictor} on the golden's two real images
 * ({@code predictor-outputs.npz}): the test pipeline bit for bit, the post-processing from EasyCV's own head outputs,
 * and the whole path. Pixel allowances are the golden README's counts of pixels at a decision boundary.
 */
class Mask2FormerGoldenTest {
  /** Instance-mask pixels of davis with |logit| < 1e-4 (golden README). */
  private static final int DAVIS_INSTANCE_BOUNDARY = 145;
  /** Panoptic pixels of davis whose two best prob x sigmoid differ by < 1e-6. */
  private static final int DAVIS_PANOPTIC_TIES = 9;
  /** Semantic pixels of davis whose two best class sums differ by < 1e-6. */
  private static final int DAVIS_SEMANTIC_TIES = 5;
  /** Instance-mask pixels of bsds with |logit| < 1e-4. */
  private static final int BSDS_INSTANCE_BOUNDARY = 62;
  /** Instance-mask pixels the post-processing alone flips on davis (measured 3; README: boundary pixels). */
  private static final int DAVIS_POSTPROCESS_FLIPS = 3;
  /** Panoptic and semantic pixels: "a few dozen boundary pixels per image" (README), taken as 30. */
  private static final int AROUND_BOUNDARY = 30;

  private static NDManager manager;
  private static NDList golden;
  private static Mask2FormerConfig config;

  @BeforeAll
  static void read() throws Exception {
    Path dir = SharedData.golden("mask2former");
    manager = Engine.getEngine("PyTorch").newBaseManager();
    try (InputStream in = Files.newInputStream(dir.resolve("predictor-outputs.npz"))) {
      golden = NDList.decode(manager, in);
    }
    try (Mask2FormerModel model = Mask2FormerModel.load(dir.resolve("checkpoint.pth"))) {
      config = model.config();
    }
  }

  @AfterAll
  static void close() {
    if (manager != null) {
      manager.close();
    }
  }

  static Path checkpoint() {
    return SharedData.golden("mask2former/checkpoint.pth");
  }

  /** The decoded image (uint8 BGR in the golden) as an RGB image. */
  static Image image(String key) {
    NDArray bgr = golden.get(key + ".img_bgr");
    int h = (int) bgr.getShape().get(0);
    int w = (int) bgr.getShape().get(1);
    byte[] b = bgr.toByteArray();
    byte[] rgb = new byte[b.length];
    for (int i = 0; i < h * w; i++) {
      rgb[3 * i] = b[3 * i + 2];
      rgb[3 * i + 1] = b[3 * i + 1];
      rgb[3 * i + 2] = b[3 * i];
    }
    return Image.of(h, w, rgb);
  }

  @Test
  void testPipelineReproducesEasyCvInputBitForBit() {
    for (String key : List.of("davis", "bsds")) {
      MmcvTestPipeline.Result r = MmcvTestPipeline.apply(image(key), config.pipeline());
      float[] expected = golden.get(key + ".input").toFloatArray();
      assertEquals(expected.length, r.chw().length, key);
      int differ = 0;
      for (int i = 0; i < expected.length; i++) {
        if (Float.floatToIntBits(expected[i]) != Float.floatToIntBits(r.chw()[i])) {
          differ++;
        }
      }
      System.out.printf(Locale.ROOT, "%s: input %dx%d, %d of %d values differ%n", key, r.padHeight(), r.padWidth(),
          differ, expected.length);
      assertEquals(0, differ, key + ": values differing from EasyCV's input");
    }
  }

  @Test
  void postprocessingFromEasyCvHeadOutputsReproducesDavis() {
    float[] logits = golden.get("davis.pred_logits").toFloatArray();
    NDArray masks = golden.get("davis.pred_masks");
    MmcvTestPipeline.Result meta = new MmcvTestPipeline.Result(new float[0], 768, 1344, 749, 1333, 480, 854);
    SegmentationResult r = Mask2FormerPostprocess.run(config, Set.of(SegmentationTask.values()), logits,
        masks.toFloatArray(), 20, 192, 336, meta);
    compare("davis", r, DAVIS_INSTANCE_BOUNDARY, DAVIS_PANOPTIC_TIES, DAVIS_SEMANTIC_TIES);
    // encode=True: each instance's RLE is pycocotools' encoding of EasyCV's mask (SegmentationResultTest proves the
    // encoder against pycocotools' strings); only instances with a flipped boundary pixel may differ
    long[] queries = golden.get("davis.instance.query").toLongArray();
    long[] labels = golden.get("davis.instance.labels").toLongArray();
    NDArray goldMasks = golden.get("davis.instance.masks");
    int same = 0;
    for (SegmentationResult.Instance inst : r.instances().orElseThrow()) {
      assertEquals(inst.mask(), inst.rle().decode());
      for (int i = 0; i < queries.length; i++) {
        if (queries[i] == inst.query() && labels[i] == inst.label()) {
          Mask gold = Mask.of(480, 854, goldMasks.get(i).toBooleanArray());
          same += SegmentationResult.Rle.encode(gold).equals(inst.rle()) ? 1 : 0;
        }
      }
    }
    System.out.println("davis: " + same + " of " + queries.length + " instance RLEs equal EasyCV's masks' encoding");
    assertTrue(same >= queries.length - DAVIS_POSTPROCESS_FLIPS, same + " of " + queries.length);
  }

  /**
   * The whole path in float64: the network then carries no rounding of ours, only EasyCV's float32 noise remains, and
   * both images match within the README's tolerances.
   */
  @Test
  void predictorInFloat64ReproducesEasyCvEndToEnd() {
    try (Mask2FormerPredictor predictor = new Mask2FormerPredictor(
        Mask2FormerModel.load(checkpoint(), DataType.FLOAT64), Set.of(SegmentationTask.values()))) {
      compare("davis", timed(predictor, "davis"), DAVIS_INSTANCE_BOUNDARY, AROUND_BOUNDARY, AROUND_BOUNDARY);
      compare("bsds", timed(predictor, "bsds"), BSDS_INSTANCE_BOUNDARY, AROUND_BOUNDARY, AROUND_BOUNDARY);
    }
  }

  /**
   * The whole path in float32. bsds matches within the README's tolerances. On davis our float32 rounding (different
   * convolution kernels: ~2-4x EasyCV's 1- vs 2-thread difference at every stage) moves the decoder's first attention
   * mask logit of query 9 at pixel 652 of the stride-32 level from EasyCV's side of 0 to the other (ours -5.9e-5,
   * float64 +4.9e-5, EasyCV's smallest |logit| 6.6e-5): one pixel that query may no longer attend to. Flipping that one
   * decision by hand brought the logits to 3.2e-5 of EasyCV's; as it is they differ by up to 1.2e-2, scores by 4.7e-4
   * and some hundred mask pixels flip. The discrete results that do not sit near a threshold still agree: the
   * instance set, every box and the panoptic segments.
   */
  @Test
  void predictorInFloat32ReproducesEasyCvEndToEnd() {
    try (Mask2FormerPredictor predictor = new Mask2FormerPredictor(Mask2FormerModel.load(checkpoint()),
        Set.of(SegmentationTask.values()))) {
      compare("bsds", timed(predictor, "bsds"), BSDS_INSTANCE_BOUNDARY, AROUND_BOUNDARY, AROUND_BOUNDARY);
      SegmentationResult davis = timed(predictor, "davis");
      Comparison c = comparison("davis", davis);
      System.out.print(c.report());
      assertEquals(Set.of(), c.missing(), "davis: instances EasyCV has and we lack");
      assertEquals(Set.of(), c.extra(), "davis: instances we have and EasyCV lacks");
      assertEquals(0, c.boxDiffs(), "davis: boxes differing");
      assertEquals(c.goldLabels(), c.ourLabels(), "davis: panoptic segments");
    }
  }

  /**
   * A batch of three: davis and davis mirrored (one padded size: one 2 x 3 x 768 x 1344 forward) and bsds (its own
   * batch). In float64 every result equals the image's own {@link Mask2FormerPredictor#predict(Image)} up to float64
   * rounding, and davis and bsds still match EasyCV's.
   */
  @Test
  void batchOfImagesEqualsOneByOne() {
    Image davis = image("davis");
    Image mirrored = mirror(davis);
    Image bsds = image("bsds");
    try (Mask2FormerPredictor predictor = new Mask2FormerPredictor(
        Mask2FormerModel.load(checkpoint(), DataType.FLOAT64), Set.of(SegmentationTask.values()))) {
      long t0 = System.nanoTime();
      List<SegmentationResult> batch = predictor.predict(List.of(davis, bsds, mirrored));
      System.out.printf(Locale.ROOT, "batch of 3: %.2f s%n", (System.nanoTime() - t0) / 1e9);
      assertEquals(3, batch.size());
      List<Image> images = List.of(davis, bsds, mirrored);
      for (int i = 0; i < 3; i++) {
        SegmentationResult single = predictor.predict(images.get(i));
        String report = sameResult(single, batch.get(i));
        System.out.println("image " + i + " batch vs alone: " + report);
      }
      compare("davis", batch.get(0), DAVIS_INSTANCE_BOUNDARY, AROUND_BOUNDARY, AROUND_BOUNDARY);
      compare("bsds", batch.get(1), BSDS_INSTANCE_BOUNDARY, AROUND_BOUNDARY, AROUND_BOUNDARY);
      // the mirrored image is another image: its results are its own, not davis's
      assertTrue(!java.util.Arrays.equals(batch.get(0).semantic().orElseThrow(), batch.get(2).semantic().orElseThrow()));
    }
  }

  private static Image mirror(Image image) {
    int h = image.height();
    int w = image.width();
    byte[] out = new byte[h * w * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int c = 0; c < 3; c++) {
          out[3 * (y * w + x) + c] = (byte) image.channel(y, w - 1 - x, c);
        }
      }
    }
    return Image.of(h, w, out);
  }

  /** Asserts that two results of the same image agree (same instances, scores within 1e-6, identical maps). */
  private static String sameResult(SegmentationResult a, SegmentationResult b) {
    List<SegmentationResult.Instance> ia = a.instances().orElseThrow();
    List<SegmentationResult.Instance> ib = b.instances().orElseThrow();
    assertEquals(ia.size(), ib.size(), "instances");
    double worst = 0;
    int maskPixels = 0;
    for (int i = 0; i < ia.size(); i++) {
      assertEquals(ia.get(i).query() + "/" + ia.get(i).label(), ib.get(i).query() + "/" + ib.get(i).label());
      worst = Math.max(worst, Math.abs(ia.get(i).score() - ib.get(i).score()));
      assertTrue(java.util.Arrays.equals(ia.get(i).box(), ib.get(i).box()), "box of instance " + i);
      for (int p = 0; p < a.height() * a.width(); p++) {
        if (ia.get(i).mask().isObject(p / a.width(), p % a.width())
            != ib.get(i).mask().isObject(p / a.width(), p % a.width())) {
          maskPixels++;
        }
      }
    }
    int pan = 0;
    int sem = 0;
    for (int p = 0; p < a.height() * a.width(); p++) {
      pan += a.panoptic().orElseThrow().ids()[p] != b.panoptic().orElseThrow().ids()[p] ? 1 : 0;
      sem += a.semantic().orElseThrow()[p] != b.semantic().orElseThrow()[p] ? 1 : 0;
    }
    String report = String.format(Locale.ROOT, "%d instances, score max|d| %.2e, mask / panoptic / semantic pixels "
        + "differing %d / %d / %d", ia.size(), worst, maskPixels, pan, sem);
    assertTrue(worst <= 1e-6 && maskPixels == 0 && pan == 0 && sem == 0, report);
    return report;
  }

  private static SegmentationResult timed(Mask2FormerPredictor predictor, String key) {
    long t0 = System.nanoTime();
    SegmentationResult r = predictor.predict(image(key));
    System.out.printf(Locale.ROOT, "%s %s: predict %.2f s%n", predictor.precision(), key,
        (System.nanoTime() - t0) / 1e9);
    return r;
  }

  /** What {@link #comparison} found. */
  record Comparison(String report, Set<String> missing, Set<String> extra, double worstScore, int boxDiffs,
      int maskPixels, int panPixels, int semPixels, List<Long> goldLabels, List<Long> ourLabels) {}

  /** Compares every task's output with the golden and asserts the README's tolerances; returns the report. */
  static String compare(String key, SegmentationResult r, int maskAllowance, int panopticAllowance,
      int semanticAllowance) {
    Comparison c = comparison(key, r);
    System.out.print(c.report());
    assertEquals(Set.of(), c.missing(), key + ": instances (query/label) EasyCV has and we lack");
    assertEquals(Set.of(), c.extra(), key + ": instances (query/label) we have and EasyCV lacks");
    assertTrue(c.worstScore() <= 1e-4, key + ": instance score off by " + c.worstScore());
    assertTrue(c.maskPixels() <= maskAllowance, c.report());
    assertEquals(c.goldLabels(), c.ourLabels(), key + ": panoptic segments (descending id order)");
    assertTrue(c.panPixels() <= panopticAllowance, c.report());
    assertTrue(c.semPixels() <= semanticAllowance, c.report());
    if (c.maskPixels() == 0) {
      assertEquals(0, c.boxDiffs(), c.report());
    }
    return c.report();
  }

  static Comparison comparison(String key, SegmentationResult r) {
    // instance: the same (query, label) set, boxes equal, scores within 1e-4, masks equal up to boundary pixels
    long[] queries = golden.get(key + ".instance.query").toLongArray();
    long[] labels = golden.get(key + ".instance.labels").toLongArray();
    float[] boxes = golden.get(key + ".instance.boxes").toFloatArray();
    float[] scores = golden.get(key + ".instance.scores").toFloatArray();
    NDArray masks = golden.get(key + ".instance.masks");
    int h = r.height();
    int w = r.width();
    Map<String, Integer> expectedIndex = new HashMap<>();
    for (int i = 0; i < queries.length; i++) {
      expectedIndex.put(queries[i] + "/" + labels[i], i);
    }
    Set<String> ours = new TreeSet<>();
    List<SegmentationResult.Instance> instances = r.instances().orElseThrow();
    double worstScore = 0;
    int maskPixels = 0;
    int boxDiffs = 0;
    for (SegmentationResult.Instance inst : instances) {
      String k = inst.query() + "/" + inst.label();
      ours.add(k);
      Integer i = expectedIndex.get(k);
      if (i == null) {
        continue;
      }
      worstScore = Math.max(worstScore, Math.abs(inst.score() - scores[i]));
      float[] box = java.util.Arrays.copyOfRange(boxes, 4 * i, 4 * i + 4);
      if (!java.util.Arrays.equals(box, inst.box())) {
        boxDiffs++;
      }
      boolean[] expected = masks.get(i).toBooleanArray();
      Mask m = inst.mask();
      for (int p = 0; p < h * w; p++) {
        if (expected[p] != m.isObject(p / w, p % w)) {
          maskPixels++;
        }
      }
    }
    Set<String> missing = new TreeSet<>(expectedIndex.keySet());
    missing.removeAll(ours);
    Set<String> extra = new TreeSet<>(ours);
    extra.removeAll(expectedIndex.keySet());

    SegmentationResult.Panoptic pan = r.panoptic().orElseThrow();
    int[] expectedPan = golden.get(key + ".panoptic").toIntArray();
    int panPixels = 0;
    for (int p = 0; p < expectedPan.length; p++) {
      if (expectedPan[p] != pan.ids()[p]) {
        panPixels++;
      }
    }
    long[] expectedIds = golden.get(key + ".processor.panoptic.labels_ids").toLongArray();
    List<Long> ourLabels = new ArrayList<>();
    for (SegmentationResult.Segment s : pan.segments()) {
      ourLabels.add((long) s.label());
    }
    List<Long> goldLabels = new ArrayList<>();
    for (long id : expectedIds) {
      goldLabels.add(id);
    }

    long[] expectedSem = golden.get(key + ".semantic").toLongArray();
    int semPixels = 0;
    for (int p = 0; p < expectedSem.length; p++) {
      if (expectedSem[p] != r.semantic().orElseThrow()[p]) {
        semPixels++;
      }
    }
    String report = String.format(Locale.ROOT, "%s: %d instances, score max|d| %.2e, boxes differing %d, "
        + "instance-mask pixels differing %d; panoptic pixels differing %d; semantic pixels differing %d; instances "
        + "missing %s, extra %s%n", key, instances.size(), worstScore, boxDiffs, maskPixels, panPixels, semPixels,
        missing, extra);
    return new Comparison(report, missing, extra, worstScore, boxDiffs, maskPixels, panPixels, semPixels, goldLabels,
        ourLabels);
  }
}
