package org.iseg.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.Parameter;
import java.util.List;
import java.util.Map;
import org.iseg.api.spi.UnknownNameException;
import org.iseg.models.backbones.BackboneProvider;
import org.iseg.models.fusion.Fusion;
import org.junit.jupiter.api.Test;

/** Architecture checks against the parameter counts of RITM's own configurations (golden/README.md). */
class NetworkArchitectureTest {

  private static long count(NetworkConfig config) {
    try (IisNetwork net = IisNetworks.create(config)) {
      return net.parameterCount();
    }
  }

  @Test
  void hrnet18sItermHasRitmsParameterCount() {
    assertEquals(4_220_047L, count(NetworkConfig.ritm("hrnet18s")));
  }

  @Test
  void hrnet18ItermHasRitmsParameterCount() {
    assertEquals(10_032_019L, count(NetworkConfig.ritm("hrnet18")));
  }

  @Test
  void hrnet32ItermHasRitmsParameterCount() {
    assertEquals(30_951_363L, count(NetworkConfig.ritm("hrnet32")));
  }

  @Test
  void hrnet18WithoutPreviousMaskHasRitmsParameterCount() {
    // RITM's hrnet18_ocr64 non-iterative models: maps_transform's first conv takes 2 channels, not 3 (16 fewer).
    assertEquals(10_032_003L, count(NetworkConfig.builder("hrnet18").withPrevMask(false).build()));
  }

  @Test
  void earlyFusionWidensOnlyTheFirstConvolution() {
    long intermediate = count(NetworkConfig.ritm("hrnet18s"));
    long early = count(NetworkConfig.builder("hrnet18s").fusion(Fusion.EARLY).build());
    // maps_transform: 3*16+16 + 16*64*9+64 + 1 = 9,345 values; early fusion adds 3 input channels to conv1 (64*3*9).
    assertEquals(intermediate - 9_345 + 64 * 3 * 9, early);
  }

  @Test
  void parametersCarryRitmNames() {
    try (IisNetwork net = IisNetworks.create(NetworkConfig.ritm("hrnet18s"))) {
      Map<String, Parameter> p = IisNetworks.parameters(net);
      List<String> names = List.copyOf(p.keySet());
      assertEquals("maps_transform.0.weight", names.get(0));
      assertTrue(p.containsKey("maps_transform.3.scale"));
      assertTrue(p.containsKey("feature_extractor.stage4.1.fuse_layers.3.0.2.0.weight"));
      assertTrue(p.containsKey("feature_extractor.transition2.2.0.1.running_var"));
      assertTrue(p.containsKey("feature_extractor.ocr_distri_head.object_context_block.f_pixel.3.0.weight"));
      assertTrue(p.containsKey("feature_extractor.aux_head.3.bias"));
      assertEquals(new ai.djl.ndarray.types.Shape(64, 3, 3, 3),
          p.get("feature_extractor.conv1.weight").getShape());
    }
  }

  @Test
  void unknownBackboneNameListsTheKnownOnes() {
    UnknownNameException e = assertThrows(UnknownNameException.class,
        () -> IisNetworks.create(NetworkConfig.ritm("hrnet99")));
    assertTrue(e.getMessage().contains("hrnet18s") && e.getMessage().contains("hrnet32"), e.getMessage());
    assertEquals(List.of("hrnet18", "hrnet18s", "hrnet32"), BackboneProvider.registry().names());
  }
}
