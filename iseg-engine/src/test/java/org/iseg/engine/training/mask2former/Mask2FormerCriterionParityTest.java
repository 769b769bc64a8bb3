package org.iseg.engine.training.mask2former;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.iseg.api.testing.SharedData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * EasyCV's {@code SetCriterion} + {@code MaskHungarianMatcher} on the golden tiny model's predictions
 * ({@code golden/mask2former/criterion.npz}, net-io.npz), with EasyCV's random points injected.
 */
class Mask2FormerCriterionParityTest {
  private static final String[] LAYERS = {"final", "aux.0", "aux.1", "aux.2"};
  private static final double TOL = 1e-5;

  private static NDManager manager;
  static NDList golden;
  private static NDList netIo;
  private static Mask2FormerLosses losses;
  private static float total;
  private static List<NDArray> leaves;
  private static List<float[]> gradients;

  @BeforeAll
  static void run() throws IOException {
    Path criterion = SharedData.golden("mask2former/criterion.npz");
    manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
    golden = decode(criterion);
    netIo = decode(SharedData.golden("mask2former/net-io.npz"));
    Result r = compute(Mask2FormerCriterion.easyCv(12));
    losses = r.losses;
    total = r.total;
    leaves = r.leaves;
    gradients = r.gradients;
  }

  @AfterAll
  static void close() {
    if (manager != null) {
      manager.close();
    }
  }

  private record Result(Mask2FormerLosses losses, float total, List<NDArray> leaves, List<float[]> gradients) {}

  /** Runs the criterion on the golden predictions with EasyCV's draws injected, and back-propagates. */
  static Result compute(Mask2FormerCriterion criterion) {
    List<MaskSetPrediction> predictions = new ArrayList<>();
    List<NDArray> leaf = new ArrayList<>();
    for (String layer : LAYERS) {
      String prefix = layer.equals("final") ? "" : layer + ".";
      NDArray logits = netIo.get(prefix + "pred_logits").duplicate();
      NDArray masks = netIo.get(prefix + "pred_masks").duplicate();
      logits.setRequiresGradient(true);
      masks.setRequiresGradient(true);
      leaf.add(logits);
      leaf.add(masks);
      predictions.add(new MaskSetPrediction(logits, masks));
    }
    try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
      Mask2FormerLosses out = criterion.compute(predictions, List.of(target()), goldenDraws());
      NDArray sum = out.total();
      // A collection between forward and backward frees every Java buffer nothing references any more: an array
      // autograd saved on one (DJL's div(Number) did that with the class loss's normaliser) then reads freed memory.
      collectGarbage();
      gc.backward(sum);
      List<float[]> grads = new ArrayList<>();
      for (NDArray a : leaf) {
        grads.add(a.getGradient().toFloatArray());
      }
      return new Result(out, sum.getFloat(), leaf, grads);
    }
  }

  /** Runs the garbage collector until direct buffers without references are freed (their cleaners run). */
  static void collectGarbage() {
    for (int i = 0; i < 4; i++) {
      System.gc();
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  static MaskSetTarget target() {
    NDArray masks = golden.get("targets.masks");
    int[] labels = Arrays.stream(golden.get("targets.labels").toLongArray()).mapToInt(l -> (int) l).toArray();
    return new MaskSetTarget(
        labels,
        masks.toType(DataType.FLOAT32, false).toFloatArray(),
        (int) masks.getShape().get(1),
        (int) masks.getShape().get(2));
  }

  /** EasyCV's torch.rand draws, in its order: per prediction the matcher's, the candidates, the random points. */
  static PointDraws goldenDraws() {
    Deque<NDArray> queue = new ArrayDeque<>();
    for (String layer : LAYERS) {
      queue.add(golden.get(layer + ".matcher.point_coords"));
      queue.add(golden.get(layer + ".loss.oversampled_coords"));
      queue.add(golden.get(layer + ".loss.random_coords"));
    }
    return (groups, points) -> {
      NDArray next = queue.poll();
      assertTrue(next != null, "more draws than EasyCV made");
      assertArrayEquals(new long[] {groups, points, 2}, next.getShape().getShape(), "draw " + next.getName());
      return next.toFloatArray();
    };
  }

  private static NDList decode(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return NDList.decode(manager, in);
    }
  }

  @Test
  void matchedIndicesPerLayerEqualEasyCv() {
    for (int l = 0; l < LAYERS.length; l++) {
      long[] expected = golden.get(LAYERS[l] + ".indices").toLongArray();
      MaskMatching m = losses.layers().get(l).matchings().get(0);
      int n = expected.length / 2;
      assertEquals(n, m.size(), LAYERS[l]);
      for (int i = 0; i < n; i++) {
        assertEquals(expected[i], m.queries()[i], LAYERS[l] + " query " + i);
        assertEquals(expected[n + i], m.targets()[i], LAYERS[l] + " target " + i);
      }
    }
  }

  @Test
  void costMatricesMatchEasyCv() {
    for (int l = 0; l < LAYERS.length; l++) {
      MaskMatching m = losses.layers().get(l).matchings().get(0);
      String p = LAYERS[l] + ".matcher.";
      assertClose(golden.get(p + "cost_class").toFloatArray(), flat(m.classCost()), TOL, p + "cost_class");
      assertClose(golden.get(p + "cost_mask").toFloatArray(), flat(m.maskCost()), TOL, p + "cost_mask");
      assertClose(golden.get(p + "cost_dice").toFloatArray(), flat(m.diceCost()), TOL, p + "cost_dice");
      assertClose(golden.get(p + "cost").toFloatArray(), flat(m.cost()), TOL, p + "cost");
    }
  }

  @Test
  void importanceSamplingKeepsEasyCvsCandidates() {
    for (int l = 0; l < LAYERS.length; l++) {
      NDArray expected = golden.get(LAYERS[l] + ".loss.uncertain_idx");
      int masks = (int) expected.getShape().get(0);
      int k = (int) expected.getShape().get(1);
      int[] all = expected.toIntArray();
      int[][] ours = losses.layers().get(l).uncertainIndex();
      assertEquals(masks, ours.length, LAYERS[l]);
      for (int i = 0; i < masks; i++) {
        int[] e = Arrays.copyOfRange(all, i * k, (i + 1) * k);
        int[] o = ours[i].clone();
        Arrays.sort(e);
        Arrays.sort(o);
        assertArrayEquals(e, o, LAYERS[l] + " mask " + i + ": top-k set");
      }
    }
  }

  @Test
  void pointLabelsAndLogitsOfTheFinalPredictionMatchEasyCv() {
    // Candidates with equal uncertainty may come in another order than torch.topk's: put ours in EasyCV's order.
    Mask2FormerLayerLoss last = losses.layers().get(0);
    NDArray idx = golden.get("final.loss.uncertain_idx");
    int masks = (int) idx.getShape().get(0);
    int k = (int) idx.getShape().get(1);
    int points = last.pointLabels().length / masks;
    int[] theirs = idx.toIntArray();
    int[] order = new int[masks * points];
    for (int i = 0; i < masks; i++) {
      int[] position = new int[37662];
      Arrays.fill(position, -1);
      for (int j = 0; j < k; j++) {
        position[last.uncertainIndex()[i][j]] = j;
      }
      for (int j = 0; j < points; j++) {
        order[i * points + j] = i * points + (j < k ? position[theirs[i * k + j]] : j);
      }
    }
    float[] labels = last.pointLabels();
    float[] logits = last.pointLogits().toFloatArray();
    float[] labelsInOrder = new float[order.length];
    double[] logitsInOrder = new double[order.length];
    for (int j = 0; j < order.length; j++) {
      labelsInOrder[j] = labels[order[j]];
      logitsInOrder[j] = logits[order[j]];
    }
    assertArrayEquals(golden.get("final.loss.point_labels").toFloatArray(), labelsInOrder, "point labels");
    assertClose(golden.get("final.loss.point_logits").toFloatArray(), logitsInOrder, TOL, "point logits");
  }

  @Test
  void everyLossTermPerLayerMatchesEasyCv() {
    float[] raw = golden.get("losses.raw").toFloatArray();
    float[] weighted = golden.get("losses.weighted").toFloatArray();
    assertEquals(golden.get("num_masks").getFloat(), losses.numMasks());
    Map<String, NDArray> ours = losses.weighted();
    String[] names = {"loss_ce", "loss_mask", "loss_dice"};
    for (int l = 0; l < LAYERS.length; l++) {
      Mask2FormerLayerLoss layer = losses.layers().get(l);
      float[] mine = {layer.classLoss().getFloat(), layer.maskLoss().getFloat(), layer.diceLoss().getFloat()};
      for (int c = 0; c < 3; c++) {
        float e = raw[l * 3 + c];
        System.out.printf("%s %s: %.9g vs EasyCV %.9g (relative %.2g)%n", LAYERS[l], names[c], mine[c], e, Math.abs(mine[c] - e) / e);
        assertEquals(e, mine[c], TOL * Math.abs(e), LAYERS[l] + " raw " + names[c]);
        String key = names[c] + layer.suffix();
        float ew = weighted[l * 3 + c];
        assertEquals(ew, ours.get(key).getFloat(), TOL * Math.abs(ew), key);
      }
    }
    float expected = golden.get("loss_total").getFloat();
    System.out.printf("loss_total: %.9g vs EasyCV %.9g%n", total, expected);
    assertEquals(expected, total, TOL * Math.abs(expected), "loss_total");
  }

  @Test
  void gradientsOfTheTotalMatchEasyCv() {
    // leaves: final logits, final masks, aux.0 logits, aux.0 masks, ...; the golden has final and aux.0.
    for (int l = 0; l < 2; l++) {
      String p = LAYERS[l] + ".grad.";
      assertClose(golden.get(p + "pred_logits").toFloatArray(), toDouble(gradients.get(2 * l)), 1e-5, p + "pred_logits");
      assertClose(golden.get(p + "pred_masks").toFloatArray(), toDouble(gradients.get(2 * l + 1)), 2e-4, p + "pred_masks");
    }
    // Unmatched queries get no mask gradient; every prediction gets one.
    for (int l = 0; l < LAYERS.length; l++) {
      float[] g = gradients.get(2 * l + 1);
      int plane = 56 * 96;
      MaskMatching m = losses.layers().get(l).matchings().get(0);
      for (int q = 0; q < 20; q++) {
        final int query = q;
        boolean isMatched = Arrays.stream(m.queries()).anyMatch(x -> x == query);
        double norm = 0;
        for (int i = q * plane; i < (q + 1) * plane; i++) {
          norm += Math.abs(g[i]);
        }
        assertEquals(isMatched, norm > 0, LAYERS[l] + " query " + q + " mask gradient");
      }
    }
  }

  @Test
  void noObjectWeightMatters() {
    // A criterion with no-object weight 1 (the mutation eos 0.1 -> 1.0) is far from EasyCV's loss_ce.
    try (NDManager sub = manager.newSubManager()) {
      Result r = compute(Mask2FormerCriterion.easyCv(12).withEosCoef(1.0));
      float e = golden.get("losses.raw").toFloatArray()[0];
      float mine = r.losses().layers().get(0).classLoss().getFloat();
      assertTrue(Math.abs(mine - e) > 100 * TOL * Math.abs(e), "eos 1.0 gave loss_ce " + mine + " vs " + e);
    }
  }

  private static double[] flat(double[][] m) {
    return Arrays.stream(m).flatMapToDouble(Arrays::stream).toArray();
  }

  private static double[] toDouble(float[] a) {
    double[] d = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      d[i] = a[i];
    }
    return d;
  }

  /** max |expected − actual| ≤ tol · max |expected|. */
  static double assertClose(float[] expected, double[] actual, double tol, String what) {
    assertEquals(expected.length, actual.length, what + " length");
    double max = 0;
    double diff = 0;
    for (int i = 0; i < expected.length; i++) {
      max = Math.max(max, Math.abs(expected[i]));
      diff = Math.max(diff, Math.abs(expected[i] - actual[i]));
    }
    System.out.printf("%s: max |diff| %.3g (relative to max %.3g)%n", what, diff, diff / max);
    assertTrue(diff <= tol * max, what + ": max |diff| " + diff + " > " + tol + " x " + max);
    return diff;
  }
}
