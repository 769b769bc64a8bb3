package org.iseg.models.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints written by hand (pickle opcodes + zip) with known contents, in every layout torch.save produces. */
class TorchCheckpointFixtureTest {
  @TempDir Path dir;

  /** {'state_dict': OrderedDict(entries...), 'config': config...} around tensors written by {@code body}. */
  private static byte[] checkpoint(java.util.function.Consumer<PickleWriter> stateEntries,
      java.util.function.Consumer<PickleWriter> configValue) {
    PickleWriter p = new PickleWriter().proto().emptyDict().mark();
    p.str("state_dict").global("collections", "OrderedDict").emptyTuple().reduce().mark();
    stateEntries.accept(p);
    p.setitems();
    // torch sets state_dict._metadata, pickled as BUILD with {'_metadata': OrderedDict()}
    p.emptyDict().str("_metadata").global("collections", "OrderedDict").emptyTuple().reduce().setitem().build();
    if (configValue != null) {
      p.str("config");
      configValue.accept(p);
    }
    return p.setitems().stop().bytes();
  }

  @Test
  void readsContiguousFloatTensorsAndRitmStyleConfig() throws IOException {
    byte[] pkl = checkpoint(p -> {
      p.str("conv.weight").tensor("FloatStorage", "0", 6, 0, new long[] {2, 1, 3}, new long[] {3, 3, 1});
      p.str("conv.bias").tensor("FloatStorage", "1", 2, 0, new long[] {2}, new long[] {1});
    }, p -> {
      p.emptyDict().mark().str("class").str("isegm.model.is_hrnet_model.HRNetModel").str("params").emptyDict().mark();
      p.str("width").emptyDict().mark().str("type").str("builtin").str("value").integer(18).str("specified")
          .bool(true).setitems();
      p.str("lr").emptyDict().mark().str("value").real(0.1).setitems();
      p.str("groups").emptyDict().mark().str("value").none().setitems();
      p.str("size").emptyDict().mark().str("value").ints(320, 480).setitems();
      p.str("big").emptyDict().mark().str("value").integer(1L << 40).setitems();
      p.setitems().setitems();
    });
    Path file = TorchFiles.zip(dir.resolve("a.pth"), "archive", pkl,
        Map.of("0", TorchFiles.floats(1, 2, 3, 4, 5, 6), "1", TorchFiles.floats(-1, 0.5f)));
    TorchCheckpoint ckpt = TorchCheckpoint.read(file);

    assertEquals(List.of("conv.weight", "conv.bias"), new ArrayList<>(ckpt.stateDict().keySet()));
    TensorData w = ckpt.tensor("conv.weight");
    assertArrayEquals(new long[] {2, 1, 3}, w.shape());
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, w.values());
    assertArrayEquals(new float[] {-1, 0.5f}, ckpt.tensor("conv.bias").values());
    assertEquals(TorchDtype.FLOAT32, ckpt.dtype("conv.bias"));
    assertEquals(Optional.empty(), ckpt.integerValues("conv.bias"));
    assertEquals(8, ckpt.parameterCount());

    assertEquals(Optional.of("isegm.model.is_hrnet_model.HRNetModel"), ckpt.configClass());
    assertEquals(Optional.of(18L), ckpt.configParam("width"));
    assertEquals(Optional.of(0.1), ckpt.configParam("lr"));
    assertEquals(Optional.empty(), ckpt.configParam("groups"), "None reads as empty");
    assertEquals(Optional.of(List.of(320L, 480L)), ckpt.configParam("size"));
    assertEquals(Optional.of(1L << 40), ckpt.configParam("big"));
    assertEquals(Optional.empty(), ckpt.configParam("absent"));
    @SuppressWarnings("unchecked")
    Map<String, Object> width = (Map<String, Object>) ((Map<String, Object>) ckpt.config().get("params")).get("width");
    assertEquals(Map.of("type", "builtin", "value", 18L, "specified", true), width);
    assertEquals(List.of("type", "value", "specified"), new ArrayList<>(width.keySet()), "dict order is kept");
    assertEquals(Optional.empty(),
        ((Map<?, ?>) ((Map<?, ?>) ckpt.config().get("params")).get("groups")).get("value"));
  }

  @Test
  void readsHalfAndBfloat16Tensors() throws IOException {
    // half: 1.0, -2.5, 65504 (max), 2^-24 (smallest subnormal), 0.0999755859375 (0x2e66)
    short[] half = {0x3c00, (short) 0xc100, 0x7bff, 0x0001, 0x2e66};
    // bfloat16: upper halves of float bits
    float[] bf = {1.5f, -3.0f, 1.0e20f};
    short[] bfBits = new short[bf.length];
    for (int i = 0; i < bf.length; i++) {
      bfBits[i] = (short) (Float.floatToIntBits(bf[i]) >>> 16);
    }
    byte[] pkl = checkpoint(p -> {
      p.str("h").tensor("HalfStorage", "0", 5, 0, new long[] {5}, new long[] {1});
      p.str("b").tensor("BFloat16Storage", "1", 3, 0, new long[] {3}, new long[] {1});
    }, null);
    Path file = TorchFiles.zip(dir.resolve("half.pth"), "half", pkl,
        Map.of("0", TorchFiles.halves(half), "1", TorchFiles.halves(bfBits)));
    TorchCheckpoint ckpt = TorchCheckpoint.read(file);
    assertArrayEquals(new float[] {1f, -2.5f, 65504f, 0x1p-24f, 0.0999755859375f}, ckpt.tensor("h").values());
    assertArrayEquals(new float[] {1.5f, -3.0f, Float.intBitsToFloat(Float.floatToIntBits(1.0e20f) & 0xffff0000)},
        ckpt.tensor("b").values());
    assertEquals(TorchDtype.FLOAT16, ckpt.dtype("h"));
    assertEquals(TorchDtype.BFLOAT16, ckpt.dtype("b"));
    assertEquals(Map.of(), ckpt.config());
  }

  @Test
  void honoursStorageOffsetsStridesAndSharedStorages() throws IOException {
    float[] storage = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    byte[] pkl = checkpoint(p -> {
      // x = s[3:7].view(2, 2)
      p.str("offset").tensor("FloatStorage", "0", 10, 3, new long[] {2, 2}, new long[] {2, 1});
      // y = s[:6].view(2, 3).t(): shape (3, 2), stride (1, 3)
      p.str("transposed").tensor("FloatStorage", "0", 10, 0, new long[] {3, 2}, new long[] {1, 3});
      // z = s[1::4] (every 4th from 1): shape (3,), stride (4,)
      p.str("strided").tensor("FloatStorage", "0", 10, 1, new long[] {3}, new long[] {4});
      // a broadcast view (stride 0), a scalar and an empty tensor
      p.str("expanded").tensor("FloatStorage", "0", 10, 9, new long[] {2, 3}, new long[] {0, 0});
      p.str("scalar").tensor("FloatStorage", "0", 10, 5, new long[] {}, new long[] {});
      p.str("empty").tensor("FloatStorage", "0", 10, 0, new long[] {0, 4}, new long[] {4, 1});
    }, null);
    Path file = TorchFiles.zip(dir.resolve("views.pth"), "views", pkl, Map.of("0", TorchFiles.floats(storage)));
    TorchCheckpoint ckpt = TorchCheckpoint.read(file);
    assertArrayEquals(new float[] {3, 4, 5, 6}, ckpt.tensor("offset").values());
    assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, ckpt.tensor("transposed").values());
    assertArrayEquals(new long[] {3, 2}, ckpt.tensor("transposed").shape());
    assertArrayEquals(new float[] {1, 5, 9}, ckpt.tensor("strided").values());
    assertArrayEquals(new float[] {9, 9, 9, 9, 9, 9}, ckpt.tensor("expanded").values());
    assertArrayEquals(new float[] {5}, ckpt.tensor("scalar").values());
    assertEquals(0, ckpt.tensor("scalar").rank());
    assertEquals(0, ckpt.tensor("empty").size());
  }

  @Test
  void keepsIntegerTensorsExactAndConvertsThemToFloat() throws IOException {
    long big = (1L << 40) + 1;
    byte[] pkl = checkpoint(p -> {
      p.str("bn.num_batches_tracked").tensor("LongStorage", "0", 1, 0, new long[] {}, new long[] {});
      p.str("bn.running_mean").tensor("FloatStorage", "1", 2, 0, new long[] {2}, new long[] {1});
      p.str("ids").tensor("LongStorage", "2", 3, 0, new long[] {3}, new long[] {1});
    }, null);
    Path file = TorchFiles.zip(dir.resolve("long.pth"), "x", pkl, Map.of("0", TorchFiles.longs(7),
        "1", TorchFiles.floats(0.25f, 0.5f), "2", TorchFiles.longs(-5, big, 0)));
    TorchCheckpoint ckpt = TorchCheckpoint.read(file);
    assertArrayEquals(new float[] {7}, ckpt.tensor("bn.num_batches_tracked").values());
    assertEquals(TorchDtype.INT64, ckpt.dtype("ids"));
    assertArrayEquals(new long[] {-5, big, 0}, ckpt.integerValues("ids").orElseThrow());
    assertArrayEquals(new float[] {-5, (float) big, 0}, ckpt.tensor("ids").values());
    assertEquals(3, ckpt.parameterCount(), "running stats and num_batches_tracked are not parameters");
  }

  @Test
  void keepsFileOrderBeyondHashOrder() throws IOException {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      names.add("layer" + ((i * 17) % 40) + ".w");
    }
    byte[] pkl = checkpoint(p -> {
      for (String n : names) {
        p.str(n).tensor("FloatStorage", "0", 1, 0, new long[] {1}, new long[] {1});
      }
    }, null);
    TorchCheckpoint ckpt = TorchCheckpoint.read(
        TorchFiles.zip(dir.resolve("order.pth"), "o", pkl, Map.of("0", TorchFiles.floats(1))));
    assertEquals(names, new ArrayList<>(ckpt.stateDict().keySet()));
  }

  @Test
  void readsBareStateDictsAndBigEndianFiles() throws IOException {
    byte[] pkl = new PickleWriter().proto().global("collections", "OrderedDict").emptyTuple().reduce().mark()
        .str("w").tensor("FloatStorage", "0", 2, 0, new long[] {2}, new long[] {1}).setitems().stop().bytes();
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("model/data.pkl", pkl);
    entries.put("model/byteorder", "big".getBytes());
    entries.put("model/data/0", TorchFiles.floats(ByteOrder.BIG_ENDIAN, 1.25f, -7f));
    TorchCheckpoint ckpt = TorchCheckpoint.read(TorchFiles.writeZip(dir.resolve("be.pth"), entries));
    assertArrayEquals(new float[] {1.25f, -7f}, ckpt.tensor("w").values());
    assertTrue(ckpt.config().isEmpty());
  }

  @Test
  void readsTheLegacyFormat() throws IOException {
    // torch < 1.6: magic, protocol, sys_info, the object, the storage keys, then each storage (int64 count + data)
    PickleWriter p = new PickleWriter();
    p.proto().bigInteger(new BigInteger("1950a86a20f9469cfc6c", 16)).stop();
    p.proto().integer(1001).stop();
    p.proto().emptyDict().mark().str("little_endian").bool(true).setitems().stop();
    p.proto().emptyDict().mark().str("state_dict").global("collections", "OrderedDict").emptyTuple().reduce().mark();
    // legacy persistent id: ('storage', type, root_key, location, numel, view_metadata)
    p.str("a").global("torch._utils", "_rebuild_tensor_v2").mark()
        .mark().str("storage").global("torch", "FloatStorage").str("94").str("cpu").integer(4).none().tuple()
        .binpersid().integer(1).ints(2).ints(1).bool(false).global("collections", "OrderedDict").emptyTuple()
        .reduce().tuple().reduce();
    p.str("b").global("torch._utils", "_rebuild_tensor_v2").mark()
        .mark().str("storage").global("torch", "LongStorage").str("95").str("cpu").integer(1).none().tuple()
        .binpersid().integer(0).ints().ints().bool(false).global("collections", "OrderedDict").emptyTuple()
        .reduce().tuple().reduce();
    p.setitems().setitems().stop();
    p.proto().emptyList().mark().str("94").str("95").appends().stop();
    ByteBuffer data = ByteBuffer.allocate(8 + 16 + 8 + 8).order(ByteOrder.LITTLE_ENDIAN);
    data.putLong(4).putFloat(10).putFloat(11).putFloat(12).putFloat(13).putLong(1).putLong(42);
    byte[] head = p.bytes();
    byte[] bytes = Arrays.copyOf(head, head.length + data.capacity());
    System.arraycopy(data.array(), 0, bytes, head.length, data.capacity());
    Path file = dir.resolve("legacy.pth");
    Files.write(file, bytes);
    TorchCheckpoint ckpt = TorchCheckpoint.read(file);
    assertArrayEquals(new float[] {11, 12}, ckpt.tensor("a").values());
    assertArrayEquals(new long[] {42}, ckpt.integerValues("b").orElseThrow());

    Path truncated = dir.resolve("legacy-truncated.pth");
    Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 5));
    CheckpointException e = assertThrows(CheckpointException.class, () -> TorchCheckpoint.read(truncated));
    assertTrue(e.getMessage().contains(truncated.toString()) && e.getMessage().contains("truncated"), e.getMessage());
  }

  // -------------------------------------------------------------------------------------------------- bad input

  private static void assertFails(Path file, String... fragments) {
    CheckpointException e = assertThrows(CheckpointException.class, () -> TorchCheckpoint.read(file));
    assertTrue(e.getMessage().contains(file.toString()), "message names the file: " + e.getMessage());
    for (String f : fragments) {
      assertTrue(e.getMessage().contains(f), "message mentions '" + f + "': " + e.getMessage());
    }
  }

  private Path valid() throws IOException {
    byte[] pkl = checkpoint(p -> p.str("w").tensor("FloatStorage", "0", 4, 0, new long[] {4}, new long[] {1}), null);
    return TorchFiles.zip(dir.resolve("valid.pth"), "valid", pkl, Map.of("0", TorchFiles.floats(1, 2, 3, 4)));
  }

  @Test
  void rejectsMissingEmptyAndForeignFiles() throws IOException {
    assertFails(dir.resolve("nope.pth"), "does not exist");
    assertFails(dir, "not a regular file");
    assertFails(Files.write(dir.resolve("empty.pth"), new byte[0]), "not a PyTorch checkpoint", "empty");
    assertFails(Files.writeString(dir.resolve("text.pth"), "<html>404 Not Found</html>"), "not a PyTorch checkpoint");
    assertFails(TorchFiles.writeZip(dir.resolve("other.zip"), Map.of("readme.txt", new byte[] {1})), "no <folder>/data.pkl");
    Path script = TorchFiles.writeZip(dir.resolve("script.pt"), Map.of("m/data.pkl", new PickleWriter().proto()
        .emptyDict().stop().bytes(), "m/code/__torch__.py", new byte[] {1}, "m/constants.pkl", new byte[] {1}));
    assertFails(script, "TorchScript");
    Path pickleOnly = Files.write(dir.resolve("plain.pkl"), new PickleWriter().proto().integer(5).stop().bytes());
    assertFails(pickleOnly, "not a PyTorch checkpoint");
  }

  @Test
  void rejectsTruncatedAndCorruptFiles() throws IOException {
    byte[] good = Files.readAllBytes(valid());
    assertFails(Files.write(dir.resolve("half.pth"), Arrays.copyOf(good, good.length / 2)), "truncated or corrupt");
    byte[] garbled = good.clone();
    for (int i = 60; i < 90; i++) {
      garbled[i] = (byte) 0x7f; // inside data.pkl (stored uncompressed)
    }
    assertFails(Files.write(dir.resolve("garbled.pth"), garbled));

    byte[] pkl = checkpoint(p -> p.str("w").tensor("FloatStorage", "0", 4, 0, new long[] {4}, new long[] {1}), null);
    Path shortStorage = TorchFiles.zip(dir.resolve("short.pth"), "s", pkl, Map.of("0", TorchFiles.floats(1, 2)));
    assertFails(shortStorage, "'w'", "truncated", "expected 16 bytes");
    Path missingStorage = TorchFiles.zip(dir.resolve("missing.pth"), "s", pkl, Map.of());
    assertFails(missingStorage, "s/data/0", "missing");

    byte[] outside = checkpoint(p -> p.str("v").tensor("FloatStorage", "0", 4, 2, new long[] {3}, new long[] {1}),
        null);
    assertFails(TorchFiles.zip(dir.resolve("outside.pth"), "s", outside, Map.of("0", TorchFiles.floats(1, 2, 3, 4))),
        "'v'", "outside its storage");

    byte[] complex = checkpoint(p -> p.str("c").tensor("ComplexFloatStorage", "0", 1, 0, new long[] {1},
        new long[] {1}), null);
    assertFails(TorchFiles.zip(dir.resolve("complex.pth"), "s", complex, Map.of("0", new byte[8])),
        "ComplexFloatStorage");

    byte[] noTensors = new PickleWriter().proto().emptyDict().mark().str("epoch").integer(3).setitems().stop().bytes();
    assertFails(TorchFiles.zip(dir.resolve("notensors.pth"), "s", noTensors, Map.of()), "holds no state dict",
        "epoch");
  }

  @Test
  void aFlippedBitInAStoredTensorFailsTheZipCrc() throws IOException {
    byte[] good = Files.readAllBytes(valid());
    byte[] three = TorchFiles.floats(3);
    int at = indexOf(good, three);
    assertTrue(at > 0, "the tensor's bytes are stored uncompressed");
    byte[] flipped = good.clone();
    flipped[at + 2] ^= 0x10; // 3.0f becomes 3.25f: still a plausible weight, only the CRC can tell
    assertFails(Files.write(dir.resolve("flipped.pth"), flipped), "corrupt", "valid/data/0", "CRC");
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Test
  void missingTensorNamesTheFileAndSimilarNames() throws IOException {
    TorchCheckpoint ckpt = TorchCheckpoint.read(valid());
    CheckpointException e = assertThrows(CheckpointException.class, () -> ckpt.tensor("conv.w"));
    assertTrue(e.getMessage().contains("'conv.w'") && e.getMessage().contains("valid.pth"), e.getMessage());
    CheckpointException shape = assertThrows(CheckpointException.class, () -> ckpt.tensor("w").requireShape(2, 2));
    assertTrue(shape.getMessage().contains("[4]") && shape.getMessage().contains("[2, 2]"), shape.getMessage());
    assertEquals(ckpt, ckpt.requireTensors(List.of("w")));
    CheckpointException all = assertThrows(CheckpointException.class,
        () -> ckpt.requireTensors(List.of("w", "conv.weight", "conv.bias")));
    assertTrue(all.getMessage().contains("lacks 2 of the 3") && all.getMessage().contains("conv.weight")
        && all.getMessage().contains("conv.bias") && all.getMessage().contains("valid.pth"), all.getMessage());
  }
}
