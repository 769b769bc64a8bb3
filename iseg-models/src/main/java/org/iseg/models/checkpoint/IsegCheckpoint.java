package org.iseg.models.checkpoint;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * iseg's own checkpoint: a <a href="https://huggingface.co/docs/safetensors">safetensors</a> file (float32
 * tensors, names and order kept) whose metadata holds the model configuration as JSON, so one file describes and
 * restores a model and Python's {@code safetensors.torch.load_file} reads it too.
 *
 * <pre>{@code
 * IsegCheckpoint.write(Path.of("model.safetensors"), network.stateDict(), Map.of("class", "hrnet18s", "width", 18L));
 * IsegCheckpoint ckpt = IsegCheckpoint.read(Path.of("model.safetensors"));
 * TensorData w = ckpt.tensor("feature_extractor.conv1.weight");
 * }</pre>
 *
 * <p>Layout: 8-byte little-endian header length, a JSON header {@code {"__metadata__": {"format":
 * "iseg-checkpoint/1", "config": "<json>"}, name: {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]},
 * ...}}, then the little-endian tensor bytes. Writing is atomic: the file appears complete or not at all (temporary
 * file in the same folder, then a move). Reading also accepts plain safetensors files of type F32, F64, F16, BF16
 * and the integer types (converted to float32; the config is then empty).
 *
 * <p>Config values: {@code Map<String, ?>}, {@code List}, {@code String}, {@code Boolean}, integer numbers (read
 * back as {@code Long}), other numbers (read back as {@code Double}) and {@link Optional#empty()} for "no value"
 * (JSON null) — the same vocabulary as {@link TorchCheckpoint#config()}, so a RITM config survives a round trip.
 */
public final class IsegCheckpoint {
  /** The value of {@code __metadata__.format} in files this class writes. */
  public static final String FORMAT = "iseg-checkpoint/1";
  /** The {@code __metadata__} key of the tensor data's SHA-256 (hex), checked on read. */
  static final String SHA256 = "sha256";
  private static final long MAX_HEADER = 100L << 20;
  private static final Gson GSON = new GsonBuilder().serializeNulls().disableHtmlEscaping().create();

  private final Path file;
  private final Map<String, TensorData> tensors;
  private final Map<String, Object> config;

  private IsegCheckpoint(Path file, Map<String, TensorData> tensors, Map<String, Object> config) {
    this.file = file;
    this.tensors = Collections.unmodifiableMap(tensors);
    this.config = config;
  }

  /** The file this was read from. */
  public Path file() {
    return file;
  }

  /** The tensors in file order. */
  public Map<String, TensorData> stateDict() {
    return tensors;
  }

  /** The configuration stored with the tensors; empty for a plain safetensors file. */
  public Map<String, Object> config() {
    return config;
  }

  /** The tensor {@code name}, or a {@link CheckpointException} naming the file and tensor. */
  public TensorData tensor(String name) {
    TensorData t = tensors.get(name);
    if (t == null) {
      throw new CheckpointException("checkpoint " + file + " has no tensor '" + name + "' (it has " + tensors.size()
          + " tensors)");
    }
    return t;
  }

  /**
   * Writes tensors (in the map's iteration order) and a configuration atomically, replacing {@code file}.
   *
   * @throws CheckpointException if the folder is not writable or a config value has an unsupported type
   */
  public static void write(Path file, Map<String, TensorData> tensors, Map<String, Object> config) {
    JsonObject header = new JsonObject();
    JsonObject metadata = new JsonObject();
    metadata.addProperty("format", FORMAT);
    // the data's hash goes in the header, before the data: one pass to hash, one to write (floats are cheap)
    MessageDigest sha = sha256();
    try {
      writeData(tensors, (bytes, length) -> sha.update(bytes, 0, length));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e); // hashing does no I/O
    }
    metadata.addProperty(SHA256, HexFormat.of().formatHex(sha.digest()));
    metadata.addProperty("config", GSON.toJson(toJson(config, "config")));
    header.add("__metadata__", metadata);
    long offset = 0;
    for (Map.Entry<String, TensorData> e : tensors.entrySet()) {
      TensorData t = e.getValue();
      if (!e.getKey().equals(t.name())) {
        throw new IllegalArgumentException("tensor map key '" + e.getKey() + "' differs from the tensor's name '"
            + t.name() + "'");
      }
      if (e.getKey().equals("__metadata__")) {
        throw new IllegalArgumentException("'__metadata__' is reserved and cannot name a tensor");
      }
      JsonObject entry = new JsonObject();
      entry.addProperty("dtype", "F32");
      JsonArray shape = new JsonArray();
      for (long d : t.shape()) {
        shape.add(d);
      }
      entry.add("shape", shape);
      JsonArray offsets = new JsonArray();
      offsets.add(offset);
      offset += 4L * t.size();
      offsets.add(offset);
      entry.add("data_offsets", offsets);
      header.add(e.getKey(), entry);
    }
    byte[] json = GSON.toJson(header).getBytes(StandardCharsets.UTF_8);
    // pad the header with spaces so the data starts 8-byte aligned, as the safetensors writer does
    int padded = (json.length + 7) / 8 * 8;
    byte[] headerBytes = new byte[padded];
    java.util.Arrays.fill(headerBytes, (byte) ' ');
    System.arraycopy(json, 0, headerBytes, 0, json.length);

    Path absolute = file.toAbsolutePath();
    Path folder = absolute.getParent();
    Path temp = null;
    try {
      Files.createDirectories(folder);
      temp = Files.createTempFile(folder, absolute.getFileName().toString(), ".tmp");
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
          OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
        out.write(headerBytes);
        writeData(tensors, (bytes, length) -> out.write(bytes, 0, length));
        out.flush();
        channel.force(true);
      }
      moveIntoPlace(temp, absolute);
      temp = null;
    } catch (IOException e) {
      throw new CheckpointException("cannot write checkpoint " + file + ": " + e + "; check that the folder exists "
          + "and is writable", e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // the original failure is more useful than this one
        }
      }
    }
  }

  /** Where the tensor bytes go, a chunk at a time. */
  @FunctionalInterface
  private interface ChunkSink {
    void accept(byte[] bytes, int length) throws IOException;
  }

  /** The tensors' little-endian float32 bytes, in order, in chunks. */
  private static void writeData(Map<String, TensorData> tensors, ChunkSink sink) throws IOException {
    ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    for (TensorData t : tensors.values()) {
      for (int i = 0; i < t.size(); i++) {
        if (chunk.remaining() < 4) {
          sink.accept(chunk.array(), chunk.position());
          chunk.clear();
        }
        chunk.putFloat(t.value(i));
      }
    }
    sink.accept(chunk.array(), chunk.position());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }

  /**
   * Checks the data against the SHA-256 recorded in {@code __metadata__} when there is one (files from other
   * safetensors writers, and ours from before the hash, have none).
   */
  private static void checkHash(Path file, JsonObject header, ByteBuffer data) {
    JsonElement metadata = header.get("__metadata__");
    if (metadata == null || !metadata.isJsonObject() || !metadata.getAsJsonObject().has(SHA256)) {
      return;
    }
    MessageDigest sha = sha256();
    sha.update(data.duplicate());
    String recorded = metadata.getAsJsonObject().get(SHA256).getAsString();
    if (!HexFormat.of().formatHex(sha.digest()).equalsIgnoreCase(recorded)) {
      throw new CheckpointException("checkpoint " + file + " is corrupt: its tensor data does not match the SHA-256 "
          + "recorded when it was written (a disk, copy or transfer error); restore a copy or export it again");
    }
  }

  static void moveIntoPlace(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * Reads a checkpoint written by {@link #write} (or any safetensors file).
   *
   * @throws CheckpointException if the file is missing, truncated or corrupt, or a tensor's entry is inconsistent
   */
  public static IsegCheckpoint read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new CheckpointException("checkpoint file " + file + (Files.exists(file) ? " is not a regular file"
          : " does not exist") + "; pass a .safetensors file written by IsegCheckpoint.write");
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size < 8) {
        throw new CheckpointException("checkpoint " + file + " is truncated: " + size + " bytes, not even a header");
      }
      ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(channel, lengthBytes, 0, file);
      long headerLength = lengthBytes.getLong(0);
      if (headerLength <= 0 || headerLength > MAX_HEADER || headerLength > size - 8) {
        throw new CheckpointException("checkpoint " + file + " is not a safetensors/iseg checkpoint or is truncated: "
            + "header length " + headerLength + " with a file of " + size + " bytes");
      }
      ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
      readFully(channel, headerBytes, 8, file);
      JsonObject header;
      try {
        header = JsonParser.parseString(new String(headerBytes.array(), StandardCharsets.UTF_8)).getAsJsonObject();
      } catch (JsonParseException | IllegalStateException e) {
        throw new CheckpointException("checkpoint " + file + " has a corrupt header (not a JSON object): "
            + e.getMessage(), e);
      }
      long dataStart = 8 + headerLength;
      long dataLength = size - dataStart;
      if (dataLength > Integer.MAX_VALUE) {
        throw new CheckpointException("checkpoint " + file + " holds over 2 GB of tensor data, which is unsupported");
      }
      MappedByteBuffer data = channel.map(FileChannel.MapMode.READ_ONLY, dataStart, dataLength);
      data.order(ByteOrder.LITTLE_ENDIAN);
      Map<String, TensorData> tensors = new LinkedHashMap<>();
      Map<String, Object> config = Map.of();
      for (Map.Entry<String, JsonElement> e : header.entrySet()) {
        if (e.getKey().equals("__metadata__")) {
          config = readConfig(file, e.getValue());
          continue;
        }
        tensors.put(e.getKey(), readTensor(file, e.getKey(), e.getValue(), data));
      }
      // after the layout checks, which name the tensor a truncated file lost
      checkHash(file, header, data);
      return new IsegCheckpoint(file, tensors, config);
    } catch (IOException e) {
      throw new CheckpointException("cannot read checkpoint " + file + ": " + e, e);
    }
  }

  private static void readFully(FileChannel channel, ByteBuffer buffer, long position, Path file) throws IOException {
    long at = position;
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, at);
      if (n < 0) {
        throw new CheckpointException("checkpoint " + file + " is truncated inside its header");
      }
      at += n;
    }
  }

  private static Map<String, Object> readConfig(Path file, JsonElement metadata) {
    if (!metadata.isJsonObject()) {
      throw new CheckpointException("checkpoint " + file + ": __metadata__ must be a JSON object");
    }
    JsonElement config = metadata.getAsJsonObject().get("config");
    if (config == null) {
      return Map.of();
    }
    try {
      JsonElement parsed = JsonParser.parseString(config.getAsString());
      if (!parsed.isJsonObject()) {
        throw new CheckpointException("checkpoint " + file + ": the config in __metadata__ is not a JSON object");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> map = (Map<String, Object>) fromJson(parsed);
      return map;
    } catch (JsonParseException | UnsupportedOperationException | IllegalStateException e) {
      throw new CheckpointException("checkpoint " + file + ": the config in __metadata__ is not valid JSON: "
          + e.getMessage(), e);
    }
  }

  private static TensorData readTensor(Path file, String name, JsonElement element, ByteBuffer data) {
    String where = "checkpoint " + file + ", tensor '" + name + "'";
    try {
      JsonObject entry = element.getAsJsonObject();
      String dtypeName = entry.get("dtype").getAsString();
      TorchDtype dtype = switch (dtypeName) {
        case "F32" -> TorchDtype.FLOAT32;
        case "F64" -> TorchDtype.FLOAT64;
        case "F16" -> TorchDtype.FLOAT16;
        case "BF16" -> TorchDtype.BFLOAT16;
        case "I64" -> TorchDtype.INT64;
        case "I32" -> TorchDtype.INT32;
        case "I16" -> TorchDtype.INT16;
        case "I8" -> TorchDtype.INT8;
        case "U8" -> TorchDtype.UINT8;
        case "BOOL" -> TorchDtype.BOOL;
        default -> throw new CheckpointException(where + " has dtype " + dtypeName + "; expected one of F32, F64, "
            + "F16, BF16, I64, I32, I16, I8, U8, BOOL");
      };
      JsonArray shapeJson = entry.getAsJsonArray("shape");
      long[] shape = new long[shapeJson.size()];
      long numel = 1;
      for (int i = 0; i < shape.length; i++) {
        shape[i] = shapeJson.get(i).getAsLong();
        if (shape[i] < 0) {
          throw new CheckpointException(where + " has a negative dimension in shape " + shapeJson);
        }
        numel = Math.multiplyExact(numel, shape[i]);
      }
      JsonArray offsets = entry.getAsJsonArray("data_offsets");
      long begin = offsets.get(0).getAsLong();
      long end = offsets.get(1).getAsLong();
      if (end - begin != numel * dtype.elementSize()) {
        throw new CheckpointException(where + ": data_offsets [" + begin + ", " + end + "] hold " + (end - begin)
            + " bytes, expected " + numel * dtype.elementSize() + " for shape " + shapeJson + " of " + dtypeName);
      }
      if (begin < 0 || end > data.capacity()) {
        throw new CheckpointException(where + ": data_offsets [" + begin + ", " + end + "] lie outside the "
            + data.capacity() + " data bytes (truncated file?)");
      }
      float[] values = new float[(int) numel];
      ByteBuffer slice = data.duplicate().position((int) begin).limit((int) end).slice().order(ByteOrder.LITTLE_ENDIAN);
      if (dtype == TorchDtype.FLOAT32) {
        slice.asFloatBuffer().get(values);
      } else {
        for (int i = 0; i < values.length; i++) {
          values[i] = dtype.readFloat(slice, i);
        }
      }
      return new TensorData(name, shape, values);
    } catch (NullPointerException | IllegalStateException | UnsupportedOperationException | IndexOutOfBoundsException
        | ArithmeticException e) {
      throw new CheckpointException(where + " has a malformed header entry " + element + "; expected {\"dtype\", "
          + "\"shape\", \"data_offsets\"}", e);
    }
  }

  // ------------------------------------------------------------------------------------------- config <-> JSON

  private static JsonElement toJson(Object value, String path) {
    if (value instanceof Optional<?> opt) {
      return opt.isPresent() ? toJson(opt.get(), path) : JsonNull.INSTANCE;
    }
    if (value instanceof Map<?, ?> map) {
      JsonObject o = new JsonObject();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!(e.getKey() instanceof String key)) {
          throw new CheckpointException("config key " + e.getKey() + " at " + path + " is not a string");
        }
        o.add(key, toJson(e.getValue(), path + "." + key));
      }
      return o;
    }
    if (value instanceof List<?> list) {
      JsonArray a = new JsonArray();
      for (int i = 0; i < list.size(); i++) {
        a.add(toJson(list.get(i), path + "[" + i + "]"));
      }
      return a;
    }
    if (value instanceof String || value instanceof Boolean) {
      return value instanceof String s ? new JsonPrimitive(s) : new JsonPrimitive((Boolean) value);
    }
    if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
      throw new CheckpointException("config value at " + path + " is " + d + ", which JSON cannot hold");
    }
    if (value instanceof Number n) {
      return new JsonPrimitive(n);
    }
    throw new CheckpointException("config value at " + path + " has unsupported type "
        + (value == null ? "null (use Optional.empty())" : value.getClass().getName())
        + "; use Map, List, String, Boolean, a number or Optional.empty()");
  }

  private static Object fromJson(JsonElement e) {
    if (e.isJsonNull()) {
      return Optional.empty();
    }
    if (e.isJsonObject()) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<String, JsonElement> entry : e.getAsJsonObject().entrySet()) {
        out.put(entry.getKey(), fromJson(entry.getValue()));
      }
      return Collections.unmodifiableMap(out);
    }
    if (e.isJsonArray()) {
      List<Object> out = new ArrayList<>();
      for (JsonElement item : e.getAsJsonArray()) {
        out.add(fromJson(item));
      }
      return Collections.unmodifiableList(out);
    }
    JsonPrimitive p = e.getAsJsonPrimitive();
    if (p.isBoolean()) {
      return p.getAsBoolean();
    }
    if (p.isString()) {
      return p.getAsString();
    }
    String text = p.getAsString();
    if (text.contains(".") || text.contains("e") || text.contains("E")) {
      return p.getAsDouble();
    }
    BigInteger big = new BigDecimal(text).toBigIntegerExact();
    return big.bitLength() < 64 ? (Object) big.longValue() : big;
  }
}
