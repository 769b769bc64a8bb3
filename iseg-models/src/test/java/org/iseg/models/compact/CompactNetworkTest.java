package org.iseg.models.compact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.iseg.api.Click;
import org.iseg.api.Image;
import org.iseg.api.ProbabilityMap;
import org.iseg.models.DjlIisModel;
import org.iseg.models.IisNetwork;
import org.iseg.models.IisNetworks;
import org.iseg.models.NetworkConfig;
import org.iseg.models.external.IisInput;
import org.iseg.models.external.IisTranslatorFactory;
import org.iseg.models.nn.StateDicts;
import org.iseg.models.zoo.ModelFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The compact network (and the default network, which is one) saved, loaded and run like any other network. */
class CompactNetworkTest {
  @TempDir Path dir;

  /** Logits of {@code net} for a random 1 x 3 x h x w image, previous mask and two clicks. */
  private static float[] logits(IisNetwork net, int h, int w, long seed) {
    Random r = new Random(seed);
    try (NDManager m = net.manager().newSubManager()) {
      float[] image = new float[3 * h * w];
      float[] prev = new float[h * w];
      for (int i = 0; i < image.length; i++) {
        image[i] = r.nextFloat();
      }
      for (int i = 0; i < prev.length; i++) {
        prev[i] = r.nextFloat();
      }
      NDArray points = m.create(new float[] {h / 3f, w / 2f, 0, -1, -1, -1, h - 1, w - 1, 1, -1, -1, -1},
          new Shape(1, 4, 3));
      float[] out = net.forward(m.create(image, new Shape(1, 3, h, w)),
          Optional.of(m.create(prev, new Shape(1, 1, h, w))), points).instances().toFloatArray();
      for (float v : out) {
        assertTrue(Float.isFinite(v), "finite logits (equal NaNs would make the comparisons vacuous)");
      }
      return out;
    }
  }

  private static int parameterArrays(Block block) {
    int n = block.getDirectParameters().size();
    for (var child : block.getChildren()) {
      n += parameterArrays(child.getValue());
    }
    return n;
  }

  @Test
  void theDefaultNetworkIsACompactNetworkWithUniquelyNamedParameters() {
    try (IisNetwork net = DefaultNetwork.load()) {
      assertEquals(CompactNetworkProvider.config(CompactIisNet.Width.DEFAULT, 256), net.config());
      // DJL's SequentialBlock names siblings after their class; the state dict must still name every array
      assertEquals(parameterArrays(net.block()), StateDicts.parameters(net.block()).size());
      assertTrue(StateDicts.parameters(net.block()).containsKey("enc1.1.0.weight"));
      // inputs run at the working size: longer side 256, both sides multiples of 16
      assertEquals(176 * 256, logits(net, 300, 450, 1).length);
    }
  }

  @Test
  void folderAndSafetensorsRoundTripsGiveBitIdenticalLogits() throws Exception {
    try (IisNetwork net = DefaultNetwork.load()) {
      float[] expected = logits(net, 120, 200, 2);
      for (Path target : List.of(dir.resolve("folder"), dir.resolve("one.safetensors"))) {
        ModelFiles.save(net, target);
        try (IisNetwork back = ModelFiles.load(target)) {
          assertEquals(net.config(), back.config());
          assertArrayEquals(expected, logits(back, 120, 200, 2), target.toString());
        }
      }
    }
  }

  @Test
  void aTrainedBlockBecomesANetworkWithTheSameParameters() {
    try (IisNetwork trained = DefaultNetwork.load();
        IisNetwork copy = IisNetworks.withParametersOf(trained.config(), trained.block())) {
      assertArrayEquals(logits(trained, 64, 96, 3), logits(copy, 64, 96, 3));
      for (var e : StateDicts.parameters(trained.block()).entrySet()) {
        Parameter p = StateDicts.parameters(copy.block()).get(e.getKey());
        assertArrayEquals(e.getValue().getArray().toFloatArray(), p.getArray().toFloatArray(), e.getKey());
      }
    }
  }

  @Test
  void djlCriteriaAndDjlIisModelAnswerAtTheImageSize() throws Exception {
    Path folder = dir.resolve("tiny");
    try (IisNetwork net = IisNetworks.create(CompactNetworkProvider.config(CompactIisNet.Width.TINY, 64))) {
      ModelFiles.save(net, folder);
    }
    Image image = Image.filled(50, 70, 200, 40, 40);
    List<Click> pcs = List.of(Click.positive(25, 35, 0));
    ProbabilityMap direct;
    try (DjlIisModel model = new DjlIisModel("tiny", ModelFiles.load(folder))) {
      direct = model.predict(image, model.initialZ(image), pcs, List.of()).y();
      assertEquals(50, direct.height());
      assertEquals(70, direct.width());
    }
    Criteria<IisInput, ProbabilityMap> criteria = Criteria.builder().setTypes(IisInput.class, ProbabilityMap.class)
        .optModelPath(folder).optTranslatorFactory(new IisTranslatorFactory()).build();
    try (ZooModel<IisInput, ProbabilityMap> zoo = criteria.loadModel();
        Predictor<IisInput, ProbabilityMap> predictor = zoo.newPredictor()) {
      ProbabilityMap viaDjl = predictor.predict(IisInput.of(image, pcs, List.of()));
      assertArrayEquals(direct.toArray(), viaDjl.toArray(), 1e-6f);
    }
  }

  @Test
  void aConfigThatIsNotCompactFailsNamingTheFix() {
    NetworkConfig noPrev = CompactNetworkProvider.config(CompactIisNet.Width.TINY, 64).toBuilder()
        .withPrevMask(false).build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IisNetworks.create(noPrev));
    assertTrue(e.getMessage().contains("CompactNetworkProvider.config"), e.getMessage());
    NetworkConfig badWidths = NetworkConfig.builder("compact-1-2").network("compact").build();
    e = assertThrows(IllegalArgumentException.class, () -> IisNetworks.create(badWidths));
    assertTrue(e.getMessage().contains("compact-1-2"), e.getMessage());
    NetworkConfig unknown = NetworkConfig.builder("hrnet18s").network("nope").build();
    e = assertThrows(IllegalArgumentException.class, () -> IisNetworks.create(unknown));
    assertTrue(e.getMessage().contains("nope") && e.getMessage().contains("compact"), e.getMessage());
  }
}
