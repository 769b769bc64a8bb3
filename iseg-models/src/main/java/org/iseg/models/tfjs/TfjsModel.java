package org.iseg.models.tfjs;

import com.google.common.collect.ImmutableMap;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.iseg.models.checkpoint.TensorData;

/**
 * A TensorFlow.js layers model as files: the model JSON ({@code modelTopology}, {@code weightsManifest}) and its
 * weights, read into float32 tensors under their Keras names ({@code Conv1/kernel}, {@code bn_Conv1/gamma}) and
 * Keras layouts (convolution kernels HWIO, depthwise kernels H x W x C x 1), dequantized as TF.js does.
 *
 * <p>Two layouts are read:
 * <ul>
 *   <li>the standard one, {@code model.json} with binary shards next to it ({@code group1-shard1of2}, ...);
 *       each manifest group's shards are concatenated and its weights follow one another in manifest order,
 *       little-endian;</li>
 *   <li>the browserify bundles that npm packages such as {@code nsfwjs} ship instead: {@code model.min.js}
 *       is {@code !function(e){...module.exports=e()...}(... a.exports={modelTopology:...,weightsManifest:...}
 *       ...)}, i.e. the model JSON as a minified JavaScript object literal (bare keys, {@code .5}, {@code !0}),
 *       and each shard {@code <path>.min.js} exports the shard's bytes as one base64 string
 *       ({@code h.exports="..."}). The first {@code .exports=} assignment of an object literal holding
 *       {@code modelTopology} or {@code weightsManifest}, and of a string literal, is taken; nothing is
 *       executed.</li>
 * </ul>
 * A shard path {@code p} of the manifest is looked up as {@code p} beside the model file, then as
 * {@code p.min.js} and {@code p.js}, whichever layout the model file has.
 *
 * <p>Dequantization ({@code quantization: {dtype, min, scale}} or {@code {dtype: float16}}): {@code uint8} and
 * {@code uint16} values {@code q} become {@code (float) (q * scale + min)} computed in double, exactly TF.js's
 * {@code Float32Array.from(q, v => v * scale + min)}; {@code float16} values are widened.
 *
 * <pre>{@code
 * TfjsModel m = TfjsModel.read(Path.of("node_modules/nsfwjs/dist/models/mobilenet_v2"));  // or a model.json
 * TensorData k = m.weights().get("Conv1/kernel");  // [3, 3, 3, 32], HWIO
 * }</pre>
 */
public final class TfjsModel {
  /** File names looked up when a folder is given, in this order. */
  public static final String MODEL_JSON = "model.json";
  public static final String MODEL_MIN_JS = "model.min.js";

  private static final Pattern EXPORTS_OBJECT = Pattern.compile("\\.exports\\s*=\\s*\\{");
  private static final Pattern EXPORTS_STRING = Pattern.compile("\\.exports\\s*=\\s*([\"'])");
  private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/=\\s]*+");

  private final Path file;
  private final String topologyJson;
  private final ImmutableMap<String, TensorData> weights;

  private TfjsModel(Path file, String topologyJson, ImmutableMap<String, TensorData> weights) {
    this.file = file;
    this.topologyJson = topologyJson;
    this.weights = weights;
  }

  /** The model file that was read ({@code model.json} or {@code model.min.js}). */
  public Path file() {
    return file;
  }

  /** Every weight of the manifest by its name, in manifest order, float32 in the file's (Keras) layout. */
  public ImmutableMap<String, TensorData> weights() {
    return weights;
  }

  /** The {@code modelTopology} object (Keras's model config) as a fresh Gson tree; empty object if absent. */
  public JsonObject topology() {
    return JsonParser.parseString(topologyJson).getAsJsonObject();
  }

  /** The weight called {@code name}; fails naming the file and the fix when the model lacks it. */
  public TensorData weight(String name) {
    TensorData t = weights.get(name);
    if (t == null) {
      throw new TfjsFormatException(file + " has no weight '" + name + "' (it has " + weights.size()
          + ", e.g. " + weights.keySet().stream().limit(5).toList() + "); is it the right model?");
    }
    return t;
  }

  /**
   * Reads a model from a folder (holding {@value #MODEL_JSON} or {@value #MODEL_MIN_JS}), a model JSON file, or a
   * wrapped {@code .js} model file, with all its shards.
   *
   * @throws TfjsFormatException naming the file: missing model or shard, byte count or shape mismatch, unknown
   *     dtype or quantization, unreadable JSON or bundle
   */
  public static TfjsModel read(Path path) {
    Path modelFile = modelFile(path);
    JsonObject model = modelJson(modelFile);
    JsonElement manifest = model.get("weightsManifest");
    if (manifest == null || !manifest.isJsonArray()) {
      throw new TfjsFormatException(modelFile + " has no 'weightsManifest' array: is it a TF.js layers model "
          + "(model.json written by tensorflowjs_converter or tf.io)?");
    }
    Path dir = modelFile.toAbsolutePath().getParent();
    ImmutableMap.Builder<String, TensorData> weights = ImmutableMap.builder();
    for (JsonElement group : manifest.getAsJsonArray()) {
      readGroup(modelFile, dir, group.getAsJsonObject(), weights);
    }
    JsonElement topology = model.get("modelTopology");
    String topologyJson = topology != null && topology.isJsonObject() ? topology.toString() : "{}";
    try {
      return new TfjsModel(modelFile, topologyJson, weights.buildOrThrow());
    } catch (IllegalArgumentException e) {
      throw new TfjsFormatException(modelFile + ": the weights manifest names a weight twice: " + e.getMessage(), e);
    }
  }

  private static Path modelFile(Path path) {
    if (Files.isDirectory(path)) {
      for (String name : new String[] {MODEL_JSON, MODEL_MIN_JS}) {
        if (Files.isRegularFile(path.resolve(name))) {
          return path.resolve(name);
        }
      }
      throw new TfjsFormatException("folder " + path + " holds neither " + MODEL_JSON + " nor " + MODEL_MIN_JS
          + "; give the folder of a TF.js layers model (e.g. nsfwjs's dist/models/mobilenet_v2) or its model file");
    }
    if (!Files.isRegularFile(path)) {
      throw new TfjsFormatException("TF.js model " + path + " does not exist; give a model.json, a model.min.js "
          + "or their folder");
    }
    return path;
  }

  private static boolean wrapped(Path file) {
    return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".js");
  }

  private static JsonObject modelJson(Path modelFile) {
    String text = readString(modelFile);
    if (!wrapped(modelFile)) {
      try {
        return JsonParser.parseString(text).getAsJsonObject();
      } catch (RuntimeException e) {
        throw new TfjsFormatException(modelFile + " is not a JSON object: " + e.getMessage(), e);
      }
    }
    Matcher m = EXPORTS_OBJECT.matcher(text);
    while (m.find()) {
      JsonElement value = JsLiteral.parse(text, m.end() - 1, modelFile.toString()).value();
      JsonObject o = value.getAsJsonObject();
      if (o.has("modelTopology") || o.has("weightsManifest")) {
        return o;
      }
    }
    throw new TfjsFormatException(modelFile + " exports no object literal with 'modelTopology' or "
        + "'weightsManifest' ('.exports={...}'); is it a bundled TF.js model such as nsfwjs's model.min.js?");
  }

  private static void readGroup(Path modelFile, Path dir, JsonObject group,
      ImmutableMap.Builder<String, TensorData> out) {
    ByteArrayOutputStream joined = new ByteArrayOutputStream();
    StringBuilder names = new StringBuilder();
    for (JsonElement p : group.getAsJsonArray("paths")) {
      Path shard = shardFile(modelFile, dir, p.getAsString());
      byte[] bytes = shardBytes(shard);
      joined.write(bytes, 0, bytes.length);
      names.append(names.length() == 0 ? "" : ", ").append(shard.getFileName());
    }
    ByteBuffer buffer = ByteBuffer.wrap(joined.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
    String shards = "shard(s) " + names + " of " + modelFile;
    long needed = 0;
    JsonArray entries = group.getAsJsonArray("weights");
    for (JsonElement e : entries) {
      needed += Encoding.of(e.getAsJsonObject(), shards).bytes(elementCount(e.getAsJsonObject(), shards));
    }
    if (needed != buffer.capacity()) {
      throw new TfjsFormatException(shards + " hold " + buffer.capacity() + " bytes but the manifest's "
          + entries.size() + " weights need " + needed + " (shape or dtype mismatch, or a truncated or wrong shard)");
    }
    for (JsonElement e : entries) {
      JsonObject w = e.getAsJsonObject();
      String name = w.get("name").getAsString();
      long[] shape = shape(w, shards);
      int n = elementCount(w, shards);
      out.put(name, new TensorData(name, shape, Encoding.of(w, shards).decode(buffer, n)));
    }
  }

  private static Path shardFile(Path modelFile, Path dir, String path) {
    for (String candidate : new String[] {path, path + ".min.js", path + ".js"}) {
      Path f = dir.resolve(candidate);
      if (Files.isRegularFile(f)) {
        return f;
      }
    }
    throw new TfjsFormatException("the weights manifest of " + modelFile + " names shard '" + path + "', but "
        + dir.resolve(path) + " (or " + path + ".min.js) does not exist; copy the model's shards next to it");
  }

  private static byte[] shardBytes(Path shard) {
    if (!wrapped(shard)) {
      try {
        return Files.readAllBytes(shard);
      } catch (IOException e) {
        throw new TfjsFormatException("cannot read shard " + shard + ": " + e.getMessage(), e);
      }
    }
    String text = readString(shard);
    Matcher m = EXPORTS_STRING.matcher(text);
    if (!m.find()) {
      throw new TfjsFormatException(shard + " exports no string literal ('.exports=\"...\"'); is it a bundled "
          + "TF.js shard such as nsfwjs's group1-shard1of1.min.js?");
    }
    Matcher b = BASE64.matcher(text).region(m.end(), text.length());
    b.lookingAt();
    if (b.end() >= text.length() || text.charAt(b.end()) != m.group(1).charAt(0)) {
      throw new TfjsFormatException(shard + ": the exported string at offset " + m.end()
          + " is not plain base64 up to its closing quote");
    }
    try {
      return Base64.getMimeDecoder().decode(text.substring(m.end(), b.end()));
    } catch (IllegalArgumentException e) {
      throw new TfjsFormatException(shard + ": the exported string is not valid base64: " + e.getMessage(), e);
    }
  }

  private static String readString(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new TfjsFormatException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static long[] shape(JsonObject weight, String where) {
    JsonElement s = weight.get("shape");
    if (s == null || !s.isJsonArray()) {
      throw new TfjsFormatException(where + ": weight '" + weight.get("name") + "' has no 'shape' array");
    }
    JsonArray a = s.getAsJsonArray();
    long[] shape = new long[a.size()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = a.get(i).getAsLong();
      if (shape[i] < 0) {
        throw new TfjsFormatException(where + ": weight '" + weight.get("name") + "' has a negative dimension in "
            + a);
      }
    }
    return shape;
  }

  private static int elementCount(JsonObject weight, String where) {
    long n = 1;
    for (long d : shape(weight, where)) {
      n = Math.multiplyExact(n, d);
    }
    if (n > Integer.MAX_VALUE) {
      throw new TfjsFormatException(where + ": weight '" + weight.get("name") + "' is too large (" + n + ")");
    }
    return (int) n;
  }

  /** How one weight is stored: its dtype, or its quantization. */
  private record Encoding(String dtype, Optional<Quantization> quantization) {
    record Quantization(String dtype, double min, double scale) {}

    static Encoding of(JsonObject weight, String where) {
      String name = weight.has("name") ? weight.get("name").getAsString() : "?";
      String dtype = weight.has("dtype") ? weight.get("dtype").getAsString() : "float32";
      if (!dtype.equals("float32") && !dtype.equals("int32")) {
        throw new TfjsFormatException(where + ": weight '" + name + "' has dtype '" + dtype
            + "'; only float32 and int32 weights are read");
      }
      JsonElement q = weight.get("quantization");
      if (q == null || q.isJsonNull()) {
        return new Encoding(dtype, Optional.empty());
      }
      JsonObject o = q.getAsJsonObject();
      String qtype = o.has("dtype") ? o.get("dtype").getAsString() : "?";
      switch (qtype) {
        case "uint8", "uint16" -> {
          if (!o.has("min") || !o.has("scale")) {
            throw new TfjsFormatException(where + ": weight '" + name + "' is " + qtype
                + "-quantized without 'min' and 'scale'");
          }
          return new Encoding(dtype, Optional.of(new Quantization(qtype, o.get("min").getAsDouble(),
              o.get("scale").getAsDouble())));
        }
        case "float16" -> {
          return new Encoding(dtype, Optional.of(new Quantization(qtype, 0, 1)));
        }
        default -> throw new TfjsFormatException(where + ": weight '" + name + "' has quantization dtype '" + qtype
            + "'; known: uint8, uint16, float16");
      }
    }

    long bytes(int count) {
      int width = quantization.map(q -> q.dtype().equals("uint8") ? 1 : 2).orElse(4);
      return (long) count * width;
    }

    /** Reads {@code n} values at the buffer's position, advancing it. */
    float[] decode(ByteBuffer buffer, int n) {
      float[] out = new float[n];
      if (quantization.isEmpty()) {
        for (int i = 0; i < n; i++) {
          out[i] = dtype.equals("int32") ? buffer.getInt() : buffer.getFloat();
        }
        return out;
      }
      Quantization q = quantization.get();
      for (int i = 0; i < n; i++) {
        out[i] = switch (q.dtype()) {
          case "uint8" -> (float) ((buffer.get() & 0xff) * q.scale() + q.min());
          case "uint16" -> (float) ((buffer.getShort() & 0xffff) * q.scale() + q.min());
          default -> Half.toFloat(buffer.getShort());
        };
      }
      return out;
    }
  }
}
