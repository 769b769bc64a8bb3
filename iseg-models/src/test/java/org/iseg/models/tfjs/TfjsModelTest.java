package org.iseg.models.tfjs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.iseg.api.testing.SharedData;
import org.iseg.models.checkpoint.TensorData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TfjsModelTest {
  @TempDir
  Path dir;

  /** float32 [2,3], uint8 [4], uint16 [3], float16 [4], int32 [2], in one group split over two shards. */
  private static final String MANIFEST = """
      [{"paths": ["group1-shard1of2.bin", "group1-shard2of2.bin"], "weights": [
        {"name": "dense/kernel", "shape": [2, 3], "dtype": "float32"},
        {"name": "bn/gamma", "shape": [4], "dtype": "float32",
         "quantization": {"dtype": "uint8", "min": -1.0, "scale": 0.1}},
        {"name": "bn/beta", "shape": [3], "dtype": "float32",
         "quantization": {"dtype": "uint16", "min": 0.5, "scale": 0.001}},
        {"name": "half/w", "shape": [2, 2], "dtype": "float32", "quantization": {"dtype": "float16"}},
        {"name": "step", "shape": [2], "dtype": "int32"}]}]""";

  private static byte[] shardBytes() {
    ByteBuffer b = ByteBuffer.allocate(6 * 4 + 4 + 3 * 2 + 4 * 2 + 2 * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : new float[] {1.5f, -2f, 0.25f, 3f, 1e-7f, -0f}) {
      b.putFloat(v);
    }
    b.put((byte) 0).put((byte) 10).put((byte) 255).put((byte) 128);
    b.putShort((short) 0).putShort((short) 1000).putShort((short) 65535);
    // float16 bits: 1.0, -2.0, 65504 (largest), 2^-24 (smallest subnormal)
    b.putShort((short) 0x3c00).putShort((short) 0xc000).putShort((short) 0x7bff).putShort((short) 0x0001);
    b.putInt(7).putInt(-3);
    return b.array();
  }

  private Path writeStandard() throws IOException {
    byte[] all = shardBytes();
    Files.write(dir.resolve("group1-shard1of2.bin"), Arrays.copyOfRange(all, 0, 13));
    Files.write(dir.resolve("group1-shard2of2.bin"), Arrays.copyOfRange(all, 13, all.length));
    Files.writeString(dir.resolve("model.json"), "{\"format\": \"layers-model\", \"modelTopology\": {\"name\": "
        + "\"fixture\"}, \"weightsManifest\": " + MANIFEST + "}");
    return dir.resolve("model.json");
  }

  @Test
  void readsStandardModelAndDequantizesAsTfjs() throws IOException {
    TfjsModel m = TfjsModel.read(writeStandard());
    assertEquals(List.of("dense/kernel", "bn/gamma", "bn/beta", "half/w", "step"), m.weights().keySet().asList());
    TensorData k = m.weight("dense/kernel");
    assertArrayEquals(new long[] {2, 3}, k.shape());
    assertArrayEquals(new float[] {1.5f, -2f, 0.25f, 3f, 1e-7f, -0f}, k.values());
    // w = min + scale * q in double, rounded once to float32, as TF.js's Float32Array.from does
    assertArrayEquals(new float[] {(float) -1.0, (float) (10 * 0.1 - 1.0), (float) (255 * 0.1 - 1.0),
        (float) (128 * 0.1 - 1.0)}, m.weight("bn/gamma").values());
    assertArrayEquals(new float[] {0.5f, (float) (1000 * 0.001 + 0.5), (float) (65535 * 0.001 + 0.5)},
        m.weight("bn/beta").values());
    assertArrayEquals(new float[] {1f, -2f, 65504f, 0x1p-24f}, m.weight("half/w").values());
    assertArrayEquals(new float[] {7f, -3f}, m.weight("step").values());
    assertEquals("fixture", m.topology().get("name").getAsString());
    assertEquals(m.weights(), TfjsModel.read(dir).weights());
  }

  @Test
  void readsBrowserifyWrappedModelAndShard() throws IOException {
    byte[] all = shardBytes();
    // the shape of nsfwjs's bundles: a UMD wrapper, then the module that assigns the data to a.exports
    String wrapper = "!function(e){if(\"object\"==typeof exports&&\"undefined\"!=typeof module)module.exports=e();"
        + "else{(\"undefined\"!=typeof window?window:this).model=e()}}(function(){return function e(a,n,i){var c="
        + "new Error(\"Cannot find module '\"+_+\"'\");return n}({1:[function(e,a,n){a.exports=%s},{}]},{},[1])(1)});";
    String literal = "{modelTopology:{keras_version:'2.2.4',config:{trainable:!1,center:!0,padding:[[0,1],[0,1]],"
        + "epsilon:.001,min:-.87,big:1e-5,none:null}},weightsManifest:"
        + MANIFEST.replace("\"group1-shard1of2.bin\", \"group1-shard2of2.bin\"", "\"group1-shard1of1\"") + "}";
    Files.writeString(dir.resolve("model.min.js"), String.format(wrapper, literal));
    Files.writeString(dir.resolve("group1-shard1of1.min.js"),
        String.format(wrapper.replace("a.exports", "h.exports"), "\"" + Base64.getEncoder().encodeToString(all) + "\""));
    TfjsModel m = TfjsModel.read(dir);
    assertEquals(dir.resolve("model.min.js"), m.file());
    assertArrayEquals(new float[] {1.5f, -2f, 0.25f, 3f, 1e-7f, -0f}, m.weight("dense/kernel").values());
    assertArrayEquals(new float[] {1f, -2f, 65504f, 0x1p-24f}, m.weight("half/w").values());
    var config = m.topology().getAsJsonObject("config");
    assertEquals(false, config.get("trainable").getAsBoolean());
    assertEquals(true, config.get("center").getAsBoolean());
    assertEquals(0.001, config.get("epsilon").getAsDouble());
    assertEquals(-0.87, config.get("min").getAsDouble());
    assertEquals(1e-5, config.get("big").getAsDouble());
    assertTrue(config.get("none").isJsonNull());
    assertEquals("[[0,1],[0,1]]", config.get("padding").toString());
  }

  @Test
  void missingShardNamesTheFileAndTheFix() throws IOException {
    writeStandard();
    Files.delete(dir.resolve("group1-shard2of2.bin"));
    var e = assertThrows(TfjsFormatException.class, () -> TfjsModel.read(dir));
    assertTrue(e.getMessage().contains("group1-shard2of2.bin") && e.getMessage().contains("model.json")
        && e.getMessage().contains("copy the model's shards"), e.getMessage());
  }

  @Test
  void byteCountMismatchNamesShardsAndCounts() throws IOException {
    writeStandard();
    Files.writeString(dir.resolve("model.json"), Files.readString(dir.resolve("model.json"))
        .replace("\"shape\": [2, 3]", "\"shape\": [3, 3]"));
    var e = assertThrows(TfjsFormatException.class, () -> TfjsModel.read(dir));
    assertTrue(e.getMessage().contains("group1-shard1of2.bin, group1-shard2of2.bin") && e.getMessage().contains(
        "hold 50 bytes") && e.getMessage().contains("need 62"), e.getMessage());
  }

  @Test
  void unknownDtypesAreRefusedByName() throws IOException {
    writeStandard();
    String json = Files.readString(dir.resolve("model.json"));
    Files.writeString(dir.resolve("model.json"), json.replace("\"name\": \"step\", \"shape\": [2], \"dtype\": "
        + "\"int32\"", "\"name\": \"step\", \"shape\": [2], \"dtype\": \"complex64\""));
    var e = assertThrows(TfjsFormatException.class, () -> TfjsModel.read(dir));
    assertTrue(e.getMessage().contains("'step'") && e.getMessage().contains("complex64"), e.getMessage());
    Files.writeString(dir.resolve("model.json"), json.replace("\"dtype\": \"uint16\"", "\"dtype\": \"int4\""));
    e = assertThrows(TfjsFormatException.class, () -> TfjsModel.read(dir));
    assertTrue(e.getMessage().contains("'bn/beta'") && e.getMessage().contains("int4"), e.getMessage());
  }

  @Test
  void wrappedFilesWithoutDataAreRefused() throws IOException {
    Files.writeString(dir.resolve("model.min.js"), "module.exports=function(){return window.model}");
    var e = assertThrows(TfjsFormatException.class, () -> TfjsModel.read(dir));
    assertTrue(e.getMessage().contains("model.min.js") && e.getMessage().contains("modelTopology"), e.getMessage());
    Files.writeString(dir.resolve("model.min.js"), "a.exports={modelTopology:{x:foo()}}");
    e = assertThrows(TfjsFormatException.class, () -> TfjsModel.read(dir));
    assertTrue(e.getMessage().contains("'foo' is not plain data"), e.getMessage());
    assertThrows(TfjsFormatException.class, () -> TfjsModel.read(dir.resolve("absent")));
  }

  /** nsfwjs 4.4.0's own bundle: TF.js's dequantized Conv1 kernel, bit for bit. */
  @Test
  void nsfwjsConv1KernelEqualsTfjs() throws IOException {
    TfjsModel m = TfjsModel.read(SharedData.golden("mobilenetv2-tfjs/nsfwjs-4.4.0"));
    assertEquals(266, m.weights().size());
    TensorData k = m.weight("Conv1/kernel");
    assertArrayEquals(new long[] {3, 3, 3, 32}, k.shape());
    float[] golden = Floats32.read(SharedData.golden("mobilenetv2-tfjs/Conv1_kernel.f32"));
    assertArrayEquals(golden, k.values());
    assertEquals(162, m.topology().getAsJsonObject("model_config").getAsJsonObject("config")
        .getAsJsonArray("layers").size());
  }
}
