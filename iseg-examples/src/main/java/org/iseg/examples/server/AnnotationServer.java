package org.iseg.examples.server;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.iseg.api.Click;
import org.iseg.api.ClickHistory;
import org.iseg.api.IisModel;
import org.iseg.api.Image;
import org.iseg.api.Mask;
import org.iseg.api.Prediction;
import org.iseg.api.ProbabilityMap;
import org.iseg.api.State;

/**
 * An HTTP JSON service that puts any {@link IisModel} behind annotation tools, on the JDK's built-in
 * {@code com.sun.net.httpserver}.
 *
 * <p><b>CVAT interactor</b> ({@code POST /} or {@code POST /cvat}), stateless: the body
 * {@code {"image": base64 PNG/JPEG, "pos_points": [[x, y], ...], "neg_points": [[x, y], ...], "threshold": 0.5}}
 * gives {@code {"points": [[x, y], ...], "mask": [[0/1, ...], ...]}}: the outer outline of the largest region
 * (see {@link RegionOutline}) and the full mask, one row per image row. Points are CVAT's {@code (x, y)} =
 * (column, row); fractional coordinates fall in the pixel that contains them. Positives are clicked first,
 * then negatives, because the contract keeps no order between the two lists.
 *
 * <p><b>Sessions</b>, which keep the image, the click order and the previous prediction between calls:
 * <pre>
 * POST   /sessions              {"image": base64, "threshold"?: 0.5, "mask"?: base64 start mask}  → 201 state
 * GET    /sessions/{id}         → state
 * POST   /sessions/{id}/clicks  {"x": col, "y": row, "positive"?: true}                          → state
 * POST   /sessions/{id}/undo    → state (409 when there is no click)
 * POST   /sessions/{id}/reset   → state without clicks
 * GET    /sessions/{id}/mask    ?format=rows (default) | rle                                      → {"mask": ...}
 * DELETE /sessions/{id}         → {"deleted": id}
 * GET    /health                → {"status": "ok", "sessions": n}
 * </pre>
 * A state is {@code {"id", "width", "height", "threshold", "clicks": [{"x","y","positive"}], "area", "points",
 * "mask_rle"}} with the run-length form of {@link MaskEncoding#rle}. A start mask (grey PNG, &gt; 127 = object)
 * starts an ITER-M model from it through {@link IisModel#initialZ(Image, Mask)}.
 *
 * <p>Errors are JSON {@code {"error": message}}: 400 bad JSON, base64, image, threshold or point outside the
 * image; 404 unknown path or session; 405 wrong method (with {@code Allow}); 409 undo without clicks; 413 body
 * or image above the limits; 429 too many sessions; 500 when the model fails. Sessions idle for longer than
 * the TTL are dropped.
 *
 * <pre>{@code
 * try (AnnotationServer server = AnnotationServer.builder()
 *     .port(8080)
 *     .modelFactory(() -> myModel())
 *     .sessionTtl(Duration.ofMinutes(30))
 *     .build()
 *     .start()) {
 *   server.awaitClose();
 * }
 * }</pre>
 */
public final class AnnotationServer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(AnnotationServer.class.getName());
  private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();
  private static final double DEFAULT_THRESHOLD = 0.5;

  private final Settings settings;
  private final SessionStore sessions;
  private final ModelPool models;
  private HttpServer http;
  private ExecutorService workers;
  private ScheduledExecutorService sweeper;
  private final Object closeLock = new Object();
  private boolean closed;

  private record Settings(
      String host,
      int port,
      Supplier<IisModel> modelFactory,
      Duration sessionTtl,
      long maxBodyBytes,
      long maxPixels,
      int maxSessions,
      int threads,
      Clock clock) {}

  private AnnotationServer(Settings settings) {
    this.settings = settings;
    this.sessions = new SessionStore(settings.clock(), settings.sessionTtl(), settings.maxSessions());
    this.models = new ModelPool(settings.modelFactory(), settings.threads());
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Binds the port and starts serving; returns this server. */
  public synchronized AnnotationServer start() {
    if (http != null) {
      throw new IllegalStateException("server already started on port " + port());
    }
    // The JDK server writes headers and body in separate packets; with Nagle's algorithm on, a keep-alive
    // client's delayed ACK then stalls every small response by ~40 ms. The property is read once, when the
    // JDK's server classes load, and only if the user has not chosen otherwise.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    try {
      http = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 64);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + settings.host() + ":" + settings.port()
          + " (" + e.getMessage() + "); choose another port with --port", e);
    }
    workers = Executors.newFixedThreadPool(settings.threads(), daemon("iseg-server"));
    http.setExecutor(workers);
    http.createContext("/", this::handle);
    sweeper = Executors.newSingleThreadScheduledExecutor(daemon("iseg-session-expiry"));
    long period = Math.max(1000, Math.min(60_000, settings.sessionTtl().toMillis() / 2));
    sweeper.scheduleAtFixedRate(sessions::expire, period, period, TimeUnit.MILLISECONDS);
    http.start();
    return this;
  }

  /** The port the server listens on (the bound one when the builder asked for port 0). */
  public int port() {
    if (http == null) {
      throw new IllegalStateException("server not started; call start() first");
    }
    return http.getAddress().getPort();
  }

  /** The base address, for example {@code http://127.0.0.1:8080/}. */
  public URI uri() {
    return URI.create("http://" + settings.host() + ":" + port() + "/");
  }

  /** The number of open sessions (expired ones are dropped first). */
  public int sessionCount() {
    sessions.expire();
    return sessions.size();
  }

  /** Blocks until {@link #close()} is called from another thread (for command-line use). */
  public void awaitClose() throws InterruptedException {
    synchronized (closeLock) {
      while (!closed) {
        closeLock.wait();
      }
    }
  }

  @Override
  public void close() {
    synchronized (closeLock) {
      if (closed) {
        return;
      }
      closed = true;
      closeLock.notifyAll();
    }
    if (http != null) {
      http.stop(0);
      workers.shutdownNow();
      sweeper.shutdownNow();
    }
    models.close();
  }

  // ---------------------------------------------------------------- routing

  private void handle(HttpExchange exchange) {
    try (exchange) {
      try {
        sessions.expire();
        route(exchange);
      } catch (HttpError e) {
        sendError(exchange, e.status(), e.getMessage());
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "request " + exchange.getRequestMethod() + " " + exchange.getRequestURI() + " failed", e);
        sendError(exchange, 500, "could not answer this request: " + e);
      }
    } catch (IOException e) {
      // The client went away while we were answering; nothing to tell it.
      LOG.log(Level.FINE, "could not send a response", e);
    }
  }

  private void route(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    if (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
    // Empty segments are kept ("/sessions//clicks" names the session ""), so a missing id is a clear 404.
    List<String> parts = path.equals("/") ? List.of() : List.of(path.substring(1).split("/", -1));
    if (parts.isEmpty() || (parts.size() == 1 && parts.get(0).equals("cvat"))) {
      allow(exchange, method, "POST");
      sendText(exchange, 200, interact(readJson(exchange)));
    } else if (parts.size() == 1 && parts.get(0).equals("health")) {
      allow(exchange, method, "GET");
      JsonObject out = new JsonObject();
      out.addProperty("status", "ok");
      out.addProperty("sessions", sessions.size());
      sendJson(exchange, 200, out);
    } else if (parts.get(0).equals("sessions")) {
      routeSessions(exchange, method, parts);
    } else {
      throw HttpError.notFound("no endpoint " + path + "; use POST /, POST /sessions or GET /health");
    }
  }

  private void routeSessions(HttpExchange exchange, String method, List<String> parts) throws IOException {
    if (parts.size() == 1) {
      allow(exchange, method, "POST");
      sendJson(exchange, 201, state(createSession(readJson(exchange))));
      return;
    }
    String id = parts.get(1);
    if (parts.size() == 2) {
      allow(exchange, method, "GET", "DELETE");
      if (method.equals("GET")) {
        sendJson(exchange, 200, state(sessions.get(id)));
      } else {
        sessions.get(id);
        sessions.delete(id);
        JsonObject out = new JsonObject();
        out.addProperty("deleted", id);
        sendJson(exchange, 200, out);
      }
      return;
    }
    if (parts.size() == 3) {
      String action = parts.get(2);
      switch (action) {
        case "clicks" -> {
          allow(exchange, method, "POST");
          JsonObject body = readJson(exchange);
          AnnotationSession session = sessions.get(id);
          addClick(session, body);
          sendJson(exchange, 200, state(session));
          return;
        }
        case "undo" -> {
          allow(exchange, method, "POST");
          AnnotationSession session = sessions.get(id);
          if (!session.undo()) {
            throw new HttpError(409, "session '" + id + "' has no click to undo");
          }
          sendJson(exchange, 200, state(session));
          return;
        }
        case "reset" -> {
          allow(exchange, method, "POST");
          AnnotationSession session = sessions.get(id);
          session.reset();
          sendJson(exchange, 200, state(session));
          return;
        }
        case "mask" -> {
          allow(exchange, method, "GET");
          AnnotationSession session = sessions.get(id);
          String format = query(exchange, "format").orElse("rows");
          switch (format) {
            case "rows" -> sendText(exchange, 200,
                MaskEncoding.appendRows(new StringBuilder("{\"mask\":"), session.mask()).append('}').toString());
            case "rle" -> {
              JsonObject out = new JsonObject();
              out.add("mask", MaskEncoding.rle(session.mask()));
              sendJson(exchange, 200, out);
            }
            default -> throw HttpError.badRequest("format '" + format + "' is unknown; use format=rows or format=rle");
          }
          return;
        }
        default -> {
          // fall through to 404
        }
      }
    }
    throw HttpError.notFound("no endpoint " + exchange.getRequestURI().getPath()
        + "; sessions have /clicks, /undo, /reset and /mask");
  }

  // ---------------------------------------------------------------- endpoints

  /** The CVAT answer as JSON text; the mask rows are written directly (they are most of the bytes). */
  private String interact(JsonObject body) {
    Image image = UploadedImages.decode(requireString(body, "image"), "image", settings.maxPixels());
    double threshold = threshold(body);
    List<int[]> positives = points(body, "pos_points", image);
    List<int[]> negatives = points(body, "neg_points", image);
    if (positives.isEmpty()) {
      throw HttpError.badRequest("'pos_points' is empty; CVAT interactors need at least one positive point");
    }
    ClickHistory history = ClickHistory.empty();
    for (int[] p : positives) {
      history = history.plus(new Click(p[1], p[0], true, history.nextIndex()));
    }
    for (int[] p : negatives) {
      history = history.plus(new Click(p[1], p[0], false, history.nextIndex()));
    }
    ClickHistory clicks = history;
    Prediction prediction = models.apply(
        model -> model.predict(image, model.initialZ(image), clicks.positives(), clicks.negatives()));
    ProbabilityMap y = prediction.y();
    if (y.height() != image.height() || y.width() != image.width()) {
      throw new IllegalStateException("the model returned a " + y.height() + "x" + y.width()
          + " prediction for a " + image.height() + "x" + image.width() + " image");
    }
    Mask mask = y.threshold(threshold);
    StringBuilder out = new StringBuilder("{\"points\":").append(GSON.toJson(polygon(mask))).append(",\"mask\":");
    return MaskEncoding.appendRows(out, mask).append('}').toString();
  }

  private AnnotationSession createSession(JsonObject body) {
    Image image = UploadedImages.decode(requireString(body, "image"), "image", settings.maxPixels());
    double threshold = threshold(body);
    Optional<Mask> start = Optional.empty();
    if (body.has("mask") && !body.get("mask").isJsonNull()) {
      Image maskPixels = UploadedImages.decode(requireString(body, "mask"), "mask", settings.maxPixels());
      if (maskPixels.height() != image.height() || maskPixels.width() != image.width()) {
        throw HttpError.badRequest("'mask' is " + maskPixels.width() + "x" + maskPixels.height() + " but 'image' is "
            + image.width() + "x" + image.height() + "; send a mask of the image's size");
      }
      byte[] rgb = maskPixels.toRgbBytes();
      start = Optional.of(Mask.fromPredicate(image.height(), image.width(), i -> (rgb[3 * i] & 0xFF) > 127));
    }
    Optional<Mask> startMask = start;
    State z;
    try {
      z = models.apply(m -> startMask.isPresent() ? m.initialZ(image, startMask.get()) : m.initialZ(image));
    } catch (IllegalStateException e) {
      throw HttpError.badRequest(e.getMessage());
    }
    ProbabilityMap y = startMask.isPresent()
        ? ProbabilityMap.fromMask(startMask.get())
        : models.apply(m -> m.initialY(image));
    State startZ = z;
    return sessions.create(id -> new AnnotationSession(id, image, threshold, startZ, y, sessions.now()));
  }

  private void addClick(AnnotationSession session, JsonObject body) {
    int x = coordinate(body, "x", session.image().width(), session.image());
    int y = coordinate(body, "y", session.image().height(), session.image());
    boolean positive = true;
    if (body.has("positive")) {
      JsonElement p = body.get("positive");
      if (!p.isJsonPrimitive() || !p.getAsJsonPrimitive().isBoolean()) {
        throw HttpError.badRequest("'positive' must be true or false, got " + p);
      }
      positive = p.getAsBoolean();
    }
    boolean sign = positive;
    models.apply(model -> {
      session.addClick(y, x, sign, model);
      return null;
    });
  }

  private JsonObject state(AnnotationSession session) {
    JsonObject out = new JsonObject();
    out.addProperty("id", session.id());
    out.addProperty("width", session.image().width());
    out.addProperty("height", session.image().height());
    out.addProperty("threshold", session.threshold());
    JsonArray clicks = new JsonArray();
    for (Click click : session.history().all()) {
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

  // ---------------------------------------------------------------- request parsing

  private JsonObject readJson(HttpExchange exchange) throws IOException {
    long max = settings.maxBodyBytes();
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    if (length != null) {
      long declared;
      try {
        declared = Long.parseLong(length.trim());
      } catch (NumberFormatException e) {
        throw HttpError.badRequest("Content-Length '" + length + "' is not a number");
      }
      if (declared > max) {
        throw tooLarge(declared);
      }
    }
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
    }
    if (body.length > max) {
      throw tooLarge(body.length);
    }
    if (body.length == 0) {
      throw HttpError.badRequest("the request has no body; send a JSON object");
    }
    JsonElement parsed;
    try {
      parsed = JsonParser.parseString(new String(body, StandardCharsets.UTF_8));
    } catch (JsonParseException e) {
      throw HttpError.badRequest("the request body is not valid JSON: " + e.getMessage());
    }
    if (!parsed.isJsonObject()) {
      throw HttpError.badRequest("the request body must be a JSON object, got " + abbreviate(parsed));
    }
    return parsed.getAsJsonObject();
  }

  private HttpError tooLarge(long bytes) {
    return new HttpError(413, "the request body has " + bytes + " bytes, more than this server's limit of "
        + settings.maxBodyBytes() + "; send a smaller image or raise the limit");
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
      return DEFAULT_THRESHOLD;
    }
    double t = number(value, "threshold");
    if (!(t >= 0 && t <= 1)) {
      throw HttpError.badRequest("'threshold' must lie in [0, 1], got " + value);
    }
    return t;
  }

  private static double number(JsonElement value, String what) {
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

  private static Optional<String> query(HttpExchange exchange, String name) {
    String raw = exchange.getRequestURI().getRawQuery();
    if (raw == null) {
      return Optional.empty();
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals(name)) {
        return Optional.of(java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return Optional.empty();
  }

  private static String abbreviate(JsonElement value) {
    String s = value.toString();
    return s.length() > 60 ? s.substring(0, 57) + "..." : s;
  }

  private static void allow(HttpExchange exchange, String method, String... allowed) {
    for (String a : allowed) {
      if (a.equals(method)) {
        return;
      }
    }
    exchange.getResponseHeaders().set("Allow", String.join(", ", allowed));
    throw new HttpError(405, "method " + method + " is not allowed on " + exchange.getRequestURI().getPath()
        + "; use " + String.join(" or ", allowed));
  }

  // ---------------------------------------------------------------- responses

  private static void sendError(HttpExchange exchange, int status, String message) throws IOException {
    JsonObject out = new JsonObject();
    out.addProperty("error", message);
    out.addProperty("status", status);
    sendJson(exchange, status, out);
  }

  private static void sendJson(HttpExchange exchange, int status, JsonElement body) throws IOException {
    sendText(exchange, status, GSON.toJson(body));
  }

  private static void sendText(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return runnable -> {
      Thread t = new Thread(runnable, name);
      t.setDaemon(true);
      return t;
    };
  }

  /** Settings for {@link AnnotationServer}; only the model factory is required. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port = 8080;
    private Supplier<IisModel> modelFactory;
    private Duration sessionTtl = Duration.ofMinutes(30);
    private long maxBodyBytes = 32L << 20;
    private long maxPixels = 40_000_000L;
    private int maxSessions = 256;
    private int threads = 4;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** The address to bind; default {@code 127.0.0.1} (use {@code 0.0.0.0} to serve other machines). */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /** The TCP port; default 8080; 0 picks a free one (see {@link AnnotationServer#port()}). */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must lie in 0..65535, got " + port);
      }
      this.port = port;
      return this;
    }

    /** Creates models; called lazily, at most {@link #threads} times (one model per worker thread). */
    public Builder modelFactory(Supplier<IisModel> modelFactory) {
      this.modelFactory = Objects.requireNonNull(modelFactory, "modelFactory");
      return this;
    }

    /** How long an idle session is kept; default 30 minutes. */
    public Builder sessionTtl(Duration ttl) {
      if (ttl == null || ttl.isNegative() || ttl.isZero()) {
        throw new IllegalArgumentException("session TTL must be positive, got " + ttl);
      }
      this.sessionTtl = ttl;
      return this;
    }

    /** The largest request body accepted (413 above); default 32 MiB. */
    public Builder maxBodyBytes(long maxBodyBytes) {
      if (maxBodyBytes < 1 || maxBodyBytes > Integer.MAX_VALUE - 16) {
        throw new IllegalArgumentException("maxBodyBytes must lie in 1.." + (Integer.MAX_VALUE - 16) + ", got "
            + maxBodyBytes);
      }
      this.maxBodyBytes = maxBodyBytes;
      return this;
    }

    /** The largest image (width x height) accepted (413 above); default 40 megapixels. */
    public Builder maxPixels(long maxPixels) {
      if (maxPixels < 1) {
        throw new IllegalArgumentException("maxPixels must be positive, got " + maxPixels);
      }
      this.maxPixels = maxPixels;
      return this;
    }

    /** The most sessions open at once (429 above); default 256. */
    public Builder maxSessions(int maxSessions) {
      if (maxSessions < 1) {
        throw new IllegalArgumentException("maxSessions must be positive, got " + maxSessions);
      }
      this.maxSessions = maxSessions;
      return this;
    }

    /** Worker threads, and so the most models alive and requests predicted at once; default 4. */
    public Builder threads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be positive, got " + threads);
      }
      this.threads = threads;
      return this;
    }

    /** The clock that session expiry reads; tests inject a manual one. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public AnnotationServer build() {
      if (modelFactory == null) {
        throw new IllegalStateException("AnnotationServer needs a model: call modelFactory(() -> model) first");
      }
      return new AnnotationServer(new Settings(host, port, modelFactory, sessionTtl, maxBodyBytes, maxPixels,
          maxSessions, threads, clock));
    }
  }
}
