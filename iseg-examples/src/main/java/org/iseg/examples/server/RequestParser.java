package org.iseg.examples.server;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Semaphore;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.iseg.api.Click;
import org.iseg.api.Image;
import org.iseg.api.Mask;
import org.iseg.engine.predictors.BrsMode;
import org.iseg.engine.session.InteractiveSession;

/**
 * Everything the server accepts from a client passes through here: the body is read within the size limit,
 * parsed as JSON and checked field by field into typed requests, and anything wrong is refused with an
 * {@link HttpError} that names the field (400, 413). Handlers only ever see valid requests, so limits on what a
 * client may send belong in this class.
 */
final class RequestParser {
  /** CVAT's stateless call: one prediction for every point, positives first. */
  record Interact(Image image, double threshold, List<Click> clicks) {}

  /** {@code POST /sessions}. */
  record NewSession(Image image, double threshold, Optional<Mask> startMask, BrsChoice brs) {}

  /** {@code POST /sessions/{id}/clicks}, already checked against the session's image. */
  record ClickAt(int row, int col, boolean positive) {}

  /** {@code GET /sessions/{id}/mask?format=...}. */
  enum MaskFormat {
    ROWS,
    RLE
  }

  /** An oversized body is read and dropped up to this many bytes, so the client sees the 413 and no reset. */
  private static final long DISCARD_LIMIT = 256L << 20;

  private final long maxBodyBytes;
  private final long maxPixels;
  private final int maxClicks;
  private final int maxBrsIterations;
  /** Decoding inflates a body into pixels; bounding how many run at once bounds that memory. */
  private final Semaphore decoders;

  RequestParser(long maxBodyBytes, long maxPixels, int maxClicks, int maxBrsIterations, int concurrentDecodes) {
    this.maxBodyBytes = maxBodyBytes;
    this.maxPixels = maxPixels;
    this.maxClicks = maxClicks;
    this.maxBrsIterations = maxBrsIterations;
    this.decoders = new Semaphore(concurrentDecodes, true);
  }

  int maxClicks() {
    return maxClicks;
  }

  // ---------------------------------------------------------------- requests

  Interact interact(Exchange exchange) throws IOException {
    JsonObject body = json(exchange);
    // Counted before the image is decoded: the model's click maps grow with points x pixels.
    checkClickCount(count(body, "pos_points") + count(body, "neg_points"), "points");
    Image image = image(body, "image", pixels -> {});
    double threshold = threshold(body);
    List<int[]> positives = points(body, "pos_points", image);
    List<int[]> negatives = points(body, "neg_points", image);
    if (positives.isEmpty()) {
      throw HttpError.badRequest("'pos_points' is empty; CVAT interactors need at least one positive point");
    }
    // The contract keeps no order between the two lists, so positives are clicked first.
    List<Click> clicks = new ArrayList<>();
    for (int[] p : positives) {
      clicks.add(new Click(p[1], p[0], true, clicks.size()));
    }
    for (int[] p : negatives) {
      clicks.add(new Click(p[1], p[0], false, clicks.size()));
    }
    return new Interact(image, threshold, List.copyOf(clicks));
  }

  /** {@code admit} sees the image's pixel count before it is decoded (the sessions' memory budget). */
  NewSession newSession(Exchange exchange, LongConsumer admit) throws IOException {
    JsonObject body = json(exchange);
    BrsChoice brs = brs(body); // before the image is decoded: cheap to refuse
    Image image = image(body, "image", admit);
    double threshold = threshold(body);
    Optional<Mask> start = Optional.empty();
    if (body.has("mask") && !body.get("mask").isJsonNull()) {
      Image maskPixels = image(body, "mask", pixels -> {});
      if (maskPixels.height() != image.height() || maskPixels.width() != image.width()) {
        throw HttpError.badRequest("'mask' is " + maskPixels.width() + "x" + maskPixels.height() + " but 'image' is "
            + image.width() + "x" + image.height() + "; send a mask of the image's size");
      }
      byte[] rgb = maskPixels.toRgbBytes();
      start = Optional.of(Mask.fromPredicate(image.height(), image.width(), i -> (rgb[3 * i] & 0xFF) > 127));
    }
    return new NewSession(image, threshold, start, brs);
  }

  /**
   * A session's {@code "brs_mode"} (RITM's names; default NoBRS), {@code "net_clicks_limit"} (1..this server's
   * clicks limit; default the mode's) and {@code "lbfgs_max_iterations"} (1..this server's cap, which bounds the
   * network passes of one click).
   */
  BrsChoice brs(JsonObject body) {
    BrsMode mode = BrsMode.NO_BRS;
    JsonElement value = body.get("brs_mode");
    if (value != null && !value.isJsonNull()) {
      if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
        throw HttpError.badRequest("'brs_mode' must be a string, one of " + BrsChoice.MODES + "; got "
            + abbreviate(value));
      }
      try {
        mode = BrsMode.parse(value.getAsString());
      } catch (IllegalArgumentException e) {
        throw HttpError.badRequest("'brs_mode': " + e.getMessage());
      }
    }
    OptionalInt netClicks = OptionalInt.empty();
    if (body.has("net_clicks_limit") && !body.get("net_clicks_limit").isJsonNull()) {
      netClicks = OptionalInt.of(integer(body.get("net_clicks_limit"), "net_clicks_limit", 1, maxClicks,
          "this server's clicks limit"));
    }
    int iterations = Math.min(BrsChoice.DEFAULT_MAX_ITERATIONS, maxBrsIterations);
    if (body.has("lbfgs_max_iterations") && !body.get("lbfgs_max_iterations").isJsonNull()) {
      iterations = integer(body.get("lbfgs_max_iterations"), "lbfgs_max_iterations", 1, maxBrsIterations,
          "this server's cap (--max-brs-iterations), which bounds one click's work");
    }
    return new BrsChoice(mode, netClicks, iterations);
  }

  /** An integer in [min, max]; {@code maxWhat} names where the maximum comes from. */
  private static int integer(JsonElement value, String field, int min, int max, String maxWhat) {
    double d = number(value, field);
    if (d != Math.rint(d)) {
      throw HttpError.badRequest("'" + field + "' must be an integer, got " + value);
    }
    if (d < min || d > max) {
      throw HttpError.badRequest("'" + field + "' must lie in " + min + ".." + max + " (" + maxWhat + "), got "
          + value);
    }
    return (int) d;
  }

  /**
   * A click on {@code image}, the session's: {@code {"x": col, "y": row, "positive"?: true}}. The body is read
   * with {@link #json} before the session is looked up, so a bad body is a 400 even for an unknown session.
   */
  ClickAt click(JsonObject body, Image image, int clicksSoFar) {
    if (clicksSoFar >= maxClicks) {
      throw tooManyClicks("this session's " + clicksSoFar + " clicks");
    }
    int x = coordinate(body, "x", image.width(), image);
    int y = coordinate(body, "y", image.height(), image);
    boolean positive = true;
    if (body.has("positive")) {
      JsonElement p = body.get("positive");
      if (!p.isJsonPrimitive() || !p.getAsJsonPrimitive().isBoolean()) {
        throw HttpError.badRequest("'positive' must be true or false, got " + p);
      }
      positive = p.getAsBoolean();
    }
    return new ClickAt(y, x, positive);
  }

  static MaskFormat maskFormat(Exchange exchange) {
    String format = query(exchange, "format").orElse("rows");
    return switch (format) {
      case "rows" -> MaskFormat.ROWS;
      case "rle" -> MaskFormat.RLE;
      default -> throw HttpError.badRequest("format '" + format + "' is unknown; use format=rows or format=rle");
    };
  }

  // ---------------------------------------------------------------- body and fields

  /** The body as a JSON object, read within the size limit. */
  JsonObject json(Exchange exchange) throws IOException {
    String length = exchange.header("Content-Length");
    if (length != null) {
      long declared;
      try {
        declared = Long.parseLong(length.trim());
      } catch (NumberFormatException e) {
        throw HttpError.badRequest("Content-Length '" + length + "' is not a number");
      }
      if (declared > maxBodyBytes) {
        // A client that waits for 100 Continue has sent nothing yet: refuse without asking for the body.
        if (!exchange.expectsContinue()) {
          discard(exchange.body());
        }
        throw tooLarge(declared);
      }
    }
    byte[] body;
    InputStream in = exchange.body();
    // One byte past the limit tells a too-large chunked body apart without reading all of it.
    body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
    if (body.length > maxBodyBytes) {
      discard(in);
      throw tooLarge(body.length);
    }
    in.close();
    if (body.length == 0) {
      throw HttpError.badRequest("the request has no body; send a JSON object");
    }
    JsonElement parsed;
    try {
      parsed = JsonParser.parseString(new String(body, StandardCharsets.UTF_8));
    } catch (JsonParseException e) {
      throw HttpError.badRequest("the request body is not valid JSON: " + jsonProblem(e));
    }
    if (!parsed.isJsonObject()) {
      throw HttpError.badRequest("the request body must be a JSON object, got " + abbreviate(parsed));
    }
    return parsed.getAsJsonObject();
  }

  /**
   * Reads and drops the rest of an oversized body (up to {@link #DISCARD_LIMIT}): a connection closed with
   * unread request bytes sends the client a reset, and a client still sending would lose our 413 to it.
   */
  private static void discard(InputStream in) throws IOException {
    long left = DISCARD_LIMIT;
    byte[] sink = new byte[64 << 10];
    int n;
    while (left > 0 && (n = in.read(sink, 0, (int) Math.min(sink.length, left))) > 0) {
      left -= n;
    }
  }

  private HttpError tooManyClicks(String what) {
    return new HttpError(413, what + " are more than this server's limit of " + maxClicks + " clicks per "
        + "object; the click encoding's memory grows with every point (raise the limit with --max-clicks)");
  }

  private HttpError tooLarge(long bytes) {
    return new HttpError(413, "the request body has " + bytes + " bytes, more than this server's limit of "
        + maxBodyBytes + "; send a smaller image or raise the limit");
  }

  private Image image(JsonObject body, String field, LongConsumer admit) {
    String base64 = requireString(body, field);
    return bounded(() -> UploadedImages.decode(base64, field, maxPixels, admit));
  }

  /** An encoded image fetched for a request (Label Studio's), decoded under the same limits. */
  Image image(byte[] encoded, String what) {
    return bounded(() -> UploadedImages.decode(encoded, what, maxPixels, pixels -> {}));
  }

  /** Runs a decode while holding one of the decoder permits. */
  private Image bounded(Supplier<Image> decode) {
    try {
      decoders.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HttpError(503, "server is shutting down");
    }
    try {
      return decode.get();
    } finally {
      decoders.release();
    }
  }

  /** Refuses {@code count} clicks for one object above the limit (413). */
  void checkClickCount(int count, String what) {
    if (count > maxClicks) {
      throw tooManyClicks(count + " " + what);
    }
  }

  long maxBodyBytes() {
    return maxBodyBytes;
  }

  /** The length of the array {@code field} (0 when absent); its items are checked later. */
  private static int count(JsonObject body, String field) {
    JsonElement value = body.get(field);
    return value != null && value.isJsonArray() ? value.getAsJsonArray().size() : 0;
  }

  private static String requireString(JsonObject body, String field) {
    JsonElement value = body.get(field);
    if (value == null || value.isJsonNull()) {
      throw HttpError.badRequest("field '" + field + "' is missing");
    }
    if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
      throw HttpError.badRequest("field '" + field + "' must be a string, got " + abbreviate(value));
    }
    return value.getAsString();
  }

  private static double threshold(JsonObject body) {
    JsonElement value = body.get("threshold");
    if (value == null || value.isJsonNull()) {
      return InteractiveSession.DEFAULT_THRESHOLD;
    }
    double t = number(value, "threshold");
    if (!(t >= 0 && t <= 1)) {
      throw HttpError.badRequest("'threshold' must lie in [0, 1], got " + value);
    }
    return t;
  }

  static double number(JsonElement value, String what) {
    if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
      throw HttpError.badRequest("'" + what + "' must be a number, got " + abbreviate(value));
    }
    double d = value.getAsDouble();
    if (!Double.isFinite(d)) {
      throw HttpError.badRequest("'" + what + "' must be finite, got " + value);
    }
    return d;
  }

  private static int coordinate(JsonObject body, String field, int limit, Image image) {
    JsonElement value = body.get(field);
    if (value == null || value.isJsonNull()) {
      throw HttpError.badRequest("field '" + field + "' is missing; a click is {\"x\": col, \"y\": row}");
    }
    return pixel(number(value, field), limit, "'" + field + "' = " + value, image);
  }

  /** The pixel that contains coordinate {@code v}: {@code floor(v)}, which must lie in [0, limit). */
  private static int pixel(double v, int limit, String what, Image image) {
    double f = Math.floor(v);
    if (f < 0 || f >= limit) {
      throw HttpError.badRequest(what + " lies outside the " + image.width() + "x" + image.height()
          + " image (x 0.." + (image.width() - 1) + ", y 0.." + (image.height() - 1) + ")");
    }
    return (int) f;
  }

  /** {@code [[x, y], ...]} as pixel {x, y} pairs; an absent field is no point. */
  private static List<int[]> points(JsonObject body, String field, Image image) {
    JsonElement value = body.get(field);
    if (value == null || value.isJsonNull()) {
      return List.of();
    }
    if (!value.isJsonArray()) {
      throw HttpError.badRequest("'" + field + "' must be an array of [x, y] points, got " + abbreviate(value));
    }
    List<int[]> out = new ArrayList<>();
    JsonArray array = value.getAsJsonArray();
    for (int i = 0; i < array.size(); i++) {
      JsonElement point = array.get(i);
      String where = field + "[" + i + "]";
      if (!point.isJsonArray() || point.getAsJsonArray().size() != 2) {
        throw HttpError.badRequest("'" + where + "' must be an [x, y] pair, got " + abbreviate(point));
      }
      JsonArray pair = point.getAsJsonArray();
      int x = pixel(number(pair.get(0), where + "[0]"), image.width(), where + " = " + pair, image);
      int y = pixel(number(pair.get(1), where + "[1]"), image.height(), where + " = " + pair, image);
      out.add(new int[] {x, y});
    }
    return out;
  }

  /** Gson's own words without the wrapped exception's class name or its link to the troubleshooting guide. */
  private static String jsonProblem(JsonParseException e) {
    Throwable cause = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause() : e;
    String message = String.valueOf(cause.getMessage());
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  private static Optional<String> query(Exchange exchange, String name) {
    String raw = exchange.rawQuery().orElse(null);
    if (raw == null) {
      return Optional.empty();
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals(name)) {
        return Optional.of(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return Optional.empty();
  }

  static String abbreviate(JsonElement value) {
    String s = value.toString();
    return s.length() > 60 ? s.substring(0, 57) + "..." : s;
  }
}
