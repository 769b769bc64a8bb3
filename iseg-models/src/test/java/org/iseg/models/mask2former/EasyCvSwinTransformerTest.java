package org.iseg.models.mask2former;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.iseg.models.checkpoint.TensorData;
import org.iseg.models.checkpoint.TorchCheckpoint;
import org.iseg.models.nn.NativeCheck;
import org.iseg.models.nn.StateDicts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our Swin port against EasyCV's own {@code SwinTransformer} run on a small seeded model ({@code swin/}, see its
 * README): the state dict loads key for key, the stored {@code relative_position_index} equals ours, and the four
 * stage outputs match EasyCV's float64 ones on a 2-image batch whose sizes pad the patch embedding, the windows and
 * the patch merging; the real Swin-T/B configurations have EasyCV's parameter counts and Swin-T its key list.
 */
class EasyCvSwinTransformerTest {
  private static final Mask2FormerConfig.Swin SMALL = new Mask2FormerConfig.Swin(4, 6, List.of(2, 2, 2, 2),
      List.of(1, 2, 2, 4), 7, 4.0, true, Optional.empty());
  static final Mask2FormerConfig.Swin SWIN_T = new Mask2FormerConfig.Swin(4, 96, List.of(2, 2, 6, 2),
      List.of(3, 6, 12, 24), 7, 4.0, true, Optional.empty());
  private static final Mask2FormerConfig.Swin SWIN_B = new Mask2FormerConfig.Swin(4, 128, List.of(2, 2, 18, 2),
      List.of(4, 8, 16, 32), 12, 4.0, true, Optional.empty());

  private static Path resource(String name) {
    try {
      return Path.of(EasyCvSwinTransformerTest.class.getResource("/org/iseg/models/swin/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long parameters(EasyCvSwinTransformer swin) {
    return StateDicts.parameters(swin).entrySet().stream().filter(e -> !EasyCvSwinTransformer.isBuffer(e.getKey()))
        .mapToLong(e -> e.getValue().getShape().size()).sum();
  }

  /** {@code swin-param-counts.txt}: name, parameters, state-dict tensors, as EasyCV's module counted them. */
  private static long[] easyCvCounts(String prefix) throws Exception {
    for (String line : Files.readAllLines(resource("swin-param-counts.txt"))) {
      String[] f = line.split("\t");
      if (f[0].startsWith(prefix)) {
        return new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])};
      }
    }
    throw new IllegalStateException(prefix + " not in swin-param-counts.txt");
  }

  @Test
  void swinTAndSwinBHaveEasyCvsParameterCounts() throws Exception {
    EasyCvSwinTransformer t = new EasyCvSwinTransformer(SWIN_T);
    assertArrayEquals(easyCvCounts("swin-t"), new long[] {parameters(t), StateDicts.parameters(t).size()});
    EasyCvSwinTransformer b = new EasyCvSwinTransformer(SWIN_B);
    assertArrayEquals(easyCvCounts("swin-b"), new long[] {parameters(b), StateDicts.parameters(b).size()});
  }

  @Test
  void swinTMapsEveryStateDictKeyWithItsShape() throws Exception {
    List<String> expected = new ArrayList<>();
    for (String line : Files.readAllLines(resource("swin-t-state-dict-keys.txt"))) {
      String[] f = line.split("\t");
      expected.add(f[0] + " " + f[1].replace(" ", ""));
    }
    List<String> ours = new ArrayList<>();
    StateDicts.parameters(new EasyCvSwinTransformer(SWIN_T)).forEach((name, p) ->
        ours.add(name + " " + Arrays.toString(p.getShape().getShape()).replace(" ", "")));
    assertEquals(189, expected.size());
    assertEquals(new TreeSet<>(expected), new TreeSet<>(ours));
  }

  @Test
  void storedRelativePositionIndexIsOurs() {
    TorchCheckpoint ckpt = TorchCheckpoint.read(resource("swin-small.pth"));
    int[] ours = EasyCvSwinTransformer.relativePositionIndex(7);
    for (String name : ckpt.stateDict().keySet()) {
      if (EasyCvSwinTransformer.isBuffer(name)) {
        long[] stored = ckpt.integerValues(name).orElseThrow();
        assertArrayEquals(Arrays.stream(ours).asLongStream().toArray(), stored, name);
      }
    }
  }

  @Test
  void shiftMaskSeparatesTheRegionsTheCyclicShiftJoins() {
    // 14 x 14 map, window 7, shift 3: the top-left window is one region (all 0); the bottom-left one (window 2)
    // holds rows 7..10 and 11..13 of the shifted map, two regions, so its tokens (0, 0) and (6, 0) may not attend
    // to each other while (0, 0) and (3, 0) may
    float[] m = EasyCvSwinTransformer.shiftMask(14, 14, 7, 3);
    int n = 49;
    assertEquals(4 * n * n, m.length);
    for (int i = 0; i < n * n; i++) {
      assertEquals(0f, m[i]);
    }
    assertEquals(-100f, m[2 * n * n + 6 * 7]);
    assertEquals(0f, m[2 * n * n + 3 * 7]);
    // rolling by -3 then +3 is the identity and moves element 0 to the end
    try (NDManager mgr = NDManager.newBaseManager()) {
      NDArray x = mgr.arange(10f);
      assertArrayEquals(new float[] {3, 4, 5, 6, 7, 8, 9, 0, 1, 2}, EasyCvSwinTransformer.roll(x, -3, 0).toFloatArray());
      assertArrayEquals(x.toFloatArray(), EasyCvSwinTransformer.roll(EasyCvSwinTransformer.roll(x, -3, 0), 3, 0)
          .toFloatArray());
    }
  }

  /**
   * The golden tiny Mask2Former head on the small Swin (EasyCV's seeded weights, the head random): the network runs a
   * batch of two, and each image's outputs equal its own forward.
   */
  @Test
  void mask2FormerOnSwinRunsABatchLikeSingleImages() {
    NativeCheck.requireSoundFloat32();
    Map<String, Object> cfgMap = Mask2FormerConfigTest.swinTConfig();
    @SuppressWarnings("unchecked")
    Map<String, Object> model = (Map<String, Object>) cfgMap.get("model");
    @SuppressWarnings("unchecked")
    Map<String, Object> backbone = (Map<String, Object>) model.get("backbone");
    backbone.put("embed_dim", 6L);
    backbone.put("depths", List.of(2L, 2L, 2L, 2L));
    backbone.put("num_heads", List.of(1L, 2L, 2L, 4L));
    @SuppressWarnings("unchecked")
    Map<String, Object> head = (Map<String, Object>) model.get("head");
    @SuppressWarnings("unchecked")
    Map<String, Object> pd = (Map<String, Object>) head.get("pixel_decoder");
    pd.put("input_channel", List.of(6L, 12L, 24L, 48L));
    Mask2FormerNetwork net = new Mask2FormerNetwork(Mask2FormerConfig.fromEasyCv(cfgMap, "swin-small"));
    Map<String, TensorData> weights = new java.util.LinkedHashMap<>();
    TorchCheckpoint.read(resource("swin-small.pth")).stateDict().forEach((k, v) -> weights.put("backbone." + k, v));
    java.util.Random random = new java.util.Random(0);
    try (NDManager params = Engine.getEngine("PyTorch").newBaseManager();
        NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      StateDicts.parameters(net).forEach((name, p) -> {
        if (!weights.containsKey(name)) {
          float[] v = new float[(int) p.getShape().size()];
          for (int i = 0; i < v.length; i++) {
            v[i] = (float) (random.nextGaussian() * 0.2);
          }
          weights.put(name, new TensorData(name, p.getShape().getShape(), v));
        }
      });
      StateDicts.load(net, weights, TensorData::shape, TensorData::values, params, "swin-small + random head");
      ParameterStore ps = new ParameterStore(params, false);
      float[] pixels = new float[2 * 3 * 64 * 96];
      for (int i = 0; i < pixels.length; i++) {
        pixels[i] = (float) random.nextGaussian();
      }
      NDArray batch = m.create(pixels, new ai.djl.ndarray.types.Shape(2, 3, 64, 96));
      Mask2FormerNetwork.Output both = net.predict(ps, batch, null);
      assertEquals(new ai.djl.ndarray.types.Shape(2, 20, 13), both.logits().getShape());
      assertEquals(new ai.djl.ndarray.types.Shape(2, 20, 16, 24), both.masks().getShape());
      for (int i = 0; i < 2; i++) {
        Mask2FormerNetwork.Output one = net.predict(ps, batch.get(i).expandDims(0), null);
        double dl = one.logits().sub(both.logits().get(i).expandDims(0)).abs().max().getFloat();
        double dm = one.masks().sub(both.masks().get(i).expandDims(0)).abs().max().getFloat();
        double scale = one.masks().abs().max().getFloat();
        System.out.printf(Locale.ROOT, "swin mask2former image %d: batch vs alone logits %.2e, masks %.2e (max %.2f)%n",
            i, dl, dm, scale);
        assertTrue(dl <= 1e-4 && dm <= 1e-5 * Math.max(1, scale), "image " + i + ": " + dl + " / " + dm);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"float32", "float64"})
  void stageOutputsEqualEasyCvs(String precision) throws Exception {
    NativeCheck.requireSoundFloat32();
    DataType type = precision.equals("float64") ? DataType.FLOAT64 : DataType.FLOAT32;
    EasyCvSwinTransformer swin = new EasyCvSwinTransformer(SMALL);
    Map<String, TensorData> weights = TorchCheckpoint.read(resource("swin-small.pth")).stateDict();
    try (NDManager params = Engine.getEngine("PyTorch").newBaseManager();
        NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      StateDicts.load(swin, weights, TensorData::shape, TensorData::values, params, "swin-small.pth");
      if (type == DataType.FLOAT64) {
        for (Parameter p : StateDicts.parameters(swin).values()) {
          p.getArray().intern(p.getArray().toType(DataType.FLOAT64, false));
        }
      }
      NDList io;
      try (InputStream in = Files.newInputStream(resource("swin-small-io.npz"))) {
        io = NDList.decode(m, in);
      } catch (java.io.IOException e) {
        throw new UncheckedIOException(e);
      }
      int held = params.getManagedArrays().size();
      NDList out = swin.forward(new ParameterStore(params, false), new NDList(io.get("input").toType(type, false)),
          false);
      assertEquals(held, params.getManagedArrays().size(), "arrays left in the parameters' manager by a forward");
      assertEquals(4, out.size());
      for (int i = 0; i < 4; i++) {
        NDArray ref = io.get("out" + i);
        assertEquals(ref.getShape(), out.get(i).getShape(), "stage " + i);
        double maxRef = ref.abs().max().getDouble();
        double diff = out.get(i).toType(DataType.FLOAT64, false).sub(ref).abs().max().getDouble();
        System.out.printf(Locale.ROOT, "swin %s stage %d: max|ours - EasyCV| %.3g (max |value| %.3g)%n", precision,
            i, diff, maxRef);
        // float64: rounding only (a wrong index, mask, shift or merge order moves outputs by O(1));
        // float32: our float32 rounding against EasyCV's exact-ish float64
        assertTrue(diff <= (type == DataType.FLOAT64 ? 1e-10 : 1e-5) * maxRef, "stage " + i + ": " + diff);
      }
    }
  }
}
