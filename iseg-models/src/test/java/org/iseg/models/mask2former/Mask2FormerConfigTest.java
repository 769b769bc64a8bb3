package org.iseg.models.mask2former;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.Parameter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.iseg.api.testing.SharedData;
import org.iseg.models.checkpoint.CheckpointException;
import org.iseg.models.checkpoint.TorchCheckpoint;
import org.iseg.models.nn.StateDicts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The importer builds EasyCV's real R50 configurations with EasyCV's parameter counts and state-dict names
 * ({@code param-counts.json}, {@code r50-instance-state-dict-keys.txt}), reads the tiny config's settings, and refuses
 * files it cannot build with messages that name the file.
 */
class Mask2FormerConfigTest {

  /** The golden checkpoint's config as mutable maps and lists. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> goldenConfig() {
    return (Map<String, Object>) mutable(TorchCheckpoint.read(SharedData.golden("mask2former/checkpoint.pth")).config());
  }

  private static Object mutable(Object o) {
    if (o instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), mutable(v)));
      return out;
    }
    if (o instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(v -> out.add(mutable(v)));
      return out;
    }
    return o;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> at(Map<String, Object> m, String... path) {
    Map<String, Object> cur = m;
    for (String p : path) {
      cur = (Map<String, Object>) cur.get(p);
    }
    return cur;
  }

  /** The golden config turned into EasyCV's {@code mask2former_r50_*} model (the R50 head and backbone). */
  static Map<String, Object> r50Config(int things, int stuff) {
    Map<String, Object> cfg = goldenConfig();
    Map<String, Object> backbone = at(cfg, "model", "backbone");
    backbone.remove("stem_channels");
    backbone.remove("original_inplanes");
    Map<String, Object> pd = at(cfg, "model", "head", "pixel_decoder");
    pd.put("input_channel", List.of(256L, 512L, 1024L, 2048L));
    pd.put("transformer_nheads", 8L);
    pd.put("transformer_dim_feedforward", 1024L);
    pd.put("transformer_enc_layers", 6L);
    pd.put("conv_dim", 256L);
    pd.put("mask_dim", 256L);
    Map<String, Object> td = at(cfg, "model", "head", "transformer_decoder");
    td.put("in_channels", 256L);
    td.put("num_classes", (long) (things + stuff));
    td.put("hidden_dim", 256L);
    td.put("num_queries", 100L);
    td.put("nheads", 8L);
    td.put("dim_feedforward", 2048L);
    td.put("dec_layers", 9L);
    td.put("mask_dim", 256L);
    at(cfg, "model", "head").put("num_things_classes", (long) things);
    at(cfg, "model", "head").put("num_stuff_classes", (long) stuff);
    return cfg;
  }

  @ParameterizedTest
  @CsvSource({
      // config, things, stuff, parameters, backbone, pixel decoder, transformer decoder (golden README)
      "instance, 80, 0, 44023377, 23508032, 6035904, 14479441",
      "panoptic, 80, 53, 44036998, 23508032, 6035904, 14493062",
      "semantic, 150, 0, 44041367, 23508032, 6035904, 14497431"})
  void realR50ConfigsHaveEasyCvsParameterCounts(String name, int things, int stuff, long total, long backbone,
      long pixelDecoder, long decoder) {
    Mask2FormerNetwork net = new Mask2FormerNetwork(Mask2FormerConfig.fromEasyCv(r50Config(things, stuff), name));
    assertEquals(backbone, net.parameterCount("backbone."), name);
    assertEquals(pixelDecoder, net.parameterCount("head.pixel_decoder."), name);
    assertEquals(decoder, net.parameterCount("head.predictor."), name);
    assertEquals(total, net.parameterCount(), name);
  }

  @Test
  void realInstanceConfigMapsEveryStateDictKey() throws Exception {
    List<String> expected = new ArrayList<>();
    for (String line : Files.readAllLines(SharedData.golden("mask2former/r50-instance-state-dict-keys.txt"))) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      String[] f = line.split("\t");
      if (f[0].endsWith(".num_batches_tracked") || f[0].startsWith("criterion.")) {
        continue;   // buffers the loader skips (BatchNorm's counter, SetCriterion's class weights)
      }
      expected.add(f[0] + " " + f[1].replace(" ", ""));
    }
    Mask2FormerNetwork net = new Mask2FormerNetwork(Mask2FormerConfig.fromEasyCv(r50Config(80, 0), "instance"));
    List<String> ours = new ArrayList<>();
    for (Map.Entry<String, Parameter> e : StateDicts.parameters(net).entrySet()) {
      ours.add(e.getKey() + " " + Arrays.toString(e.getValue().getShape().getShape()).replace(" ", ""));
    }
    assertEquals(557, expected.size());
    assertEquals(new java.util.TreeSet<>(expected), new java.util.TreeSet<>(ours));
  }

  @Test
  void tinyConfigIsReadFromTheCheckpoint() {
    Mask2FormerConfig cfg = Mask2FormerConfig.fromEasyCv(goldenConfig(), "golden");
    assertEquals(8, ((Mask2FormerConfig.ResNet) cfg.backbone()).stemChannels());
    assertEquals(List.of(32, 64, 128, 256), cfg.pixelDecoder().inputChannel());
    assertEquals(1, cfg.pixelDecoder().numFpnLevels());
    assertEquals(3, cfg.decoder().decLayers());
    assertTrue(cfg.test().panopticOn() && cfg.test().instanceOn() && cfg.test().semanticOn());
    assertEquals(0.8, cfg.test().objectMaskThr());
    assertEquals(1333, cfg.pipeline().scaleLong());
    assertEquals(800, cfg.pipeline().scaleShort());
    assertEquals(32, cfg.pipeline().sizeDivisor());
    assertEquals(12, cfg.palette().size());
    assertEquals(List.of(220, 20, 60), Arrays.stream(cfg.palette().get(0)).boxed().toList());
  }

  @Test
  void aConfigTheImporterCannotBuildIsNamed() {
    Map<String, Object> cfg = goldenConfig();
    at(cfg, "model", "backbone").put("type", "VisionTransformer");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Mask2FormerConfig.fromEasyCv(cfg, "vit_export.pth"));
    assertTrue(e.getMessage().contains("vit_export.pth") && e.getMessage().contains("model.backbone.type"),
        e.getMessage());
    Map<String, Object> ape = swinTConfig();
    at(ape, "model", "backbone").put("ape", true);
    e = assertThrows(IllegalArgumentException.class, () -> Mask2FormerConfig.fromEasyCv(ape, "swin_ape.pth"));
    assertTrue(e.getMessage().contains("swin_ape.pth") && e.getMessage().contains("ape"), e.getMessage());
  }

  /** The golden config with EasyCV's Swin-T as backbone (its four stages into the pixel decoder). */
  static Map<String, Object> swinTConfig() {
    Map<String, Object> cfg = goldenConfig();
    Map<String, Object> backbone = new LinkedHashMap<>();
    backbone.put("type", "SwinTransformer");
    backbone.put("embed_dim", 96L);
    backbone.put("depths", List.of(2L, 2L, 6L, 2L));
    backbone.put("num_heads", List.of(3L, 6L, 12L, 24L));
    backbone.put("window_size", 7L);
    backbone.put("drop_path_rate", 0.3);
    backbone.put("out_indices", List.of(0L, 1L, 2L, 3L));
    at(cfg, "model").put("backbone", backbone);
    at(cfg, "model", "head", "pixel_decoder").put("input_channel", List.of(96L, 192L, 384L, 768L));
    return cfg;
  }

  @Test
  void swinTConfigBuildsEasyCvsSwinT() throws Exception {
    Mask2FormerConfig cfg = Mask2FormerConfig.fromEasyCv(swinTConfig(), "swin-t");
    assertEquals(EasyCvSwinTransformerTest.SWIN_T, cfg.backbone());
    Mask2FormerNetwork net = new Mask2FormerNetwork(cfg);
    // EasyCV's SwinTransformer(embed_dim=96, depths=[2, 2, 6, 2], ...) counted 27,520,698 (swin/README.md)
    assertEquals(27_520_698L, net.parameterCount("backbone."));
    java.util.Set<String> backboneKeys = new java.util.TreeSet<>();
    StateDicts.parameters(net).keySet().stream().filter(k -> k.startsWith("backbone."))
        .forEach(k -> backboneKeys.add(k.substring("backbone.".length())));
    java.util.Set<String> easyCv = new java.util.TreeSet<>();
    try (java.io.InputStream in = getClass().getResourceAsStream("/org/iseg/models/swin/swin-t-state-dict-keys.txt")) {
      for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
        easyCv.add(line.split("\t")[0]);
      }
    }
    assertEquals(easyCv, backboneKeys);
  }

  @Test
  void aRitmCheckpointIsRefusedByName() {
    Path ritm = SharedData.golden("ritm-models/hrnet18s_itermask/checkpoint.pth");
    CheckpointException e = assertThrows(CheckpointException.class, () -> Mask2FormerModel.load(ritm));
    assertTrue(e.getMessage().contains(ritm.toString()) && e.getMessage().contains("RITM"), e.getMessage());
  }

  @Test
  void aRandomFileIsRefusedByName(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("notes.pth");
    Files.writeString(file, "not a checkpoint");
    CheckpointException e = assertThrows(CheckpointException.class, () -> Mask2FormerModel.load(file));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
  }
}
