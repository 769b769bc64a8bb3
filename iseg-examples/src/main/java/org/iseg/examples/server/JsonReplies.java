package org.iseg.examples.server;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
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

  /** {@code {"id", "width", "height", "threshold", "clicks", "area", "points", "mask_rle"}} of one state. */
  static String state(Snapshot snapshot) {
    InteractiveSession session = snapshot.session();
    JsonObject out = new JsonObject();
    out.addProperty("id", snapshot.id());
    out.addProperty("width", session.image().width());
    out.addProperty("height", session.image().height());
    out.addProperty("threshold", session.threshold());
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

  static String health(int sessions) {
    JsonObject out = new JsonObject();
    out.addProperty("status", "ok");
    out.addProperty("sessions", sessions);
    return GSON.toJson(out);
  }

  static String deleted(String id) {
    JsonObject out = new JsonObject();
    out.addProperty("deleted", id);
    return GSON.toJson(out);
  }

  static String error(int status, String message) {
    JsonObject out = new JsonObject();
    out.addProperty("error", message);
    out.addProperty("status", status);
    return GSON.toJson(out);
  }

  static void send(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
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
