package org.iseg.models.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.iseg.api.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IsegCheckpointTest {
  @TempDir Path dir;

  private static Map<String, TensorData> tensors() {
    Map<String, TensorData> m = new LinkedHashMap<>();
    m.put("z.weight", new TensorData("z.weight", new long[] {2, 3}, new float[] {1, -2, 3.5f, 0, Float.MIN_VALUE, 7}));
    m.put("a.bias", new TensorData("a.bias", new long[] {2}, new float[] {0.25f, -0.125f}));
    m.put("scalar", new TensorData("scalar", new long[] {}, new float[] {42}));
    m.put("empty", new TensorData("empty", new long[] {0, 5}, new float[0]));
    return m;
  }

  private static Map<String, Object> config() {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("width", Map.of("type", "builtin", "value", 18L, "specified", true));
    params.put("lr", 0.1);
    params.put("groups", Optional.empty());
    params.put("size", List.of(320L, 480L));
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("class", "isegm.model.is_hrnet_model.HRNetModel");
    c.put("params", params);
    return c;
  }

  @Test
  void roundTripsTensorsConfigAndOrder() {
    Path file = dir.resolve("m.safetensors");
    IsegCheckpoint.write(file, tensors(), config());
    IsegCheckpoint ckpt = IsegCheckpoint.read(file);
    assertEquals(tensors(), ckpt.stateDict());
    assertEquals(new ArrayList<>(tensors().keySet()), new ArrayList<>(ckpt.stateDict().keySet()));
    assertEquals(config(), ckpt.config());
  }

  @Test
  void writesTheSafetensorsLayout() throws IOException {
    Path file = dir.resolve("m.safetensors");
    IsegCheckpoint.write(file, tensors(), config());
    // parse by hand: u64 header length, JSON header, raw little-endian data
    byte[] bytes = Files.readAllBytes(file);
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int n = (int) b.getLong(0);
    assertEquals(0, (8 + n) % 8, "data is 8-byte aligned");
    JsonObject header = JsonParser.parseString(new String(bytes, 8, n, StandardCharsets.UTF_8)).getAsJsonObject();
    assertEquals(IsegCheckpoint.FORMAT, header.getAsJsonObject("__metadata__").get("format").getAsString());
    JsonObject bias = header.getAsJsonObject("a.bias");
    assertEquals("F32", bias.get("dtype").getAsString());
    assertEquals("[2]", bias.get("shape").toString());
    long begin = bias.getAsJsonArray("data_offsets").get(0).getAsLong();
    assertEquals(24, begin, "after the 6 floats of z.weight");
    assertEquals(0.25f, b.getFloat((int) (8 + n + begin)));
    assertEquals(-0.125f, b.getFloat((int) (8 + n + begin + 4)));
    assertEquals(8 + n + (6 + 2 + 1) * 4, bytes.length);
  }

  @Test
  void aBitFlippedTensorIsReportedAsCorruptNamingTheFile() throws IOException {
    Path file = dir.resolve("m.safetensors");
    IsegCheckpoint.write(file, tensors(), config());
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length - 3] ^= 0x01; // the last float changes by one ulp-ish step: still a plausible weight
    Files.write(file, bytes);
    CheckpointException e = assertThrows(CheckpointException.class, () -> IsegCheckpoint.read(file));
    assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("corrupt")
        && e.getMessage().contains("SHA-256"), e.getMessage());
  }

  @Test
  void readsPlainSafetensorsOfOtherTypes() throws IOException {
    String json = "{\"h\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]},"
        + "\"i\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[4,12]}}";
    byte[] header = json.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + header.length + 12).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(header.length).put(header).putShort((short) 0x3c00).putShort((short) 0xc100).putLong(-9);
    Path file = Files.write(dir.resolve("plain.safetensors"), b.array());
    IsegCheckpoint ckpt = IsegCheckpoint.read(file);
    assertArrayEquals(new float[] {1f, -2.5f}, ckpt.tensor("h").values());
    assertArrayEquals(new float[] {-9f}, ckpt.tensor("i").values());
    assertEquals(Map.of(), ckpt.config());

    String bad = json.replace("F16", "F8_E4M3");
    byte[] badHeader = bad.getBytes(StandardCharsets.UTF_8);
    ByteBuffer c = ByteBuffer.allocate(8 + badHeader.length + 12).order(ByteOrder.LITTLE_ENDIAN);
    c.putLong(badHeader.length).put(badHeader);
    Path badFile = Files.write(dir.resolve("f8.safetensors"), c.array());
    CheckpointException e = assertThrows(CheckpointException.class, () -> IsegCheckpoint.read(badFile));
    assertTrue(e.getMessage().contains("'h'") && e.getMessage().contains("F8_E4M3") && e.getMessage().contains("F32"),
        e.getMessage());
  }

  @Test
  void roundTripsARitmCheckpoint() {
    TorchCheckpoint ritm = TorchCheckpoint.read(SharedData.golden("ritm-models/hrnet18s_itermask/checkpoint.pth"));
    Path file = dir.resolve("h18s.safetensors");
    IsegCheckpoint.write(file, ritm.stateDict(), ritm.config());
    IsegCheckpoint back = IsegCheckpoint.read(file);
    assertEquals(ritm.stateDict(), back.stateDict());
    assertEquals(new ArrayList<>(ritm.stateDict().keySet()), new ArrayList<>(back.stateDict().keySet()));
    assertEquals(ritm.config(), back.config());
  }

  @Test
  void failedWriteKeepsThePreviousFileAndLeavesNoTemporaries() throws IOException {
    Path file = dir.resolve("keep.safetensors");
    IsegCheckpoint.write(file, tensors(), config());
    byte[] before = Files.readAllBytes(file);
    Map<String, Object> bad = Map.of("when", new java.util.Date());
    CheckpointException e = assertThrows(CheckpointException.class, () -> IsegCheckpoint.write(file, tensors(), bad));
    assertTrue(e.getMessage().contains("config.when"), e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(file));
    IsegCheckpoint.write(file, Map.of(), Map.of());
    assertEquals(Map.of(), IsegCheckpoint.read(file).stateDict(), "an existing file is replaced");
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(file), files.toList(), "no temporary files left");
    }
    Path blocked = Files.writeString(dir.resolve("not-a-folder"), "x").resolve("m.safetensors");
    CheckpointException io = assertThrows(CheckpointException.class,
        () -> IsegCheckpoint.write(blocked, tensors(), config()));
    assertTrue(io.getMessage().contains(blocked.toString()), io.getMessage());
  }

  @Test
  void rejectsTruncatedAndCorruptFiles() throws IOException {
    Path file = dir.resolve("m.safetensors");
    IsegCheckpoint.write(file, tensors(), config());
    byte[] good = Files.readAllBytes(file);
    assertReadFails(Files.write(dir.resolve("short.safetensors"), Arrays.copyOf(good, good.length - 4)), "'scalar'",
        "outside");
    assertReadFails(Files.write(dir.resolve("tiny.safetensors"), Arrays.copyOf(good, 5)), "truncated");
    assertReadFails(Files.write(dir.resolve("header.safetensors"), Arrays.copyOf(good, 40)), "header length");
    byte[] garbled = good.clone();
    garbled[8] = '[';
    assertReadFails(Files.write(dir.resolve("garbled.safetensors"), garbled), "corrupt header");
    assertReadFails(dir.resolve("absent.safetensors"), "does not exist");
    assertReadFails(Files.writeString(dir.resolve("text.safetensors"), "hello world, not a checkpoint"), "header");
  }

  private static void assertReadFails(Path file, String... fragments) {
    CheckpointException e = assertThrows(CheckpointException.class, () -> IsegCheckpoint.read(file));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    for (String f : fragments) {
      assertTrue(e.getMessage().contains(f), "'" + f + "' in: " + e.getMessage());
    }
  }
}
