package org.iseg.examples.server;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.iseg.api.Click;
import org.iseg.api.Image;

/**
 * Label Studio's ML backend {@code /predict} body, read into one interaction. Label Studio sends the task (its
 * {@code data} names the image), the labelling config, and in {@code params.context.result} the smart regions
 * drawn so far: keypoints ({@code keypointlabels}, {@code is_positive}) and rectangles
 * ({@code rectanglelabels}), all in percent of the image. Positives are clicked first, then negatives (as for
 * CVAT); a rectangle adds a positive click at its centre and clips the mask to it, since the click models take
 * no box.
 *
 * <p>Images come inline ({@code data:} URIs) or from Label Studio itself: relative paths such as
 * {@code /data/upload/...} and URLs under the configured Label Studio address are fetched with its API token.
 * Any other URL is refused, so a request cannot make this server fetch arbitrary addresses.
 */
final class LabelStudioRequests {
  /** One Label Studio interaction: what to predict and where the answer goes. */
  record Predict(Image image, List<Click> clicks, Optional<int[]> box, String brushName, String toName,
      String label) {}

  private static final Pattern TAG = Pattern.compile("<([A-Za-z]+)\\b([^>]*)>");
  private static final Pattern ATTRIBUTE = Pattern.compile("([A-Za-z_]+)\\s*=\\s*\"([^\"]*)\"");

  private final RequestParser requests;
  private final Optional<URI> labelStudio;
  private final String token;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
      .followRedirects(HttpClient.Redirect.NEVER).build();

  LabelStudioRequests(RequestParser requests, Optional<URI> labelStudio, String token) {
    this.requests = requests;
    this.labelStudio = labelStudio.map(u -> URI.create(u.toString().endsWith("/") ? u.toString() : u + "/"));
    this.token = token;
  }

  /** The interaction in {@code body}, or empty when it has no smart region yet (nothing to predict). */
  Optional<Predict> predict(JsonObject body) {
    JsonArray context = path(body, "params", "context", "result")
        .filter(JsonElement::isJsonArray).map(JsonElement::getAsJsonArray).orElse(new JsonArray());
    if (context.isEmpty()) {
      return Optional.empty();
    }
    requests.checkClickCount(context.size(), "smart regions");
    JsonElement tasks = body.get("tasks");
    if (tasks == null || !tasks.isJsonArray() || tasks.getAsJsonArray().isEmpty()
        || !tasks.getAsJsonArray().get(0).isJsonObject()) {
      throw HttpError.badRequest("'tasks' must be a non-empty array of Label Studio tasks");
    }
    JsonObject task = tasks.getAsJsonArray().get(0).getAsJsonObject();
    String config = body.has("label_config") && body.get("label_config").isJsonPrimitive()
        ? body.get("label_config").getAsString() : "";

    JsonObject first = object(context.get(0), "params.context.result[0]");
    String toName = string(first, "to_name", "params.context.result[0]");
    String type = string(first, "type", "params.context.result[0]");
    String label = path(first, "value", type).filter(JsonElement::isJsonArray).map(JsonElement::getAsJsonArray)
        .filter(a -> !a.isEmpty()).map(a -> a.get(0).getAsString())
        .orElseThrow(() -> HttpError.badRequest("the first smart region has no " + type + " label"));
    String brushName = tagAttribute(config, "BrushLabels", "toName", toName, "name").orElseThrow(() ->
        HttpError.badRequest("the labelling config has no <BrushLabels toName=\"" + toName + "\">; iseg answers "
            + "with brush masks"));
    Image image = image(task, config, toName);

    List<double[]> positives = new ArrayList<>();
    List<double[]> negatives = new ArrayList<>();
    int[] box = null;
    for (int i = 0; i < context.size(); i++) {
      String where = "params.context.result[" + i + "]";
      JsonObject region = object(context.get(i), where);
      JsonObject value = path(region, "value").filter(JsonElement::isJsonObject).map(JsonElement::getAsJsonObject)
          .orElseThrow(() -> HttpError.badRequest("'" + where + ".value' is missing"));
      double x = percent(value, "x", where);
      double y = percent(value, "y", where);
      switch (string(region, "type", where)) {
        case "keypointlabels" -> {
          // Label Studio marks Alt-clicked (negative) keypoints with is_positive: false.
          JsonElement positive = region.get("is_positive");
          boolean isPositive = positive == null || positive.isJsonNull() || positive.getAsBoolean();
          (isPositive ? positives : negatives).add(new double[] {x, y});
        }
        case "rectanglelabels" -> {
          double w = percent(value, "width", where);
          double h = percent(value, "height", where);
          box = new int[] {pixel(y, image.height()), pixel(x, image.width()), pixel(y + h, image.height()),
              pixel(x + w, image.width())};
          positives.add(new double[] {x + w / 2, y + h / 2});
        }
        default -> throw HttpError.badRequest("'" + where + ".type' is " + region.get("type")
            + "; iseg takes keypointlabels and rectanglelabels");
      }
    }
    if (positives.isEmpty()) {
      throw HttpError.badRequest("no positive keypoint or rectangle yet; place a positive point first");
    }
    List<Click> clicks = new ArrayList<>();
    for (double[] p : positives) {
      clicks.add(new Click(pixel(p[1], image.height()), pixel(p[0], image.width()), true, clicks.size()));
    }
    for (double[] p : negatives) {
      clicks.add(new Click(pixel(p[1], image.height()), pixel(p[0], image.width()), false, clicks.size()));
    }
    return Optional.of(new Predict(image, List.copyOf(clicks), Optional.ofNullable(box), brushName, toName, label));
  }

  // ---------------------------------------------------------------- the image

  private Image image(JsonObject task, String config, String toName) {
    JsonObject data = path(task, "data").filter(JsonElement::isJsonObject).map(JsonElement::getAsJsonObject)
        .orElseThrow(() -> HttpError.badRequest("'tasks[0].data' is missing"));
    // <Image name="image" value="$image"/>: the task's data key that holds the image.
    String key = tagAttribute(config, "Image", "name", toName, "value").filter(v -> v.startsWith("$"))
        .map(v -> v.substring(1)).orElseGet(() -> data.size() == 1 ? data.keySet().iterator().next() : "image");
    JsonElement ref = data.get(key);
    if (ref == null || !ref.isJsonPrimitive()) {
      throw HttpError.badRequest("'tasks[0].data." + key + "' (the image of <Image name=\"" + toName
          + "\">) is missing");
    }
    String url = ref.getAsString();
    if (url.startsWith("data:")) {
      return requests.image(UploadedImages.base64(url, "tasks[0].data." + key), "tasks[0].data." + key);
    }
    return requests.image(fetch(url), url);
  }

  private byte[] fetch(String url) {
    URI base = labelStudio.orElseThrow(() -> HttpError.badRequest("the task's image is " + url + "; start the "
        + "server with --label-studio-url (and --label-studio-token) so that it can fetch Label Studio's images"));
    URI target;
    try {
      target = url.startsWith("/") ? base.resolve(url.substring(1)) : URI.create(url);
    } catch (IllegalArgumentException e) {
      throw HttpError.badRequest("the task's image '" + url + "' is not a URL");
    }
    if (!target.normalize().toString().startsWith(base.toString())) {
      throw HttpError.badRequest("the task's image " + url + " is not under " + base + "; this server fetches "
          + "images only from the Label Studio it was given (--label-studio-url)");
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(30)).GET();
    if (!token.isEmpty()) {
      request.header("Authorization", "Token " + token);
    }
    try {
      HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = response.body()) {
        if (response.statusCode() != 200) {
          throw new HttpError(502, "Label Studio answered " + response.statusCode() + " for " + target
              + (response.statusCode() == 401 || response.statusCode() == 403 ? "; check --label-studio-token" : ""));
        }
        byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, requests.maxBodyBytes() + 1));
        if (bytes.length > requests.maxBodyBytes()) {
          throw new HttpError(413, "the image at " + target + " is larger than this server's limit of "
              + requests.maxBodyBytes() + " bytes");
        }
        return bytes;
      }
    } catch (IOException e) {
      throw new HttpError(502, "could not fetch " + target + " from Label Studio: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HttpError(503, "server is shutting down");
    }
  }

  // ---------------------------------------------------------------- helpers

  /** The attribute {@code wanted} of the first {@code <tag>} whose {@code key} attribute is {@code value}. */
  static Optional<String> tagAttribute(String config, String tag, String key, String value, String wanted) {
    Matcher m = TAG.matcher(config);
    while (m.find()) {
      if (!m.group(1).equals(tag)) {
        continue;
      }
      Map<String, String> attributes = new HashMap<>();
      Matcher a = ATTRIBUTE.matcher(m.group(2));
      while (a.find()) {
        attributes.put(a.group(1), a.group(2));
      }
      if (value.equals(attributes.get(key)) && attributes.containsKey(wanted)) {
        return Optional.of(attributes.get(wanted));
      }
    }
    return Optional.empty();
  }

  private static Optional<JsonElement> path(JsonObject root, String... keys) {
    JsonElement at = root;
    for (String key : keys) {
      if (at == null || !at.isJsonObject()) {
        return Optional.empty();
      }
      at = at.getAsJsonObject().get(key);
    }
    return at == null || at.isJsonNull() ? Optional.empty() : Optional.of(at);
  }

  private static JsonObject object(JsonElement e, String where) {
    if (!e.isJsonObject()) {
      throw HttpError.badRequest("'" + where + "' must be an object, got " + RequestParser.abbreviate(e));
    }
    return e.getAsJsonObject();
  }

  private static String string(JsonObject o, String field, String where) {
    JsonElement e = o.get(field);
    if (e == null || !e.isJsonPrimitive()) {
      throw HttpError.badRequest("'" + where + "." + field + "' is missing");
    }
    return e.getAsString();
  }

  private static double percent(JsonObject value, String field, String where) {
    JsonElement e = value.get(field);
    if (e == null) {
      throw HttpError.badRequest("'" + where + ".value." + field + "' is missing");
    }
    double p = RequestParser.number(e, where + ".value." + field);
    if (p < 0 || p > 100) {
      throw HttpError.badRequest("'" + where + ".value." + field + "' = " + p + " lies outside 0..100 percent");
    }
    return p;
  }

  /** The pixel that holds {@code percent} % of {@code size}; 100 % is the last pixel. */
  private static int pixel(double percent, int size) {
    return Math.min(size - 1, (int) Math.floor(percent / 100 * size));
  }
}
