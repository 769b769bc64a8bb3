package org.iseg.examples.server;

import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.iseg.api.IisModel;
import org.iseg.api.Image;
import org.iseg.api.Mask;
import org.iseg.engine.session.InteractiveSession;

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
 * GET    /health                → {"status": "UP", "model_version", "sessions": n}
 * </pre>
 * A state is {@code {"id", "width", "height", "threshold", "clicks": [{"x","y","positive"}], "area", "points",
 * "mask_rle"}} with the run-length form of {@link MaskEncoding#rle}. A start mask (grey PNG, &gt; 127 = object)
 * starts an ITER-M model from it through {@link IisModel#initialZ(Image, Mask)}.
 *
 * <p><b>Label Studio ML backend</b>: {@code POST /predict} (smart keypoints and rectangles in
 * {@code params.context} to a {@code brushlabels} region, see {@link LabelStudioRequests} and {@link BrushRle}),
 * {@code POST /setup}, {@code POST /webhook}, and {@code GET /health} / {@code GET /} with
 * {@code "status": "UP"}.
 *
 * <p>Errors are JSON {@code {"error": message}}: 400 bad JSON, base64, image (truncated included), threshold or
 * point outside the image; 403 a foreign {@code Origin} or {@code Host} ({@link OriginCheck}); 404 unknown path
 * or session; 405 wrong method (with {@code Allow}); 409 undo without clicks; 413 body, image or points above
 * the limits; 429 too many sessions (in all, or for one client); 503 the sessions' memory budget is used up;
 * 500 when the model fails (no internals; they go to the log). Sessions idle for longer than the TTL are
 * dropped. {@link #start()} fails when the model cannot load or predict.
 *
 * <p><b>Structure.</b> This class holds the lifecycle (builder, start, close) and the routes; each route hands
 * the exchange to {@link RequestParser}, which reads and validates the request into a typed value (all limits
 * on what clients send live there), passes that to {@link SessionService}, which runs the interaction over the
 * {@link SessionStore} and the {@link ModelPool} with the engine's {@code InteractiveSession}, and answers with
 * {@link JsonReplies}.
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
  /**
   * Seconds from a request's first byte to our answer's headers, and for the answer to be taken, before the
   * JDK server closes the connection. The first also bounds our own work (waiting for a model, predicting), so
   * it exceeds {@link #MODEL_WAIT} plus a slow prediction.
   */
  static final int REQUEST_SECONDS = 120;
  static final int RESPONSE_SECONDS = 60;
  /** The longest a request waits for a free model before 503. */
  static final Duration MODEL_WAIT = Duration.ofSeconds(60);
  /**
   * Connection threads beyond the model threads (see start()). The JDK server parks a thread on every
   * connection that has begun but not finished its request, so this many stalled clients hold /health off
   * until {@link #REQUEST_SECONDS}; idle threads cost little.
   */
  static final int CONNECTION_THREADS = 64;
  /** Endpoints of one path segment: CVAT's, health, and Label Studio's ML backend. */
  private static final Set<String> ROOT_ROUTES = Set.of("", "cvat", "health", "setup", "webhook", "predict");

  private final Settings settings;
  private final SessionStore sessions;
  private final ModelPool models;
  private final RequestParser requests;
  private final SessionService service;
  private final OriginCheck origins;
  private final LabelStudioRequests labelStudio;
  /** "iseg " and the model's name, known once start() has run the model. */
  private volatile String modelVersion = "iseg";
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
      int maxClicks,
      int maxSessions,
      int maxSessionsPerClient,
      long sessionMemoryBytes,
      Set<String> allowedOrigins,
      Optional<URI> labelStudioUrl,
      String labelStudioToken,
      int threads,
      Duration modelWait,
      Clock clock) {}

  private AnnotationServer(Settings settings) {
    this.settings = settings;
    this.sessions = new SessionStore(settings.clock(), settings.sessionTtl(), settings.maxSessions(),
        settings.maxSessionsPerClient(), settings.sessionMemoryBytes());
    this.models = new ModelPool(settings.modelFactory(), settings.threads(), settings.modelWait());
    this.requests = new RequestParser(settings.maxBodyBytes(), settings.maxPixels(), settings.maxClicks(),
        settings.threads());
    this.origins = new OriginCheck(settings.host(), settings.allowedOrigins());
    this.labelStudio = new LabelStudioRequests(requests, settings.labelStudioUrl(), settings.labelStudioToken());
    this.service = new SessionService(sessions, models);
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
    defaultProperty("sun.net.httpserver.nodelay", "true");
    // The JDK server reads a request line on a worker thread and, by default, waits for it forever: a client
    // that stalls mid-request holds a worker until these limits (seconds, from the first byte to our answer's
    // headers, and for the answer) close its connection. JVM-wide and read once, like nodelay; -D wins.
    defaultProperty("sun.net.httpserver.maxReqTime", String.valueOf(REQUEST_SECONDS));
    defaultProperty("sun.net.httpserver.maxRspTime", String.valueOf(RESPONSE_SECONDS));
    checkModel();
    try {
      http = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 64);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + settings.host() + ":" + settings.port()
          + " (" + e.getMessage() + "); choose another port with --port", e);
    }
    // More connection threads than models: requests wait for a model in the ModelPool, so stalled or slow
    // clients and long predictions cannot take the threads that answer /health and the light requests.
    workers = Executors.newFixedThreadPool(settings.threads() + CONNECTION_THREADS, daemon("iseg-server"));
    http.setExecutor(workers);
    http.createContext("/", this::handle);
    sweeper = Executors.newSingleThreadScheduledExecutor(daemon("iseg-session-expiry"));
    long period = Math.max(1000, Math.min(60_000, settings.sessionTtl().toMillis() / 2));
    sweeper.scheduleAtFixedRate(sessions::expire, period, period, TimeUnit.MILLISECONDS);
    http.start();
    return this;
  }

  private static void defaultProperty(String name, String value) {
    if (System.getProperty(name) == null) {
      System.setProperty(name, value);
    }
  }

  /**
   * Loads a model and runs one click on a small grey image, so that a model that cannot load or predict
   * (a wrong or corrupt checkpoint) stops the server at start instead of answering every request with 500.
   */
  private void checkModel() {
    Image probe = Image.filled(64, 64, 128, 128, 128);
    try {
      modelVersion = "iseg " + models.apply(model -> {
        InteractiveSession session = InteractiveSession.start(model, probe);
        session.click(model, session.nextClick(32, 32, true));
        return model.name();
      });
    } catch (RuntimeException e) {
      throw new IllegalStateException("the model cannot serve: " + rootMessage(e), e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
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
    long started = System.nanoTime();
    int status = 0;
    try (exchange) {
      try {
        origins.check(exchange);
        sessions.expire();
        status = route(exchange);
      } catch (HttpError e) {
        status = e.status();
        JsonReplies.send(exchange, status, JsonReplies.error(status, e.getMessage()));
      } catch (RuntimeException | OutOfMemoryError e) {
        // The details stay in the log; the client learns that it was us, not its request.
        status = 500;
        LOG.log(Level.WARNING, "request " + exchange.getRequestMethod() + " " + exchange.getRequestURI() + " failed", e);
        JsonReplies.send(exchange, 500, JsonReplies.error(500, "the server failed to answer this request; its "
            + "log has the details"));
      }
    } catch (IOException e) {
      // The client went away while we were answering; nothing to tell it.
      LOG.log(Level.FINE, "could not send a response", e);
    } finally {
      // One line per request (an access log): client, method, path, status, time.
      if (LOG.isLoggable(Level.INFO)) {
        LOG.info(String.format(Locale.ROOT, "%s %s %s %d %.1f ms", client(exchange), exchange.getRequestMethod(),
            exchange.getRequestURI().getRawPath(), status, (System.nanoTime() - started) / 1e6));
      }
    }
  }

  /** The client's address, which the per-client session quota counts by. */
  private static String client(HttpExchange exchange) {
    return exchange.getRemoteAddress().getAddress().getHostAddress();
  }

  /** Answers the request; returns the status sent. */
  private int route(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    if (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
    // Empty segments are kept ("/sessions//clicks" names the session ""), so a missing id is a clear 404.
    List<String> parts = path.equals("/") ? List.of() : List.of(path.substring(1).split("/", -1));
    String first = parts.isEmpty() ? "" : parts.get(0);
    if (parts.size() > 1 || !ROOT_ROUTES.contains(first)) {
      if (first.equals("sessions")) {
        return routeSessions(exchange, method, parts);
      }
      throw HttpError.notFound("no endpoint " + path + "; use POST /, POST /sessions, POST /predict or GET /health");
    }
    switch (first) {
      case "", "cvat" -> {
        // GET / is Label Studio's health check; POST / is CVAT's interactor.
        allow(exchange, method, first.isEmpty() ? new String[] {"POST", "GET"} : new String[] {"POST"});
        if (method.equals("GET")) {
          return reply(exchange, 200, JsonReplies.health(service.count(), modelVersion));
        }
        return reply(exchange, 200, JsonReplies.cvat(service.interact(requests.interact(exchange))));
      }
      case "health" -> {
        allow(exchange, method, "GET");
        return reply(exchange, 200, JsonReplies.health(service.count(), modelVersion));
      }
      case "setup" -> {
        allow(exchange, method, "POST");
        requests.json(exchange);
        return reply(exchange, 200, JsonReplies.setup(modelVersion));
      }
      case "webhook" -> {
        allow(exchange, method, "POST");
        JsonObject body = requests.json(exchange);
        String action = body.has("action") && body.get("action").isJsonPrimitive()
            ? body.get("action").getAsString() : "";
        return reply(exchange, 201, JsonReplies.webhook(action)); // 201 as Label Studio's own backends answer
      }
      default -> { // "predict"
        allow(exchange, method, "POST");
        Optional<LabelStudioRequests.Predict> request = labelStudio.predict(requests.json(exchange));
        return reply(exchange, 200, request.isEmpty() ? JsonReplies.labelStudioNothing(modelVersion)
            : JsonReplies.labelStudio(request.get(), service.labelStudio(request.get()), modelVersion));
      }
    }
  }

  private int routeSessions(HttpExchange exchange, String method, List<String> parts) throws IOException {
    if (parts.size() == 1) {
      allow(exchange, method, "POST");
      String owner = client(exchange);
      RequestParser.NewSession request = requests.newSession(exchange, pixels -> service.admit(owner, pixels));
      AnnotationSession.Snapshot created = service.create(request, owner);
      try {
        return reply(exchange, 201, JsonReplies.state(created));
      } catch (IOException | RuntimeException | Error e) {
        service.delete(created.id()); // the client never learnt the id: keep no session it cannot use
        throw e;
      }
    }
    String id = parts.get(1);
    if (parts.size() == 2) {
      allow(exchange, method, "GET", "DELETE");
      if (method.equals("GET")) {
        return reply(exchange, 200, JsonReplies.state(service.find(id).snapshot()));
      }
      service.delete(id);
      return reply(exchange, 200, JsonReplies.deleted(id));
    }
    if (parts.size() == 3) {
      switch (parts.get(2)) {
        case "clicks" -> {
          allow(exchange, method, "POST");
          JsonObject body = requests.json(exchange);
          AnnotationSession session = service.find(id);
          RequestParser.ClickAt click = requests.click(body, session.image(), session.clickCount());
          return reply(exchange, 200, JsonReplies.state(service.click(session, click)));
        }
        case "undo" -> {
          allow(exchange, method, "POST");
          return reply(exchange, 200, JsonReplies.state(service.undo(id)));
        }
        case "reset" -> {
          allow(exchange, method, "POST");
          return reply(exchange, 200, JsonReplies.state(service.reset(id)));
        }
        case "mask" -> {
          allow(exchange, method, "GET");
          AnnotationSession session = service.find(id);
          String answer = JsonReplies.mask(session.snapshot().session().mask(), RequestParser.maskFormat(exchange));
          return reply(exchange, 200, answer);
        }
        default -> {
          // fall through to 404
        }
      }
    }
    throw HttpError.notFound("no endpoint " + exchange.getRequestURI().getPath()
        + "; sessions have /clicks, /undo, /reset and /mask");
  }

  private static int reply(HttpExchange exchange, int status, String json) throws IOException {
    JsonReplies.send(exchange, status, json);
    return status;
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
    private long maxPixels = 25_000_000L;
    private int maxClicks = 100;
    private int maxSessions = 256;
    private int maxSessionsPerClient = 32;
    private long sessionMemoryBytes = Runtime.getRuntime().maxMemory() / 2;
    private Set<String> allowedOrigins = Set.of();
    private Optional<URI> labelStudioUrl = Optional.empty();
    private String labelStudioToken = "";
    private int threads = 4;
    private Duration modelWait = MODEL_WAIT;
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

    /**
     * The largest image (width x height) accepted (413 above, read from the header before decoding); default
     * 25 megapixels: a 6000 x 4000 photo passes, a 6000 x 6000 one is refused.
     */
    public Builder maxPixels(long maxPixels) {
      if (maxPixels < 1) {
        throw new IllegalArgumentException("maxPixels must be positive, got " + maxPixels);
      }
      this.maxPixels = maxPixels;
      return this;
    }

    /**
     * The most clicks (points) per object, in one CVAT request or one session (413 above); default 100. The
     * network's click maps hold a float per pixel for every point, so this bounds a request's memory.
     */
    public Builder maxClicks(int maxClicks) {
      if (maxClicks < 1) {
        throw new IllegalArgumentException("maxClicks must be positive, got " + maxClicks);
      }
      this.maxClicks = maxClicks;
      return this;
    }

    /** The most sessions one client address may hold (429 above); default 32. */
    public Builder maxSessionsPerClient(int maxSessionsPerClient) {
      if (maxSessionsPerClient < 1) {
        throw new IllegalArgumentException("maxSessionsPerClient must be positive, got " + maxSessionsPerClient);
      }
      this.maxSessionsPerClient = maxSessionsPerClient;
      return this;
    }

    /**
     * The memory all sessions may hold together, by their estimate (images, predictions kept for undo); a new
     * session or click beyond it gets 503. Default: half the JVM's maximum heap.
     */
    public Builder sessionMemoryBytes(long sessionMemoryBytes) {
      if (sessionMemoryBytes < 1) {
        throw new IllegalArgumentException("sessionMemoryBytes must be positive, got " + sessionMemoryBytes);
      }
      this.sessionMemoryBytes = sessionMemoryBytes;
      return this;
    }

    /**
     * Web origins (for example {@code https://cvat.example.org}) whose pages may call this server; requests
     * with any other {@code Origin} get 403. Loopback origins are always allowed.
     */
    public Builder allowedOrigins(Set<String> origins) {
      this.allowedOrigins = Set.copyOf(origins);
      return this;
    }

    /**
     * The Label Studio whose images {@code /predict} may fetch (relative {@code /data/...} paths resolve
     * against it), and its API token; without it only inline {@code data:} images are accepted.
     */
    public Builder labelStudio(URI url, String token) {
      String scheme = url.getScheme();
      if (scheme == null || !(scheme.equals("http") || scheme.equals("https"))) {
        throw new IllegalArgumentException("the Label Studio URL must be http(s)://..., got " + url);
      }
      this.labelStudioUrl = Optional.of(url);
      this.labelStudioToken = Objects.requireNonNull(token, "token");
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

    /** How long a request waits for a free model before 503; default 60 s. */
    public Builder modelWait(Duration wait) {
      if (wait == null || wait.isNegative() || wait.toSeconds() >= REQUEST_SECONDS) {
        throw new IllegalArgumentException("the model wait must lie in 0.." + REQUEST_SECONDS + " s, got " + wait);
      }
      this.modelWait = wait;
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
          maxClicks, maxSessions, maxSessionsPerClient, sessionMemoryBytes, allowedOrigins, labelStudioUrl,
          labelStudioToken, threads, modelWait, clock));
    }
  }
}
