package org.iseg.models.backbones;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.Optional;
import org.iseg.api.testing.SharedData;
import org.iseg.models.IisNetwork;
import org.iseg.models.IisNetworks;
import org.iseg.models.NetOutput;
import org.iseg.models.NetworkConfig;
import org.iseg.models.fusion.Fusion;
import org.iseg.models.fusion.IisNetBlock;
import org.iseg.models.tfjs.TfjsModel;
import org.junit.jupiter.api.Test;

/** The {@code mobilenetv2} backbone inside RITM's ITER-M network: any image size, both fusions, pretrained load. */
class MobileNetV2BackboneTest {
  private static NetOutput run(IisNetwork net, NDManager m, int h, int w) {
    return net.forward(m.randomUniform(0f, 1f, new Shape(1, 3, h, w)), Optional.of(m.zeros(new Shape(1, 1, h, w))),
        m.create(new float[] {h / 2f, w / 2f, 0, -1, -1, -1}, new Shape(1, 2, 3)));
  }

  @Test
  void itermNetworkRunsAtSizesThatAreNoMultipleOf32() {
    for (Fusion fusion : Fusion.values()) {
      try (IisNetwork net = IisNetworks.create(NetworkConfig.builder("mobilenetv2").fusion(fusion).build());
          NDManager m = net.manager().newSubManager()) {
        NetOutput out = run(net, m, 71, 100);
        assertEquals(new Shape(1, 1, 71, 100), out.instances().getShape(), fusion.name());
        assertEquals(new Shape(1, 1, 71, 100), out.instancesAux().orElseThrow().getShape(), fusion.name());
        for (float v : out.instances().toFloatArray()) {
          assertTrue(Float.isFinite(v), fusion + " gave a non-finite logit");
        }
      }
    }
  }

  @Test
  void pretrainedWeightsReachTheEncoderAndExtraInputChannelsStartAtZero() {
    Path nsfwjs = SharedData.golden("mobilenetv2-tfjs/nsfwjs-4.4.0");
    float[] hwio = TfjsModel.read(nsfwjs).weight("Conv1/kernel").values(); // [3, 3, 3, 32]
    try (IisNetwork net = IisNetworks.create(NetworkConfig.builder("mobilenetv2").fusion(Fusion.EARLY).build())) {
      Backbone backbone = ((IisNetBlock) net.block()).backbone();
      backbone.loadPretrained(nsfwjs, net.manager());
      NDArray conv1 = IisNetworks.parameters(net).get("feature_extractor.encoder.Conv1.weight").getArray();
      assertArrayEquals(new long[] {32, 6, 3, 3}, conv1.getShape().getShape()); // RGB + previous mask + 2 click maps
      float[] oihw = conv1.toFloatArray();
      for (int o = 0; o < 32; o++) {
        for (int i = 0; i < 6; i++) {
          for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 3; x++) {
              float expected = i < 3 ? hwio[((y * 3 + x) * 3 + i) * 32 + o] : 0f;
              assertEquals(expected, oihw[((o * 6 + i) * 3 + y) * 3 + x]);
            }
          }
        }
      }
      try (NDManager m = net.manager().newSubManager()) {
        assertEquals(new Shape(1, 1, 64, 96), run(net, m, 64, 96).instances().getShape());
      }
    }
  }

  @Test
  void backbonesWithoutAPretrainedFormatSaySo() {
    Backbone hrnet = BackboneProvider.registry().get("hrnet18s").create(BackboneConfig.rgb());
    var e = assertThrows(UnsupportedOperationException.class, () -> hrnet.loadPretrained(Path.of("x"), null));
    assertTrue(e.getMessage().contains("mobilenetv2"), e.getMessage());
  }
}
