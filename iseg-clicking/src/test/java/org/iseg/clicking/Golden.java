package org.iseg.clicking;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.iseg.api.Click;
import org.iseg.api.testing.SharedData;

/** The golden RITM evaluation runs with the toy NearestClickModel (shared/golden/eval-nearest-click). */
public final class Golden {
  private Golden() {}

  public record Sample(String image, int height, int width, int objectPixels, int ignorePixels, List<Click> clicks) {}

  public static List<Sample> samples(String dataset) {
    try (Reader reader = Files.newBufferedReader(SharedData.golden("eval-nearest-click/" + dataset + ".json"))) {
      JsonObject root = JsonParser.parseReader(reader).getAsJsonObject();
      List<Sample> out = new ArrayList<>();
      for (JsonElement e : root.getAsJsonArray("samples")) {
        JsonObject s = e.getAsJsonObject();
        List<Click> clicks = new ArrayList<>();
        for (JsonElement c : s.getAsJsonArray("clicks")) {
          JsonArray a = c.getAsJsonArray();
          clicks.add(new Click(a.get(0).getAsInt(), a.get(1).getAsInt(), a.get(2).getAsBoolean(), clicks.size()));
        }
        out.add(new Sample(s.get("image").getAsString(), s.get("height").getAsInt(), s.get("width").getAsInt(),
            s.get("objectPixels").getAsInt(), s.get("ignorePixels").getAsInt(), List.copyOf(clicks)));
      }
      return out;
    } catch (IOException e) {
      throw new AssertionError("cannot read golden file for " + dataset, e);
    }
  }
}
