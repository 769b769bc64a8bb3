package org.iseg.examples.server;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.iseg.api.IisModel;
import org.iseg.api.Image;
import org.iseg.api.Mask;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.iseg.engine.session.InteractiveSession;

/**
 * An HTTP JSON service that puts any {@link IisModel} behind annotation tools, on Jetty's core HTTP server (no
 * servlets).
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
 * POST   /sessions              {"image": base64, "threshold"?: 0.5, "mask"?: base64 start mask,
 *                                "brs_mode"?: "NoBRS", "net_clicks_limit"?: n, "lbfgs_max_iterations"?: 20} → 201 state
 * GET    /sessions/{id}         → state
 * POST   /sessions/{id}/clicks  {"x": col, "y": row, "positive"?: true}                          → state
 * POST   /sessions/{id}/undo    → state (409 when there is no click)
 * POST   /sessions/{id}/reset   → state without clicks
 * GET    /sessions/{id}/mask    ?format=rows (default) | rle                                      → {"mask": ...}
 * DELETE /sessions/{id}         → {"deleted": id}
 * GET    /health                → {"status": "UP", "model_version", "sessions": n}
 * </pre>
 * A state is {@code {"id", "width", "height", "threshold", "brs_mode", "clicks": [{"x","y","positive"}], "area",
 * "points", "mask_rle"}} with the run-length form of {@link MaskEncoding#rle}. {@code brs_mode} is one of RITM's
 * NoBRS, RGB-BRS, DistMap-BRS, f-BRS-A, f-BRS-B, f-BRS-C (see {@link BrsChoice}; 400 for another, or for a mode
 * the model cannot run); {@code lbfgs_max_iterations} is capped by {@link Builder#maxBrsIterations}. A start mask (grey PNG, &gt; 127 = object)
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
 * 500 when the model fails (no internals; they go to the log). Requests refused by the HTTP layer before a route
 * sees them (malformed request line 400, headers over the limit 431, URI too long 414, unknown HTTP version 505)
 * get the same JSON shape ({@link ProtocolErrors}). Sessions idle for longer than the TTL are dropped.
 * {@link #start()} fails when the model cannot load or predict.
 *
 * <p><b>Connections.</b> Jetty's NIO connector parses request lines and headers as bytes arrive, with no thread
 * held by a connection that is waiting for them, so stalled or slow clients cannot take the threads that answer
 * {@code /health}; a connection silent for the idle timeout (default {@link #IDLE_TIMEOUT}) is closed. Routes run on a bounded pool
 * ({@code threads} + {@link #CONNECTION_THREADS}) and may block; predictions run on the {@link ModelPool}'s own
 * threads.
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
  /** The longest a client may keep a connection silent (while sending or taking an answer, or between requests). */
  static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);
  /** The most a request's line and headers may take together (431 above; 414 for a URI over it). */
  static final int HEADER_BYTES = 16 << 10;
  /** The longest the model wait may be set to. */
  static final Duration MAX_MODEL_WAIT = Duration.ofSeconds(120);
  /** The longest a request waits for a free model before 503. */
  static final Duration MODEL_WAIT = Duration.ofSeconds(60);
  /**
   * Handler threads beyond the model threads (see start()): requests that wait for a model or read a slow body
   * hold one each; idle threads cost little. Connections waiting for a request hold none.
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
  private final ProtocolErrors protocolErrors = new ProtocolErrors(HEADER_BYTES);
  /** "iseg " and the model's name, known once start() has run the model. */
  private volatile String modelVersion = "iseg";
  private Server http;
  private ServerConnector connector;
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
      int maxBrsIterations,
      int maxSessions,
      int maxSessionsPerClient,
      long sessionMemoryBytes,
      Set<String> allowedOrigins,
      Optional<URI> labelStudioUrl,
      String labelStudioToken,
      int threads,
      Duration modelWait,
      Duration idleTimeout,
      Clock clock) {}

  private AnnotationServer(Settings settings) {
    this.settings = settings;
    this.sessions = new SessionStore(settings.clock(), settings.sessionTtl(), settings.maxSessions(),
        settings.maxSessionsPerClient(), settings.sessionMemoryBytes());
    this.models = new ModelPool(settings.modelFactory(), settings.threads(), settings.modelWait());
    this.requests = new RequestParser(settings.maxBodyBytes(), settings.maxPixels(), settings.maxClicks(),
        settings.maxBrsIterations(), settings.threads());
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
    checkModel();
    // Bounded: the model threads, plus threads for requests that wait (for a model, a body); beyond that, ready
    // connections wait in Jetty's job queue (at most one job per connection). Jetty's acceptor and selector
    // take two of them.
    int maxThreads = settings.threads() + CONNECTION_THREADS + 2;
    QueuedThreadPool pool = new QueuedThreadPool(maxThreads, Math.min(8, maxThreads));
    pool.setName("iseg-server");
    pool.setDaemon(true);
    Server server = new Server(pool, new ScheduledExecutorScheduler("iseg-server-timer", true), null);
    HttpConfiguration config = new HttpConfiguration();
    config.setRequestHeaderSize(HEADER_BYTES);
    config.setSendServerVersion(false);
    config.setSendXPoweredBy(false);
    // "/sessions//clicks" names the session "" (a clear 404) instead of Jetty's 400 for an empty segment.
    config.setUriCompliance(UriCompliance.DEFAULT.with("iseg", UriCompliance.Violation.AMBIGUOUS_EMPTY_SEGMENT));
    ServerConnector listener = new ServerConnector(server, 1, 1, new HttpConnectionFactory(config));
    listener.setHost(settings.host());
    listener.setPort(settings.port());
    listener.setIdleTimeout(settings.idleTimeout().toMillis());
    listener.setAcceptQueueSize(128);
    server.addConnector(listener);
    server.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) {
        AnnotationServer.this.handle(new Exchange(request, response), callback);
        return true;
      }
    });
    server.setErrorHandler(protocolErrors);
    server.setStopTimeout(0);
    try {
      server.start();
    } catch (Exception e) {
      stopQuietly(server);
      models.close(); // the start-up check's model
      Throwable cause = e.getCause() instanceof IOException ? e.getCause() : e;
      throw new UncheckedIOException("cannot listen on " + settings.host() + ":" + settings.port()
          + " (" + cause.getMessage() + "); choose another port with --port",
          cause instanceof IOException io ? io : new IOException(cause.getMessage(), cause));
    }
    http = server;
    connector = listener;
    sweeper = Executors.newSingleThreadScheduledExecutor(daemon("iseg-session-expiry"));
    long period = Math.max(1000, Math.min(60_000, settings.sessionTtl().toMillis() / 2));
    sweeper.scheduleAtFixedRate(sessions::expire, period, period, TimeUnit.MILLISECONDS);
    return this;
  }

  private static void stopQuietly(Server server) {
    try {
      server.stop();
    } catch (Exception e) {
      LOG.log(Level.FINE, "stopping the HTTP server", e);
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
    return connector.getLocalPort();
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
      stopQuietly(http);
      sweeper.shutdownNow();
    }
    models.close();
  }

  // ---------------------------------------------------------------- routing

  private void handle(Exchange exchange, Callback done) {
    long started = System.nanoTime();
    int status = 0;
    try {
      try {
        origins.check(exchange);
        sessions.expire();
        status = route(exchange);
      } catch (HttpError e) {
        status = e.status();
        exchange.send(status, JsonReplies.error(status, e.getMessage()));
      } catch (RuntimeException | OutOfMemoryError e) {
        // The details stay in the log; the client learns that it was us, not its request.
        status = 500;
        LOG.log(Level.WARNING, "request " + exchange.method() + " " + exchange.rawPath() + " failed", e);
        exchange.send(500, JsonReplies.error(500, "the server failed to answer this request; its "
            + "log has the details"));
      }
      done.succeeded();
    } catch (IOException e) {
      // Reading the body failed (a malformed chunk: answered like the HTTP layer's own refusals) or the client
      // went away while we were answering (nothing to tell it).
      LOG.log(Level.FINE, "could not read the request or send a response", e);
      int refused = ProtocolErrors.status(e);
      if (refused > 0 && !exchange.committed()) {
        status = refused;
        try {
          exchange.send(status, JsonReplies.error(status, protocolErrors.message(status, ProtocolErrors.reason(e))));
          done.succeeded();
          return;
        } catch (IOException | RuntimeException again) {
          LOG.log(Level.FINE, "could not answer a malformed request", again);
        }
      }
      done.failed(e);
    } catch (RuntimeException | Error e) {
      LOG.log(Level.WARNING, "request " + exchange.method() + " " + exchange.rawPath() + " failed", e);
      done.failed(e);
    } finally {
      // One line per request (an access log): client, method, path, status, time.
      if (LOG.isLoggable(Level.INFO)) {
        LOG.info(String.format(Locale.ROOT, "%s %s %s %d %.1f ms", exchange.client(), exchange.method(),
            exchange.rawPath(), status, (System.nanoTime() - started) / 1e6));
      }
    }
  }

  /** Answers the request; returns the status sent. */
  private int route(Exchange exchange) throws IOException {
    String path = exchange.path();
    if (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    String method = exchange.method().toUpperCase(Locale.ROOT);
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

  private int routeSessions(Exchange exchange, String method, List<String> parts) throws IOException {
    if (parts.size() == 1) {
      allow(exchange, method, "POST");
      String owner = exchange.client();
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
    throw HttpError.notFound("no endpoint " + exchange.path()
        + "; sessions have /clicks, /undo, /reset and /mask");
  }

  private static int reply(Exchange exchange, int status, String json) throws IOException {
    exchange.send(status, json);
    return status;
  }

  private static void allow(Exchange exchange, String method, String... allowed) {
    for (String a : allowed) {
      if (a.equals(method)) {
        return;
      }
    }
    exchange.setHeader("Allow", String.join(", ", allowed));
    throw new HttpError(405, "method " + method + " is not allowed on " + exchange.path()
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
    private int maxBrsIterations = BrsChoice.DEFAULT_MAX_ITERATIONS;
    private int maxSessions = 256;
    private int maxSessionsPerClient = 32;
    private long sessionMemoryBytes = Runtime.getRuntime().maxMemory() / 2;
    private Set<String> allowedOrigins = Set.of();
    private Optional<URI> labelStudioUrl = Optional.empty();
    private String labelStudioToken = "";
    private int threads = 4;
    private Duration modelWait = MODEL_WAIT;
    private Duration idleTimeout = IDLE_TIMEOUT;
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
      requirePositive("session TTL", ttl);
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
      requirePositive("maxPixels", maxPixels);
      this.maxPixels = maxPixels;
      return this;
    }

    /**
     * The most clicks (points) per object, in one CVAT request or one session (413 above); default 100. The
     * network's click maps hold a float per pixel for every point, so this bounds a request's memory.
     */
    public Builder maxClicks(int maxClicks) {
      requirePositive("maxClicks", maxClicks);
      this.maxClicks = maxClicks;
      return this;
    }

    /** The most sessions one client address may hold (429 above); default 32. */
    public Builder maxSessionsPerClient(int maxSessionsPerClient) {
      requirePositive("maxSessionsPerClient", maxSessionsPerClient);
      this.maxSessionsPerClient = maxSessionsPerClient;
      return this;
    }

    /**
     * The memory all sessions may hold together, by their estimate (images, predictions kept for undo); a new
     * session or click beyond it gets 503. Default: half the JVM's maximum heap.
     */
    public Builder sessionMemoryBytes(long sessionMemoryBytes) {
      requirePositive("sessionMemoryBytes", sessionMemoryBytes);
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

    /**
     * The most L-BFGS-B evaluations a BRS session may ask for per click ({@code "lbfgs_max_iterations"}, 400
     * above); default RITM's 20. It bounds one click's work: each evaluation is a forward and a backward pass,
     * and the optimiser overruns it by at most one line search (20 evaluations).
     */
    public Builder maxBrsIterations(int maxBrsIterations) {
      if (maxBrsIterations < 1 || maxBrsIterations > 1000) {
        throw new IllegalArgumentException("maxBrsIterations must lie in 1..1000 (RITM's demo bounds), got "
            + maxBrsIterations);
      }
      this.maxBrsIterations = maxBrsIterations;
      return this;
    }

    /** The most sessions open at once (429 above); default 256. */
    public Builder maxSessions(int maxSessions) {
      requirePositive("maxSessions", maxSessions);
      this.maxSessions = maxSessions;
      return this;
    }

    /** Worker threads, and so the most models alive and requests predicted at once; default 4. */
    public Builder threads(int threads) {
      requirePositive("threads", threads);
      this.threads = threads;
      return this;
    }

    /** How long a request waits for a free model before 503; default 60 s. */
    public Builder modelWait(Duration wait) {
      if (wait == null || wait.isNegative() || wait.compareTo(MAX_MODEL_WAIT) > 0) {
        throw new IllegalArgumentException("the model wait must lie in 0.." + MAX_MODEL_WAIT.toSeconds() + " s, got "
            + wait);
      }
      this.modelWait = wait;
      return this;
    }

    /**
     * How long a connection may stay silent (a request line or body that stops coming, an answer not taken,
     * an idle keep-alive) before it is closed; default 30 s. A request waiting for its model is not silent.
     */
    public Builder idleTimeout(Duration timeout) {
      requirePositive("the idle timeout", timeout);
      this.idleTimeout = timeout;
      return this;
    }

    /** The clock that session expiry reads; tests inject a manual one. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    private static void requirePositive(String name, long value) {
      if (value < 1) {
        throw new IllegalArgumentException(name + " must be positive, got " + value);
      }
    }

    private static void requirePositive(String name, Duration value) {
      if (value == null || value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, got " + value);
      }
    }

    public AnnotationServer build() {
      if (modelFactory == null) {
        throw new IllegalStateException("AnnotationServer needs a model: call modelFactory(() -> model) first");
      }
      return new AnnotationServer(new Settings(host, port, modelFactory, sessionTtl, maxBodyBytes, maxPixels,
          maxClicks, maxBrsIterations, maxSessions, maxSessionsPerClient, sessionMemoryBytes, allowedOrigins, labelStudioUrl,
          labelStudioToken, threads, modelWait, idleTimeout, clock));
    }
  }
}
