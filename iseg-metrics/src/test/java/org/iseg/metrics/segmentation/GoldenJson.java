package org.iseg.metrics.segmentation;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.iseg.api.testing.SharedData;

/** Reading {@code shared/golden/metrics}: JSON where {@code null} means NaN. */
final class GoldenJson {
  private GoldenJson() {}

  static Path dir() {
    return SharedData.golden("metrics");
  }

  static JsonObject reference(String name) {
    return read(dir().resolve("reference").resolve(name));
  }

  static JsonObject read(Path file) {
    try {
      return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static double number(JsonElement e) {
    return e.isJsonNull() ? Double.NaN : e.getAsDouble();
  }

  static double[] numbers(JsonArray a) {
    double[] out = new double[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = number(a.get(i));
    }
    return out;
  }

  /** |a - b|, 0 when both are NaN, infinity when only one is. */
  static double diff(double a, double b) {
    if (Double.isNaN(a) || Double.isNaN(b)) {
      return Double.isNaN(a) && Double.isNaN(b) ? 0 : Double.POSITIVE_INFINITY;
    }
    return Math.abs(a - b);
  }
}
