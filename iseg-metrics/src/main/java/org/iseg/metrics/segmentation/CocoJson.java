package org.iseg.metrics.segmentation;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reading COCO JSON files with messages that name the file. */
final class CocoJson {
  private CocoJson() {}

  static JsonElement read(Path file) {
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return JsonParser.parseReader(r);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    } catch (JsonParseException e) {
      throw new IllegalArgumentException(file + " is not valid JSON: " + e.getMessage(), e);
    }
  }

  static com.google.gson.JsonObject readObject(Path file) {
    JsonElement e = read(file);
    if (!e.isJsonObject()) {
      throw new IllegalArgumentException(file + " must hold a JSON object");
    }
    return e.getAsJsonObject();
  }

  static JsonArray array(com.google.gson.JsonObject o, String key, Path file) {
    if (!o.has(key) || !o.get(key).isJsonArray()) {
      throw new IllegalArgumentException(file + " has no \"" + key + "\" array");
    }
    return o.getAsJsonArray(key);
  }
}
