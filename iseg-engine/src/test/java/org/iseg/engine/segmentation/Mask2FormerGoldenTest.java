package org.iseg.engine.segmentation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
    System.out.print(compare("davis", r, DAVIS_INSTANCE_BOUNDARY, DAVIS_PANOPTIC_TIES, DAVIS_SEMANTIC_TIES));
  }

  /** Compares every task's output with the golden; returns a report line. */
  static String compare(String key, SegmentationResult r, int maskAllowance, int panopticAllowance,
      int semanticAllowance) {
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
    assertEquals(new TreeSet<>(expectedIndex.keySet()), ours, key + ": instance (query/label) set");
    assertTrue(worstScore <= 1e-4, key + ": instance score off by " + worstScore);

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
    assertEquals(goldLabels, ourLabels, key + ": panoptic segments (descending id order)");

    long[] expectedSem = golden.get(key + ".semantic").toLongArray();
    int semPixels = 0;
    for (int p = 0; p < expectedSem.length; p++) {
      if (expectedSem[p] != r.semantic().orElseThrow()[p]) {
        semPixels++;
      }
    }
    String report = String.format(Locale.ROOT, "%s: %d instances, score max|d| %.2e, boxes differing %d, instance-mask pixels "
        + "differing %d; panoptic pixels differing %d; semantic pixels differing %d%n", key, instances.size(),
        worstScore, boxDiffs, maskPixels, panPixels, semPixels);
    assertTrue(maskPixels <= maskAllowance, report);
    assertTrue(panPixels <= panopticAllowance, report);
    assertTrue(semPixels <= semanticAllowance, report);
    if (maskPixels == 0) {
      assertEquals(0, boxDiffs, report);
    }
    return report;
  }
}
