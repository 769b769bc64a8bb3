package org.iseg.examples.server;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.iseg.api.Click;
import org.iseg.api.Mask;
import org.iseg.engine.session.InteractiveSession;
import org.iseg.examples.server.AnnotationSession.Snapshot;
import org.iseg.examples.server.RequestParser.MaskFormat;

/** The server's answers as JSON text, and sending them; every answer, errors included, is JSON. */
final class JsonReplies {
  // Messages quote with ' and name paths: HTML escaping would only make them unreadable.
  private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

  private JsonReplies() {}

  /** CVAT's answer; the mask rows are written directly (they are most of the bytes). */
  static String cvat(Mask mask) {
    StringBuilder out = new StringBuilder("{\"points\":").append(GSON.toJson(polygon(mask))).append(",\"mask\":");
    return MaskEncoding.appendRows(out, mask).append('}').toString();
  }

  /** {@code {"id", "width", "height", "threshold", "brs_mode", "clicks", "area", "points", "mask_rle"}}. */
  static String state(Snapshot snapshot) {
    InteractiveSession session = snapshot.session();
    JsonObject out = new JsonObject();
    out.addProperty("id", snapshot.id());
    out.addProperty("width", session.image().width());
    out.addProperty("height", session.image().height());
    out.addProperty("threshold", session.threshold());
    out.addProperty("brs_mode", snapshot.brs().mode().ritmName());
    JsonArray clicks = new JsonArray();
    for (Click click : session.clicks().all()) {
      JsonObject c = new JsonObject();
      c.addProperty("x", click.col());
      c.addProperty("y", click.row());
      c.addProperty("positive", click.positive());
      clicks.add(c);
    }
    out.add("clicks", clicks);
    Mask mask = session.mask();
    out.addProperty("area", mask.area());
    out.add("points", polygon(mask));
    out.add("mask_rle", MaskEncoding.rle(mask));
    return GSON.toJson(out);
  }

  /** {@code {"mask": ...}} as rows of 0/1 or as RLE. */
  static String mask(Mask mask, MaskFormat format) {
    return switch (format) {
      case ROWS -> MaskEncoding.appendRows(new StringBuilder("{\"mask\":"), mask).append('}').toString();
      case RLE -> {
        JsonObject out = new JsonObject();
        out.add("mask", MaskEncoding.rle(mask));
        yield GSON.toJson(out);
      }
    };
  }

  /** Label Studio's health answer ({@code "status": "UP"}), with the open sessions. */
  static String health(int sessions, String modelVersion) {
    JsonObject out = object("status", "UP");
    out.addProperty("model_version", modelVersion);
    out.addProperty("sessions", sessions);
    return GSON.toJson(out);
  }

  /** Label Studio's {@code /setup} answer. */
  static String setup(String modelVersion) {
    return GSON.toJson(object("model_version", modelVersion));
  }

  /**
   * Label Studio's {@code /predict} answer: one prediction whose result is the mask as a brush region
   * ({@code brushlabels}, {@link BrushRle}) labelled like the smart region; no prediction without a request
   * (no smart region yet) and no region for an empty mask.
   */
  static String labelStudio(LabelStudioRequests.Predict request, Mask mask, String modelVersion) {
    JsonArray result = new JsonArray();
    if (!mask.isEmpty()) {
      JsonObject region = new JsonObject();
      region.addProperty("id", "iseg-" + Integer.toHexString(request.clicks().hashCode()));
      region.addProperty("from_name", request.brushName());
      region.addProperty("to_name", request.toName());
      region.addProperty("type", "brushlabels");
      region.addProperty("original_width", mask.width());
      region.addProperty("original_height", mask.height());
      region.addProperty("image_rotation", 0);
      JsonObject value = new JsonObject();
      value.addProperty("format", "rle");
      JsonArray rle = new JsonArray();
      for (int b : BrushRle.encode(mask)) {
        rle.add(b);
      }
      value.add("rle", rle);
      JsonArray labels = new JsonArray();
      labels.add(request.label());
      value.add("brushlabels", labels);
      region.add("value", value);
      region.addProperty("readonly", false);
      result.add(region);
    }
    JsonObject prediction = new JsonObject();
    prediction.add("result", result);
    prediction.addProperty("model_version", modelVersion);
    JsonArray results = new JsonArray();
    results.add(prediction);
    return labelStudioResults(results, modelVersion);
  }

  /** {@code {"results": [], "model_version"}}: nothing to predict yet. */
  static String labelStudioNothing(String modelVersion) {
    return labelStudioResults(new JsonArray(), modelVersion);
  }

  private static String labelStudioResults(JsonArray results, String modelVersion) {
    JsonObject out = new JsonObject();
    out.add("results", results);
    out.addProperty("model_version", modelVersion);
    return GSON.toJson(out);
  }

  /** Label Studio's webhooks are acknowledged: iseg does not train from annotations. */
  static String webhook(String action) {
    JsonObject out = object("action", action);
    out.addProperty("status", "ignored");
    return GSON.toJson(out);
  }

  static String deleted(String id) {
    return GSON.toJson(object("deleted", id));
  }

  static String error(int status, String message) {
    JsonObject out = object("error", message);
    out.addProperty("status", status);
    return GSON.toJson(out);
  }

  static final String CONTENT_TYPE = "application/json; charset=utf-8";

  static ByteBuffer bytes(String json) {
    return ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code {key: value}}, to add more properties to in order. */
  private static JsonObject object(String key, String value) {
    JsonObject out = new JsonObject();
    out.addProperty(key, value);
    return out;
  }

  private static JsonArray polygon(Mask mask) {
    JsonArray points = new JsonArray();
    for (int[] p : RegionOutline.largest(mask)) {
      JsonArray point = new JsonArray(2);
      point.add(p[0]);
      point.add(p[1]);
      points.add(point);
    }
    return points;
  }
}
