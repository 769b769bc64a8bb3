package org.iseg.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.iseg.api.testing.SharedData;
import org.iseg.models.checkpoint.IsegCheckpoint;
import org.iseg.models.checkpoint.TensorData;
import org.iseg.models.checkpoint.TorchCheckpoint;
import org.iseg.models.nn.StateDictMismatchException;
import org.iseg.models.nn.StateDicts;
import org.iseg.models.zoo.ModelFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading RITM weights by name, refusing what does not fit, and our own save/load round trip. */
class CheckpointImportTest {

  private static TorchCheckpoint golden(String name) {
    return TorchCheckpoint.read(SharedData.golden("ritm-models/" + name + "/checkpoint.pth"));
  }

  @Test
  void everyRitmTensorMapsOneToOneExceptBatchNormCounters() {
    TorchCheckpoint ckpt = golden("hrnet18s_itermask");
    try (IisNetwork net = IisNetworks.fromRitmCheckpoint(ckpt)) {
      Map<String, ?> params = IisNetworks.parameters(net);
      List<String> ours = List.copyOf(params.keySet());
      List<String> theirs = ckpt.stateDict().keySet().stream().filter(k -> !k.endsWith("num_batches_tracked")).toList();
      assertEquals(theirs, ours, "same names in the same order as RITM's state_dict()");
      // And the values arrived: spot-check a running variance and a convolution weight.
      for (String name : List.of("feature_extractor.stage3.2.fuse_layers.2.0.0.1.running_var",
          "feature_extractor.ocr_distri_head.conv_bn_dropout.0.weight", "maps_transform.3.scale")) {
        assertArrayEquals(ckpt.tensor(name).values(), IisNetworks.parameters(net).get(name).getArray().toFloatArray());
      }
    }
  }

  @Test
  void checkpointOfAnotherArchitectureIsRefusedNamingTensorsAndShapes() {
    TorchCheckpoint h18 = golden("hrnet18_itermask");
    try (IisNetwork h18s = IisNetworks.create(NetworkConfig.ritm("hrnet18s"))) {
      StateDictMismatchException e = assertThrows(StateDictMismatchException.class,
          () -> IisNetworks.loadStateDict(h18s, h18.stateDict(), h18.file().toString()));
      assertTrue(e.getMessage().contains("hrnet18_itermask/checkpoint.pth"), e.getMessage());
      // hrnet18 has 4 blocks per branch where hrnet18s has 2, and OCR width 64 instead of 48.
      assertTrue(e.unexpected().contains("feature_extractor.layer1.3.conv1.weight"), e.unexpected().toString());
      assertTrue(e.shapeMismatches().stream().anyMatch(s -> s.startsWith("feature_extractor.conv3x3_ocr.0.weight: "
          + "checkpoint has [128, 270, 3, 3], network expects [96, 270, 3, 3]")), e.shapeMismatches().toString());
      assertTrue(e.missing().isEmpty(), e.missing().toString());
    }
  }

  @Test
  void missingTensorsAreListedByNameAndNothingIsLoaded() {
    TorchCheckpoint ckpt = golden("hrnet18s_itermask");
    Map<String, TensorData> partial = new LinkedHashMap<>(ckpt.stateDict());
    partial.remove("feature_extractor.bn1.running_mean");
    partial.remove("maps_transform.3.scale");
    try (IisNetwork net = IisNetworks.create(NetworkConfig.ritm("hrnet18s"))) {
      float[] before = IisNetworks.parameters(net).get("feature_extractor.conv1.weight").getArray().toFloatArray();
      StateDictMismatchException e = assertThrows(StateDictMismatchException.class,
          () -> IisNetworks.loadStateDict(net, partial, "partial.pth"));
      assertEquals(List.of("maps_transform.3.scale", "feature_extractor.bn1.running_mean"), e.missing());
      assertTrue(e.getMessage().contains("partial.pth") && e.getMessage().contains("2 missing"), e.getMessage());
      assertArrayEquals(before, IisNetworks.parameters(net).get("feature_extractor.conv1.weight").getArray()
          .toFloatArray(), "a refused state dict changes nothing");
    }
  }

  @Test
  void wrongInputChannelCountSaysWhatWasExpected() {
    try (IisNetwork net = IisNetworks.create(NetworkConfig.ritm("hrnet18s"));
        NDManager m = net.manager().newSubManager()) {
      NDArray rgba = m.zeros(new Shape(1, 4, 32, 32));
      NDArray prev = m.zeros(new Shape(1, 1, 32, 32));
      NDArray points = m.create(new float[] {1, 1, 0, -1, -1, -1}, new Shape(1, 2, 3));
      var e = assertThrows(IllegalArgumentException.class, () -> net.forward(rgba, Optional.of(prev), points));
      assertTrue(e.getMessage().contains("N x 3 x H x W") && e.getMessage().contains("(1, 4, 32, 32)"),
          e.getMessage());
      var e2 = assertThrows(IllegalArgumentException.class,
          () -> net.forward(m.zeros(new Shape(1, 3, 32, 32)), Optional.empty(), points));
      assertTrue(e2.getMessage().contains("previous mask"), e2.getMessage());
      var e3 = assertThrows(IllegalArgumentException.class,
          () -> net.forward(m.zeros(new Shape(1, 3, 32, 32)), Optional.of(prev), m.zeros(new Shape(1, 3, 3))));
      assertTrue(e3.getMessage().contains("B x 2N x 3"), e3.getMessage());
    }
  }

  @Test
  void unsupportedRitmConfigNamesTheOption() {
    Map<String, Object> config = Map.of("class", "isegm.model.is_hrnet_model.HRNetModel",
        "params", Map.of("width", Map.of("value", 18L), "use_rgb_conv", Map.of("value", true)));
    var e = assertThrows(IllegalArgumentException.class, () -> IisNetworks.fromRitmConfig(config));
    assertTrue(e.getMessage().contains("use_rgb_conv"), e.getMessage());
    var e2 = assertThrows(IllegalArgumentException.class,
        () -> IisNetworks.fromRitmConfig(Map.of("class", "isegm.model.is_deeplab_model.DeeplabModel",
            "params", Map.of("backbone", Map.of("value", "resnet50"), "use_rgb_conv", Map.of("value", false)))));
    assertTrue(e2.getMessage().contains("DeeplabModel(backbone=resnet50"), e2.getMessage());
    var e3 = assertThrows(IllegalArgumentException.class,
        () -> IisNetworks.fromRitmConfig(Map.of("class", "isegm.model.is_segformer_model.SegformerModel")));
    assertTrue(e3.getMessage().contains("SegformerModel") && e3.getMessage().contains("HRNetModel"), e3.getMessage());
  }

  @Test
  void savedNetworkLoadsBackIdentically(@TempDir Path dir) throws Exception {
    try (IisNetwork net = IisNetworks.fromRitmCheckpoint(golden("hrnet18s_itermask"))) {
      ModelFiles.save(net, dir);
      try (IisNetwork back = ModelFiles.load(dir)) {
        assertEquals(net.config(), back.config());
        Map<String, float[]> a = StateDicts.values(net.block());
        Map<String, float[]> b = StateDicts.values(back.block());
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) {
          assertArrayEquals(a.get(k), b.get(k), k);
        }
      }
    }
    Files.writeString(dir.resolve(ModelFiles.CONFIG_FILE), "{\"backbone\": \"hrnet18s\", \"colour\": 1}");
    var e = assertThrows(IllegalArgumentException.class, () -> ModelFiles.load(dir));
    assertTrue(e.getMessage().contains("network.json") && e.getMessage().contains("colour"), e.getMessage());
  }

  @Test
  void singleFileCheckpointsLoadBackIdentically(@TempDir Path dir) throws Exception {
    TorchCheckpoint ritm = golden("hrnet18s_itermask");
    try (IisNetwork net = IisNetworks.fromRitmCheckpoint(ritm)) {
      Map<String, float[]> expected = StateDicts.values(net.block());
      // Our own single file: the NetworkConfig rides in the safetensors metadata.
      Path own = dir.resolve("h18s.safetensors");
      ModelFiles.save(net, own);
      assertTrue(Files.isRegularFile(own), "one file, not a folder");
      // A RITM checkpoint converted as it is: its RITM config rides along instead.
      Path converted = dir.resolve("converted.safetensors");
      IsegCheckpoint.write(converted, ritm.stateDict(), ritm.config());
      for (Path file : List.of(own, converted)) {
        try (IisNetwork back = ModelFiles.load(file)) {
          assertEquals(net.config(), back.config(), file.toString());
          Map<String, float[]> actual = StateDicts.values(back.block());
          assertEquals(expected.keySet(), actual.keySet());
          for (String k : expected.keySet()) {
            assertArrayEquals(expected.get(k), actual.get(k), file + ": " + k);
          }
        }
      }
      // Tensors without any network config cannot become a network; the message names the file and the fix.
      Path bare = dir.resolve("bare.safetensors");
      IsegCheckpoint.write(bare, ritm.stateDict(), Map.of());
      var e = assertThrows(IllegalArgumentException.class, () -> ModelFiles.load(bare));
      assertTrue(e.getMessage().contains("bare.safetensors") && e.getMessage().contains("ModelFiles.save"),
          e.getMessage());
    }
  }
}
