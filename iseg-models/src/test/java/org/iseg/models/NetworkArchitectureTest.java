package org.iseg.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.Optional;
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
  void resnet34DeeplabHasRitmsParameterCount() {
    // RITM's r34_dh128 non-iterative models: DeeplabModel('resnet34', deeplab_ch=128, aspp_dropout=0.2).
    assertEquals(23_350_930L, count(NetworkConfig.builder("resnet34").withPrevMask(false).build()));
  }

  @Test
  void deeplabStateDictNamesFollowRitm() {
    try (IisNetwork net = IisNetworks.create(NetworkConfig.builder("resnet34").withPrevMask(false).build())) {
      Map<String, Parameter> p = IisNetworks.parameters(net);
      assertTrue(p.containsKey("feature_extractor.backbone.layer4.0.downsample.1.running_mean"));
      assertTrue(p.containsKey("feature_extractor.backbone.layer2.0.downsample.0.weight"));
      assertTrue(p.containsKey("feature_extractor.aspp.concurent.4.gap.1.weight"));
      assertTrue(p.containsKey("feature_extractor.aspp.project.0.weight"));
      assertTrue(p.containsKey("feature_extractor.head.block.1.body.0.weight"));
      assertTrue(p.containsKey("feature_extractor.skip_project.skip_project.1.running_var"));
      assertTrue(p.containsKey("head.layers.2.bias"));
      assertEquals(new ai.djl.ndarray.types.Shape(128, 1, 3, 3),
          p.get("feature_extractor.head.block.1.body.0.weight").getShape());
    }
  }

  @Test
  void ritmDeeplabConfigBuildsAResnet34NetworkThatRuns() {
    Map<String, Object> params = Map.of("backbone", Map.of("value", "resnet34"), "deeplab_ch", Map.of("value", 128L),
        "aspp_dropout", Map.of("value", 0.2), "use_leaky_relu", Map.of("value", true),
        "use_rgb_conv", Map.of("value", false), "use_disks", Map.of("value", true), "norm_radius", Map.of("value", 5L),
        "with_prev_mask", Map.of("value", true));
    try (IisNetwork net = IisNetworks.fromRitmConfig(
            Map.of("class", "isegm.model.is_deeplab_model.DeeplabModel", "params", params));
        NDManager m = net.manager().newSubManager()) {
      assertEquals("resnet34", net.config().backbone());
      NetOutput out = net.forward(m.randomUniform(0f, 1f, new Shape(1, 3, 64, 80)), Optional.of(m.zeros(
          new Shape(1, 1, 64, 80))), m.create(new float[] {10, 20, 0, -1, -1, -1}, new Shape(1, 2, 3)));
      assertEquals(new Shape(1, 1, 64, 80), out.instances().getShape());
      assertTrue(out.instancesAux().isEmpty());
    }
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
    assertEquals(List.of("hrnet18", "hrnet18s", "hrnet32", "resnet34"), BackboneProvider.registry().names());
  }
}
