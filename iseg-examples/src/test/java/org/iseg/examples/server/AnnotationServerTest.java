package org.iseg.examples.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.iseg.api.Image;
import org.iseg.api.Mask;
import org.iseg.examples.testing.ManualClock;
import org.iseg.engine.testing.NearestClickModel;
import org.iseg.examples.testing.TestImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The server over a real loopback socket, with the nearest-click model whose answers are known by hand. */
class AnnotationServerTest {
  private static final int H = 40;
  private static final int W = 60;

  private final ManualClock clock = new ManualClock();
  private final List<NearestClickModel> created = new ArrayList<>();
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private AnnotationServer server;

  private AnnotationServer start(double radius, long maxBody) {
    server = AnnotationServer.builder()
        .port(0)
        .modelFactory(() -> {
          NearestClickModel m = NearestClickModel.withRadius(radius);
          synchronized (created) {
            created.add(m);
          }
          return m;
        })
        .sessionTtl(Duration.ofSeconds(10))
        .maxBodyBytes(maxBody)
        .threads(3)
        .clock(clock)
        .build()
        .start();
    return server;
  }

  private AnnotationServer start() {
    return start(Double.POSITIVE_INFINITY, 1 << 20);
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  record Reply(int status, JsonObject body, HttpResponse<String> raw) {}

  private Reply send(String method, String path, String body) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(server.uri().resolve(path)).timeout(Duration.ofSeconds(20));
    request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
        "every answer is JSON: " + response.body());
    return new Reply(response.statusCode(), JsonParser.parseString(response.body()).getAsJsonObject(), response);
  }

  private static String interactBody(Image image, int[][] pos, int[][] neg) {
    JsonObject body = new JsonObject();
    body.addProperty("image", TestImages.base64Png(image));
    body.add("pos_points", points(pos));
    body.add("neg_points", points(neg));
    body.addProperty("threshold", 0.5);
    return body.toString();
  }

  private static JsonArray points(int[][] xy) {
    JsonArray out = new JsonArray();
    for (int[] p : xy) {
      JsonArray point = new JsonArray();
      point.add(p[0]);
      point.add(p[1]);
      out.add(point);
    }
    return out;
  }

  private static Mask rows(JsonArray rows) {
    int h = rows.size();
    int w = rows.get(0).getAsJsonArray().size();
    boolean[] object = new boolean[h * w];
    for (int r = 0; r < h; r++) {
      JsonArray row = rows.get(r).getAsJsonArray();
      assertEquals(w, row.size());
      for (int c = 0; c < w; c++) {
        object[r * w + c] = row.get(c).getAsInt() == 1;
      }
    }
    return Mask.of(h, w, object);
  }

  private static String polygon(JsonObject body) {
    return body.getAsJsonArray("points").toString();
  }

  @Test
  void cvatInteractorSplitsTheImageBetweenAPositiveAndANegativePoint() throws Exception {
    start();
    // Positive at x=10, negative at x=50 on the same row: columns 0..30 are nearer (or tied with) the positive.
    Reply reply = send("POST", "/", interactBody(TestImages.gradient(H, W), new int[][] {{10, 20}},
        new int[][] {{50, 20}}));
    assertEquals(200, reply.status(), reply.raw().body());
    Mask mask = rows(reply.body().getAsJsonArray("mask"));
    assertEquals(Mask.fromPredicate(H, W, i -> i % W <= 30), mask);
    assertEquals("[[0,0],[30,0],[30,39],[0,39]]", polygon(reply.body()));
  }

  @Test
  void cvatPointsAreXThenYAndFractionsFallInTheirPixel() throws Exception {
    start();
    // A lone positive point selects everything, so probe with a negative one: at (x=59.7, y=0.2) pixel (0, 59).
    Reply reply = send("POST", "/cvat", interactBody(TestImages.gradient(H, W), new int[][] {{0, 39}},
        new int[0][]).replace("\"neg_points\":[]", "\"neg_points\":[[59.7,0.2]]"));
    assertEquals(200, reply.status(), reply.raw().body());
    Mask mask = rows(reply.body().getAsJsonArray("mask"));
    assertTrue(mask.isObject(39, 0), "positive point (x=0, y=39) is row 39, column 0");
    assertTrue(!mask.isObject(0, 59), "negative point (x=59.7, y=0.2) is row 0, column 59");
  }

  @Test
  void sessionKeepsClickOrderAndUndoRestoresThePreviousMask() throws Exception {
    start();
    JsonObject create = new JsonObject();
    create.addProperty("image", TestImages.base64Png(TestImages.gradient(H, W)));
    Reply created = send("POST", "/sessions", create.toString());
    assertEquals(201, created.status(), created.raw().body());
    String id = created.body().get("id").getAsString();
    assertEquals(0, created.body().get("area").getAsInt());
    assertEquals(W, created.body().get("width").getAsInt());

    Reply first = send("POST", "/sessions/" + id + "/clicks", "{\"x\": 10, \"y\": 20}");
    assertEquals(200, first.status(), first.raw().body());
    assertEquals(H * W, first.body().get("area").getAsInt());

    Reply second = send("POST", "/sessions/" + id + "/clicks", "{\"x\": 50, \"y\": 20, \"positive\": false}");
    assertEquals(31 * H, second.body().get("area").getAsInt());
    assertEquals("[{\"x\":10,\"y\":20,\"positive\":true},{\"x\":50,\"y\":20,\"positive\":false}]",
        second.body().getAsJsonArray("clicks").toString());
    Mask fromRle = MaskEncoding.fromRle(second.body().getAsJsonObject("mask_rle"));
    Reply rowsReply = send("GET", "/sessions/" + id + "/mask", null);
    assertEquals(fromRle, rows(rowsReply.body().getAsJsonArray("mask")));
    Reply rleReply = send("GET", "/sessions/" + id + "/mask?format=rle", null);
    assertEquals(fromRle, MaskEncoding.fromRle(rleReply.body().getAsJsonObject("mask")));

    Reply undone = send("POST", "/sessions/" + id + "/undo", null);
    assertEquals(H * W, undone.body().get("area").getAsInt());
    assertEquals(1, undone.body().getAsJsonArray("clicks").size());
    assertEquals(0, send("POST", "/sessions/" + id + "/undo", null).body().get("area").getAsInt());
    Reply nothing = send("POST", "/sessions/" + id + "/undo", null);
    assertEquals(409, nothing.status());

    send("POST", "/sessions/" + id + "/clicks", "{\"x\": 1, \"y\": 1}");
    Reply reset = send("POST", "/sessions/" + id + "/reset", null);
    assertEquals(0, reset.body().getAsJsonArray("clicks").size());

    assertEquals(200, send("DELETE", "/sessions/" + id, null).status());
    Reply gone = send("GET", "/sessions/" + id, null);
    assertEquals(404, gone.status());
    assertTrue(gone.body().get("error").getAsString().contains(id));
  }

  @Test
  void aStartMaskIsThePreviousPredictionOfTheFirstClick() throws Exception {
    start(3, 1 << 20);
    Image image = TestImages.gradient(H, W);
    Mask top = Mask.fromPredicate(H, W, i -> i / W < 10);
    JsonObject create = new JsonObject();
    create.addProperty("image", TestImages.base64Png(image));
    create.addProperty("mask", TestImages.base64Png(top));
    Reply created = send("POST", "/sessions", create.toString());
    assertEquals(201, created.status(), created.raw().body());
    assertEquals(top.area(), created.body().get("area").getAsInt());
    String id = created.body().get("id").getAsString();
    Reply clicked = send("POST", "/sessions/" + id + "/clicks", "{\"x\": 30, \"y\": 30}");
    Mask expected = Mask.fromPredicate(H, W, i -> {
      int r = i / W;
      int c = i % W;
      return r < 10 || (r - 30) * (r - 30) + (c - 30) * (c - 30) <= 9;
    });
    assertEquals(expected, MaskEncoding.fromRle(clicked.body().getAsJsonObject("mask_rle")));
  }

  @Test
  void badInputGetsAClearClientError() throws Exception {
    start(Double.POSITIVE_INFINITY, 4096);
    Image small = TestImages.gradient(8, 8);
    assertError(send("POST", "/", "{\"image\": \"@@not base64@@\", \"pos_points\": [[1,1]]}"), 400, "base64");
    assertError(send("POST", "/", "{\"image\": \"aGVsbG8gd29ybGQ=\", \"pos_points\": [[1,1]]}"), 400, "not a PNG");
    assertError(send("POST", "/", "{\"pos_points\": [[1,1]]}"), 400, "'image' is missing");
    assertError(send("POST", "/", "{\"image\": "), 400, "not valid JSON");
    assertError(send("POST", "/", "[1, 2]"), 400, "JSON object");
    assertError(send("POST", "/", interactBody(small, new int[][] {{8, 2}}, new int[0][])), 400, "outside the 8x8");
    assertError(send("POST", "/", interactBody(small, new int[][] {{2, -1}}, new int[0][])), 400, "outside");
    assertError(send("POST", "/", interactBody(small, new int[0][], new int[][] {{2, 2}})), 400, "pos_points");
    assertError(send("POST", "/", interactBody(small, new int[][] {{2, 2}}, new int[0][])
        .replace("\"threshold\":0.5", "\"threshold\":1.5")), 400, "threshold");
    assertError(send("POST", "/", "{\"image\": \"" + TestImages.base64Png(small) + "\", \"pos_points\": [[1]]}"),
        400, "[x, y] pair");

    Reply tooBig = send("POST", "/", "{\"image\": \"" + "A".repeat(8000) + "\"}");
    assertError(tooBig, 413, "limit of 4096");
    // Without a Content-Length (chunked) the server stops reading one byte past the limit.
    byte[] big = ("{\"image\": \"" + "A".repeat(8000) + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    HttpResponse<String> chunked = client.send(HttpRequest.newBuilder(server.uri())
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(413, chunked.statusCode(), chunked.body());
    assertTrue(chunked.body().contains("limit of 4096"), chunked.body());

    Reply wrongMethod = send("DELETE", "/", null);
    assertError(wrongMethod, 405, "POST");
    assertEquals("POST, GET", wrongMethod.raw().headers().firstValue("Allow").orElse(""));
    assertError(send("GET", "/cvat", null), 405, "POST");
    assertError(send("PUT", "/sessions/abc", "{}"), 405, "GET or DELETE");
    assertError(send("GET", "/nowhere", null), 404, "/nowhere");
    assertError(send("POST", "/sessions/0123/clicks", "{\"x\": 1, \"y\": 1}"), 404, "no session '0123'");
    Reply noId = send("POST", "/sessions//clicks", "{\"x\": 1, \"y\": 1}");
    assertError(noId, 404, "no session ''");
    assertTrue(noId.raw().body().contains("'"), "messages are not HTML-escaped: " + noId.raw().body());

    JsonObject create = new JsonObject();
    create.addProperty("image", TestImages.base64Png(small));
    String id = send("POST", "/sessions", create.toString()).body().get("id").getAsString();
    assertError(send("POST", "/sessions/" + id + "/clicks", "{\"x\": 3, \"y\": 8}"), 400, "'y' = 8 lies outside");
    assertError(send("POST", "/sessions/" + id + "/clicks", "{\"x\": 3}"), 400, "'y' is missing");
    assertError(send("POST", "/sessions/" + id + "/clicks", "{\"x\": 3, \"y\": 1, \"positive\": 1}"), 400,
        "'positive'");
    assertError(send("GET", "/sessions/" + id + "/mask?format=png", null), 400, "format");
    assertEquals(200, send("GET", "/health", null).status(), "the server still answers after the errors");
  }

  @Test
  void oversizedImagesAndFailingModelsGetJsonErrors() throws Exception {
    server = AnnotationServer.builder().port(0).maxPixels(100).modelFactory(NearestClickModel::unbounded)
        .build().start();
    assertError(send("POST", "/", interactBody(TestImages.gradient(20, 20), new int[][] {{1, 1}}, new int[0][])),
        413, "limit of 100");
    server.close();
    // Predicts the start-up probe (64x64) but fails on every client's image: a 500 that names no Java class.
    server = AnnotationServer.builder().port(0).modelFactory(() -> failing(x -> x.height() != 64)).build().start();
    Reply failed = send("POST", "/", interactBody(TestImages.gradient(8, 8), new int[][] {{1, 1}}, new int[0][]));
    assertError(failed, 500, "log has the details");
    assertFalse(failed.raw().body().contains("Exception") || failed.raw().body().contains("weights"),
        failed.raw().body());
    assertEquals(200, send("GET", "/health", null).status());
  }

  /** A model that throws "weights are corrupt" on the images {@code fails} picks. */
  private static org.iseg.api.IisModel failing(java.util.function.Predicate<Image> fails) {
    return nearestClickAfter("broken", (x, pcs) -> {
      if (fails.test(x)) {
        throw new IllegalStateException("weights are corrupt");
      }
    });
  }

  /** {@link NearestClickModel}, named {@code name}, that runs {@code beforePredict} (image, positives) first. */
  private static org.iseg.api.IisModel nearestClickAfter(String name,
      java.util.function.BiConsumer<Image, List<org.iseg.api.Click>> beforePredict) {
    org.iseg.api.IisModel good = NearestClickModel.unbounded();
    return new org.iseg.api.IisModel() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public org.iseg.api.Prediction predict(Image x, org.iseg.api.State z, List<org.iseg.api.Click> pcs,
          List<org.iseg.api.Click> ncs) {
        beforePredict.accept(x, pcs);
        return good.predict(x, z, pcs, ncs);
      }
    };
  }

  @Test
  void aModelThatCannotLoadOrPredictStopsTheServerAtStart() throws Exception {
    IllegalStateException broken = assertThrows(IllegalStateException.class,
        () -> AnnotationServer.builder().port(0).modelFactory(() -> failing(x -> true)).build().start());
    assertTrue(broken.getMessage().contains("cannot serve: weights are corrupt"), broken.getMessage());
    IllegalStateException missing = assertThrows(IllegalStateException.class,
        () -> AnnotationServer.builder().port(0).modelFactory(() -> {
          throw new java.io.UncheckedIOException(new java.io.IOException("random.pth is not a checkpoint"));
        }).build().start());
    assertTrue(missing.getMessage().contains("random.pth is not a checkpoint"), missing.getMessage());
  }

  private static void assertError(Reply reply, int status, String fragment) {
    assertEquals(status, reply.status(), reply.raw().body());
    JsonElement error = reply.body().get("error");
    assertTrue(error != null && error.getAsString().contains(fragment),
        "error message should mention '" + fragment + "': " + reply.raw().body());
  }

  @Test
  void idleSessionsExpireAfterTheTtlButUseKeepsThemAlive() throws Exception {
    start();
    JsonObject create = new JsonObject();
    create.addProperty("image", TestImages.base64Png(TestImages.gradient(H, W)));
    String id = send("POST", "/sessions", create.toString()).body().get("id").getAsString();
    clock.advance(Duration.ofSeconds(9));
    assertEquals(200, send("GET", "/sessions/" + id, null).status());
    clock.advance(Duration.ofSeconds(9));
    assertEquals(200, send("POST", "/sessions/" + id + "/clicks", "{\"x\": 1, \"y\": 1}").status(),
        "18 s after creation but only 9 s idle");
    assertEquals(1, server.sessionCount());
    clock.advance(Duration.ofSeconds(11));
    assertEquals(0, server.sessionCount());
    assertEquals(404, send("GET", "/sessions/" + id, null).status());
  }

  @Test
  void concurrentSessionsDoNotSeeEachOthersClicks() throws Exception {
    start();
    int clients = 6;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int k = 0; k < clients; k++) {
        int column = 3 + 4 * k; // each client splits the image at its own column
        results.add(pool.submit(() -> {
          JsonObject create = new JsonObject();
          create.addProperty("image", TestImages.base64Png(TestImages.gradient(H, W)));
          String id = send("POST", "/sessions", create.toString()).body().get("id").getAsString();
          for (int round = 0; round < 3; round++) {
            Reply a = send("POST", "/sessions/" + id + "/clicks", "{\"x\": 0, \"y\": 0}");
            Reply b = send("POST", "/sessions/" + id + "/clicks",
                "{\"x\": " + (2 * column) + ", \"y\": 0, \"positive\": false}");
            if (a.status() != 200 || b.status() != 200) {
              return "click refused: " + a.raw().body() + " / " + b.raw().body();
            }
            Reply state = send("GET", "/sessions/" + id, null);
            // Only this session's two clicks: the boundary is halfway between x=0 and x=2*column.
            Mask expected = Mask.fromPredicate(H, W, i -> {
              int r = i / W;
              int c = i % W;
              return r * r + c * c <= r * r + (c - 2 * column) * (c - 2 * column);
            });
            Mask got = MaskEncoding.fromRle(state.body().getAsJsonObject("mask_rle"));
            if (!expected.equals(got) || state.body().getAsJsonArray("clicks").size() != 2) {
              return "session " + id + " round " + round + " saw " + state.body().get("clicks");
            }
            send("POST", "/sessions/" + id + "/undo", null);
            send("POST", "/sessions/" + id + "/undo", null);
          }
          return "ok";
        }));
      }
      for (Future<String> result : results) {
        assertEquals("ok", result.get(60, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
    assertTrue(created.size() <= 3, "no more models than worker threads: " + created.size());
  }

  @Test
  void closeReleasesTheModelsAndTheBuilderNeedsAModel() throws Exception {
    start();
    send("POST", "/", interactBody(TestImages.gradient(8, 8), new int[][] {{1, 1}}, new int[0][]));
    server.close();
    assertTrue(created.stream().allMatch(m -> m.closes() == 1));
    assertThrows(IllegalStateException.class, () -> AnnotationServer.builder().build());
    assertThrows(IllegalArgumentException.class, () -> AnnotationServer.builder().port(70000));
  }

  // ---------------------------------------------------------------- hardening (issue 15)

  /** Sends {@code request} as raw bytes on a fresh connection; returns the whole answer (status line on). */
  private String raw(String request) throws IOException {
    return raw(request, "");
  }

  /** As {@link #raw(String)}, with {@code later} sent 200 ms after {@code request} (once the route reads it). */
  private String raw(String request, String later) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      if (!later.isEmpty()) {
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        socket.getOutputStream().write(later.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
      }
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static long rssKib() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }

  @Test
  void tenThousandPointsAreRefusedBeforeTheModelRuns() throws Exception {
    start();
    int[][] many = new int[10_000][];
    for (int i = 0; i < many.length; i++) {
      many[i] = new int[] {i % W, (i / W) % H};
    }
    long before = rssKib();
    Reply reply = send("POST", "/", interactBody(TestImages.gradient(H, W), many, many));
    long after = rssKib();
    assertError(reply, 413, "20000 points are more than this server's limit of 100");
    assertTrue(created.stream().allMatch(m -> m.predictions() == 1), "only the start-up probe ran");
    System.out.printf("10k+10k points: %d, RSS %d -> %d KiB%n", reply.status(), before, after);
    assertTrue(after - before < 200_000, "RSS grew by " + (after - before) + " KiB");
  }

  @Test
  void aSessionTakesNoMoreClicksThanTheLimit() throws Exception {
    server = AnnotationServer.builder().port(0).maxClicks(3).modelFactory(NearestClickModel::unbounded).build()
        .start();
    JsonObject create = new JsonObject();
    create.addProperty("image", TestImages.base64Png(TestImages.gradient(8, 8)));
    String id = send("POST", "/sessions", create.toString()).body().get("id").getAsString();
    for (int k = 0; k < 3; k++) {
      assertEquals(200, send("POST", "/sessions/" + id + "/clicks", "{\"x\": 1, \"y\": " + k + "}").status());
    }
    assertError(send("POST", "/sessions/" + id + "/clicks", "{\"x\": 1, \"y\": 5}"), 413, "limit of 3");
    assertEquals(200, send("POST", "/sessions/" + id + "/undo", null).status());
    assertEquals(200, send("POST", "/sessions/" + id + "/clicks", "{\"x\": 1, \"y\": 5}").status());
  }

  @Test
  void twoHundredStalledConnectionsLeaveHealthAnswering() throws Exception {
    start();
    // Clients that never finish their request line: more than the server has handler threads (3 + 64). Jetty
    // parses request lines as bytes arrive, so a waiting connection holds no thread.
    List<Socket> stalled = new ArrayList<>();
    long rssBefore = rssKib();
    timedHealth(); // warms the client and the server up
    double idle = timedHealth();
    try {
      for (int k = 0; k < 200; k++) {
        Socket socket = new Socket("127.0.0.1", server.port());
        socket.getOutputStream().write("GET /hea".getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        stalled.add(socket);
      }
      Thread.sleep(300); // let the server read what they sent
      double ms = timedHealth();
      System.out.printf("/health with %d stalled connections: %.1f ms (%.1f ms without; RSS %d -> %d KiB)%n",
          stalled.size(), ms, idle, rssBefore, rssKib());
      assertTrue(ms < 5000, "/health took " + ms + " ms");
      // The stalled clients are still connected (nothing timed them out yet): they were not simply dropped.
      stalled.get(0).setSoTimeout(50);
      assertThrows(java.net.SocketTimeoutException.class, () -> stalled.get(0).getInputStream().read());
    } finally {
      for (Socket socket : stalled) {
        socket.close();
      }
    }
  }

  /** The milliseconds {@code GET /health} takes, once it has answered 200. */
  private double timedHealth() throws Exception {
    long started = System.nanoTime();
    Reply health = send("GET", "/health", null);
    double ms = (System.nanoTime() - started) / 1e6;
    assertEquals(200, health.status(), health.raw().body());
    return ms;
  }

  @Test
  void aConnectionSilentForTheIdleTimeoutIsClosedButASlowModelIsNot() throws Exception {
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch predicting = new java.util.concurrent.CountDownLatch(1);
    server = AnnotationServer.builder().port(0).idleTimeout(Duration.ofMillis(500))
        .modelFactory(() -> waitingFor(release, predicting)).build().start();
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.getOutputStream().write("GET /hea".getBytes(StandardCharsets.US_ASCII));
      socket.setSoTimeout(10_000);
      long started = System.nanoTime();
      assertEquals(-1, socket.getInputStream().read(), "the server closes a stalled connection");
      double ms = (System.nanoTime() - started) / 1e6;
      System.out.printf("a stalled connection closed after %.0f ms (idle timeout 500 ms)%n", ms);
      assertTrue(ms < 5000, "closed after " + ms + " ms");
    }
    // A prediction that takes longer than the idle timeout still gets its answer: the timeout bounds silent
    // clients, not the server's own work.
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<Reply> reply = pool.submit(() -> send("POST", "/",
          interactBody(TestImages.gradient(8, 8), new int[][] {{1, 1}}, new int[0][])));
      assertTrue(predicting.await(10, TimeUnit.SECONDS));
      Thread.sleep(1500);
      release.countDown();
      assertEquals(200, reply.get(30, TimeUnit.SECONDS).status());
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }

  /** The JSON error of a raw answer: its status line's code, checked against the body's, and no HTML. */
  private static JsonObject rawError(String answer, int status) {
    assertTrue(answer.startsWith("HTTP/1.1 " + status + " "), answer);
    assertFalse(answer.toLowerCase(java.util.Locale.ROOT).contains("<html"), answer);
    String head = answer.substring(0, answer.indexOf("\r\n\r\n"));
    assertTrue(head.toLowerCase(java.util.Locale.ROOT).contains("content-type: application/json"), answer);
    JsonObject body = JsonParser.parseString(answer.substring(head.length() + 4)).getAsJsonObject();
    assertEquals(status, body.get("status").getAsInt(), answer);
    String error = body.get("error").getAsString();
    assertFalse(error.contains("Exception") || error.contains("org.eclipse") || error.contains("java."), error);
    return body;
  }

  @Test
  void malformedRequestLinesAndUnknownVersionsGetJsonErrors() throws Exception {
    start();
    JsonObject garbage = rawError(raw("GARBAGE\r\n\r\n"), 400);
    System.out.println("GARBAGE request line: " + garbage);
    assertTrue(garbage.get("error").getAsString().contains("not valid HTTP"), garbage.toString());
    JsonObject version = rawError(raw("GET /health HTTP/3.0\r\nHost: 127.0.0.1\r\n\r\n"), 505);
    System.out.println("HTTP/3.0: " + version);
    assertTrue(version.get("error").getAsString().contains("HTTP version"), version.toString());
    rawError(raw("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: many\r\n\r\n"), 400);
    // A malformed chunk, found by the HTTP layer with the headers, or by the route while it reads the body.
    String chunked = "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n";
    rawError(raw(chunked + "zz\r\n"), 400);
    rawError(raw(chunked, "zz\r\n"), 400);
    rawError(raw("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: gzip\r\n\r\nabc"), 400);
    assertEquals(200, send("GET", "/health", null).status(), "the server still answers");
  }

  @Test
  void headersOverTheLimitGet431AndLongUrisGet414AsJson() throws Exception {
    start();
    String big = "X-Padding: " + "a".repeat(AnnotationServer.HEADER_BYTES) + "\r\n";
    JsonObject headers = rawError(raw("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n" + big + "\r\n"), 431);
    assertTrue(headers.get("error").getAsString().contains("limit of " + AnnotationServer.HEADER_BYTES), headers.toString());
    String uri = "/health?" + "q".repeat(AnnotationServer.HEADER_BYTES + 10);
    rawError(raw("GET " + uri + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"), 414);
    // Just under the limit passes.
    String fits = "X-Padding: " + "a".repeat(AnnotationServer.HEADER_BYTES / 2) + "\r\n";
    assertTrue(raw("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + fits + "\r\n")
        .startsWith("HTTP/1.1 200"));
  }

  @Test
  void aPortInUseIsRefusedWithAHint() throws Exception {
    start();
    java.io.UncheckedIOException taken = assertThrows(java.io.UncheckedIOException.class, () -> AnnotationServer
        .builder().port(server.port()).modelFactory(NearestClickModel::unbounded).build().start());
    assertTrue(taken.getMessage().contains("cannot listen on 127.0.0.1:" + server.port())
        && taken.getMessage().contains("--port"), taken.getMessage());
    assertEquals(200, send("GET", "/health", null).status());
  }

  @Test
  void aBodyOverTheLimitWithExpectContinueGets413WithoutBeingSent() throws Exception {
    start(Double.POSITIVE_INFINITY, 1 << 20);
    String answer = raw("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        + "Content-Length: " + (40 << 20) + "\r\nExpect: 100-continue\r\n\r\n");
    assertFalse(answer.startsWith("HTTP/1.1 100"), "no 100 Continue for a body that is refused: " + answer);
    JsonObject error = rawError(answer, 413);
    assertTrue(error.get("error").getAsString().contains("limit of 1048576"), error.toString());
  }

  /** A model that, past the start-up probe, waits for {@code release} before it predicts. */
  private static org.iseg.api.IisModel waitingFor(java.util.concurrent.CountDownLatch release,
      java.util.concurrent.CountDownLatch predicting) {
    return nearestClickAfter("waiting", (x, pcs) -> {
      if (x.height() != 64 && !pcs.isEmpty()) {
        predicting.countDown();
        try {
          release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    });
  }

  @Test
  void healthAnswersWhileAClickPredictsAndABusyPoolAnswers503() throws Exception {
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch predicting = new java.util.concurrent.CountDownLatch(1);
    server = AnnotationServer.builder().port(0).threads(1).modelWait(Duration.ofMillis(300))
        .modelFactory(() -> waitingFor(release, predicting)).build().start();
    JsonObject create = new JsonObject();
    create.addProperty("image", TestImages.base64Png(TestImages.gradient(H, W)));
    String id = send("POST", "/sessions", create.toString()).body().get("id").getAsString();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<Reply> click = pool.submit(() -> send("POST", "/sessions/" + id + "/clicks", "{\"x\": 1, \"y\": 1}"));
      assertTrue(predicting.await(10, TimeUnit.SECONDS));
      // The click holds the session's lock and the only model: health must not wait for either.
      long started = System.nanoTime();
      assertEquals(200, send("GET", "/health", null).status());
      double ms = (System.nanoTime() - started) / 1e6;
      assertTrue(ms < 1000, "/health took " + ms + " ms during a prediction");
      assertError(send("POST", "/", interactBody(TestImages.gradient(8, 8), new int[][] {{1, 1}}, new int[0][])),
          503, "all models are busy");
      release.countDown();
      assertEquals(200, click.get(30, TimeUnit.SECONDS).status());
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }

  @Test
  void decompressionBombsAreRefusedFromTheHeaderAndFailedSessionsAreNotKept() throws Exception {
    // 6000 x 6000 black pixels compress to a few dozen KB.
    java.awt.image.BufferedImage black = new java.awt.image.BufferedImage(6000, 6000,
        java.awt.image.BufferedImage.TYPE_BYTE_BINARY);
    java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
    javax.imageio.ImageIO.write(black, "png", png);
    black = null;
    server = AnnotationServer.builder().port(0).modelFactory(NearestClickModel::unbounded)
        .sessionMemoryBytes(AnnotationSession.bytes(40 * 60, 0) * 2 + 10).build().start();
    JsonObject bomb = new JsonObject();
    bomb.addProperty("image", java.util.Base64.getEncoder().encodeToString(png.toByteArray()));
    assertTrue(png.size() < 100_000, "a small file: " + png.size());
    assertError(send("POST", "/sessions", bomb.toString()), 413, "6000x6000 pixels");
    assertEquals(0, server.sessionCount());

    // The memory budget holds two 40 x 60 sessions with no click; the third is refused and not registered.
    JsonObject create = new JsonObject();
    create.addProperty("image", TestImages.base64Png(TestImages.gradient(H, W)));
    String first = send("POST", "/sessions", create.toString()).body().get("id").getAsString();
    assertEquals(201, send("POST", "/sessions", create.toString()).status());
    assertError(send("POST", "/sessions", create.toString()), 503, "MiB");
    assertEquals(2, server.sessionCount());
    assertError(send("POST", "/sessions/" + first + "/clicks", "{\"x\": 1, \"y\": 1}"), 503, "one more click");
    assertEquals(200, send("DELETE", "/sessions/" + first, null).status());
    assertEquals(201, send("POST", "/sessions", create.toString()).status());
  }

  @Test
  void theModelsStatePerPixelCountsAgainstTheMemoryBudget() throws Exception {
    // a model whose interaction state keeps 100 bytes a pixel (as a Mask2Former click model keeps its query
    // masks): the budget holds one such 40 x 60 session, where it would hold two without that state
    long pixels = (long) H * W;
    server = AnnotationServer.builder().port(0).modelFactory(() -> keepingStateOf(NearestClickModel.unbounded(), 100))
        .sessionMemoryBytes(AnnotationSession.bytes(pixels, 0) * 2 + pixels * 100 + 10).build().start();
    JsonObject create = new JsonObject();
    create.addProperty("image", TestImages.base64Png(TestImages.gradient(H, W)));
    assertEquals(201, send("POST", "/sessions", create.toString()).status());
    assertError(send("POST", "/sessions", create.toString()), 503, "MiB");
    assertEquals(1, server.sessionCount());
  }

  private static org.iseg.api.IisModel keepingStateOf(org.iseg.api.IisModel model, long bytesPerPixel) {
    return new org.iseg.api.IisModel() {
      @Override
      public String name() {
        return model.name();
      }

      @Override
      public org.iseg.api.Prediction predict(org.iseg.api.Image x, org.iseg.api.State z,
          List<org.iseg.api.Click> pcs, List<org.iseg.api.Click> ncs) {
        return model.predict(x, z, pcs, ncs);
      }

      @Override
      public org.iseg.api.State initialZ(org.iseg.api.Image x) {
        return model.initialZ(x);
      }

      @Override
      public long stateBytesPerPixel() {
        return bytesPerPixel;
      }
    };
  }

  @Test
  void truncatedJpegsAreRefusedAsTheCliRefusesThem() throws Exception {
    start();
    java.awt.image.BufferedImage rgb = new java.awt.image.BufferedImage(64, 48,
        java.awt.image.BufferedImage.TYPE_INT_RGB);
    java.io.ByteArrayOutputStream jpeg = new java.io.ByteArrayOutputStream();
    javax.imageio.ImageIO.write(rgb, "jpg", jpeg);
    byte[] cut = java.util.Arrays.copyOf(jpeg.toByteArray(), jpeg.size() / 2);
    JsonObject body = new JsonObject();
    body.addProperty("image", java.util.Base64.getEncoder().encodeToString(cut));
    body.add("pos_points", points(new int[][] {{1, 1}}));
    assertError(send("POST", "/", body.toString()), 400, "JPEG is truncated");
  }

  @Test
  void eachClientHasASessionQuota() throws Exception {
    server = AnnotationServer.builder().port(0).maxSessionsPerClient(2).modelFactory(NearestClickModel::unbounded)
        .build().start();
    JsonObject create = new JsonObject();
    create.addProperty("image", TestImages.base64Png(TestImages.gradient(8, 8)));
    assertEquals(201, send("POST", "/sessions", create.toString()).status());
    assertEquals(201, send("POST", "/sessions", create.toString()).status());
    assertError(send("POST", "/sessions", create.toString()), 429, "limit per client");
    assertEquals(2, server.sessionCount());
  }

  @Test
  void foreignOriginsAndHostsAreRefused() throws Exception {
    server = AnnotationServer.builder().port(0).modelFactory(NearestClickModel::unbounded)
        .allowedOrigins(java.util.Set.of("https://cvat.example.org")).build().start();
    String health = "GET /health HTTP/1.1\r\nConnection: close\r\n";
    String local = "Host: 127.0.0.1:" + server.port() + "\r\n";
    assertTrue(raw(health + local + "\r\n").startsWith("HTTP/1.1 200"));
    assertTrue(raw(health + "Host: localhost\r\nOrigin: http://localhost:3000\r\n\r\n").startsWith("HTTP/1.1 200"));
    assertTrue(raw(health + "Host: [::1]:8080\r\n\r\n").startsWith("HTTP/1.1 200"));
    assertTrue(raw(health + local + "Origin: https://cvat.example.org\r\n\r\n").startsWith("HTTP/1.1 200"));
    String foreign = raw(health + local + "Origin: https://evil.example\r\n\r\n");
    assertTrue(foreign.startsWith("HTTP/1.1 403") && foreign.contains("\"error\""), foreign);
    assertTrue(raw(health + local + "Origin: null\r\n\r\n").startsWith("HTTP/1.1 403"));
    // DNS rebinding: a foreign name that resolves to 127.0.0.1.
    String rebound = raw(health + "Host: evil.example:" + server.port() + "\r\n\r\n");
    assertTrue(rebound.startsWith("HTTP/1.1 403") && rebound.contains("loopback only"), rebound);
  }

  @Test
  void errorsNameNoJavaClasses() throws Exception {
    start();
    Reply bad = send("POST", "/", "{\"image\": ");
    assertError(bad, 400, "not valid JSON");
    assertFalse(bad.raw().body().contains("com.google") || bad.raw().body().contains("Exception"),
        bad.raw().body());
  }

  @Test
  void aBodyOverTheLimitWithoutExpectGets413NotAReset() throws Exception {
    start(Double.POSITIVE_INFINITY, 1 << 20);
    byte[] body = new byte[40 << 20];
    java.util.Arrays.fill(body, (byte) 'A');
    // HttpClient sends no Expect: 100-continue unless asked, so the whole body is on its way.
    HttpResponse<String> response = client.send(HttpRequest.newBuilder(server.uri())
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(413, response.statusCode(), response.body());
    assertTrue(response.body().contains("limit of 1048576"), response.body());
  }

  @Test
  void loadEightSessionsOfTenClicksWithoutErrors() throws Exception {
    start();
    int clients = 8;
    int clicks = 10;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    long started = System.nanoTime();
    try {
      List<Future<Integer>> errors = new ArrayList<>();
      for (int k = 0; k < clients; k++) {
        errors.add(pool.submit(() -> {
          JsonObject create = new JsonObject();
          create.addProperty("image", TestImages.base64Png(TestImages.gradient(H, W)));
          Reply created = send("POST", "/sessions", create.toString());
          int failed = created.status() == 201 ? 0 : 1;
          String id = created.body().has("id") ? created.body().get("id").getAsString() : "none";
          for (int c = 0; c < clicks; c++) {
            String click = "{\"x\": " + (c * 5) + ", \"y\": " + (c * 3) + ", \"positive\": " + (c % 2 == 0) + "}";
            failed += send("POST", "/sessions/" + id + "/clicks", click).status() == 200 ? 0 : 1;
          }
          failed += send("DELETE", "/sessions/" + id, null).status() == 200 ? 0 : 1;
          return failed;
        }));
      }
      int total = 0;
      for (Future<Integer> e : errors) {
        total += e.get(60, TimeUnit.SECONDS);
      }
      System.out.printf("load: %d sessions x %d clicks, %d errors, %.0f ms%n", clients, clicks, total,
          (System.nanoTime() - started) / 1e6);
      assertEquals(0, total);
    } finally {
      pool.shutdownNow();
    }
    assertEquals(0, server.sessionCount());
  }

  // ---------------------------------------------------------------- CVAT

  @Test
  void cvatsOwnInteractorBodyGetsAMaskAndAnOutline() throws Exception {
    start();
    // What CVAT's lambda manager sends an interactor (cvat/apps/lambda_manager/views.py): the frame as a base64
    // JPEG, fractional [x, y] points, no threshold, and "obj_bbox": null.
    java.io.ByteArrayOutputStream jpeg = new java.io.ByteArrayOutputStream();
    javax.imageio.ImageIO.write(org.iseg.examples.annotator.AwtImages.toBufferedImage(TestImages.gradient(H, W)),
        "jpg", jpeg);
    String body = "{\"image\": \"" + java.util.Base64.getEncoder().encodeToString(jpeg.toByteArray())
        + "\", \"pos_points\": [[12.5, 20.25]], \"neg_points\": [[50.9, 20.0]], \"obj_bbox\": null}";
    Reply reply = send("POST", "/", body);
    assertEquals(200, reply.status(), reply.raw().body());
    // Pixels (row 20, col 12) and (row 20, col 50): the nearer one wins, ties go to the positive.
    assertEquals(Mask.fromPredicate(H, W, i -> i % W <= 31), rows(reply.body().getAsJsonArray("mask")));
    assertEquals("[[0,0],[31,0],[31,39],[0,39]]", polygon(reply.body()));
  }

  @Test
  void theNuclioFunctionDeclaresAnInteractorAndForwardsCvatsCalls() throws Exception {
    Path function = Path.of("cvat", "nuclio");
    String yaml = Files.readString(function.resolve("function.yaml"));
    for (String line : List.of("    type: interactor", "    version: 2", "    min_pos_points: 1",
        "    min_neg_points: 0", "    startswith_box: false", "  handler: main:handler")) {
      assertTrue(yaml.contains(line + "\n"), "function.yaml lacks '" + line.trim() + "'");
    }
    Assumptions.assumeTrue(canRun("python3", "--version"), "python3 is needed to run the nuclio handler");
    start();
    ProcessBuilder run = new ProcessBuilder("python3", function.resolve("test_main.py").toString(),
        TestImages.base64Png(TestImages.gradient(H, W))).redirectErrorStream(true);
    run.environment().put("ISEG_URL", server.uri().toString());
    Process process = run.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, process.exitValue(), out);
    assertTrue(out.contains("OK 40 x 60 mask"), out);
  }

  private static boolean canRun(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static String sessionBody(Image image, String brsFields) {
    return "{\"image\": \"" + TestImages.base64Png(image) + "\"" + brsFields + "}";
  }

  @Test
  void aSessionsBrsModeIsValidatedWithMessagesThatListRitmsSix() throws Exception {
    start();
    Image image = TestImages.gradient(H, W);
    String six = "NoBRS, RGB-BRS, DistMap-BRS, f-BRS-A, f-BRS-B, f-BRS-C";
    assertError(send("POST", "/sessions", sessionBody(image, ", \"brs_mode\": \"f-BRS-D\"")), 400, six);
    assertError(send("POST", "/sessions", sessionBody(image, ", \"brs_mode\": 2")), 400, six);
    assertError(send("POST", "/sessions", sessionBody(image, ", \"brs_mode\": \"f-BRS-B\", "
        + "\"lbfgs_max_iterations\": 21")), 400, "1..20");
    assertError(send("POST", "/sessions", sessionBody(image, ", \"brs_mode\": \"f-BRS-B\", "
        + "\"net_clicks_limit\": 0")), 400, "net_clicks_limit");
    assertError(send("POST", "/sessions", sessionBody(image, ", \"brs_mode\": \"f-BRS-B\"")), 400,
        "needs RITM's predictor");
    assertEquals(0, server.sessionCount(), "no refused session is kept");
    Reply plain = send("POST", "/sessions", sessionBody(image, ", \"brs_mode\": \"nobrs\""));
    assertEquals(201, plain.status(), plain.raw().body());
    assertEquals("NoBRS", plain.body().get("brs_mode").getAsString());
  }

  /**
   * A BRS session over RITM's predictor: the compact default network cannot run BRS (400 at creation), the
   * golden HRNet18s runs f-BRS-C per session while another session on the same models stays NoBRS.
   */
  @Test
  void brsRunsPerSessionOverThePooledNetworks() throws Exception {
    server = AnnotationServer.builder().port(0).threads(1)
        .modelFactory(() -> org.iseg.api.spi.IisModelProvider.registry().get("ritm").create(java.util.Map.of("mode",
            "none", "flip", "false")))
        .build().start();
    Image image = TestImages.gradient(64, 96);
    assertError(send("POST", "/sessions", sessionBody(image, ", \"brs_mode\": \"RGB-BRS\"")), 400, "Use NoBRS");
    server.close();

    String checkpoint = org.iseg.api.testing.SharedData.golden("ritm-models/hrnet18s_itermask/checkpoint.pth")
        .toString();
    server = AnnotationServer.builder().port(0).threads(1)
        .modelFactory(() -> org.iseg.api.spi.IisModelProvider.registry().get("ritm").create(java.util.Map.of(
            "checkpoint", checkpoint, "mode", "none", "flip", "false")))
        .build().start();
    List<String> masks = new ArrayList<>();
    for (String brs : List.of("", ", \"brs_mode\": \"f-BRS-C\", \"lbfgs_max_iterations\": 3")) {
      Reply created = send("POST", "/sessions", sessionBody(image, brs));
      assertEquals(201, created.status(), created.raw().body());
      String id = created.body().get("id").getAsString();
      assertEquals(200, send("POST", "/sessions/" + id + "/clicks", "{\"x\": 30, \"y\": 20}").status());
      Reply second = send("POST", "/sessions/" + id + "/clicks", "{\"x\": 60, \"y\": 40, \"positive\": false}");
      assertEquals(200, second.status(), second.raw().body());
      assertEquals(brs.isEmpty() ? "NoBRS" : "f-BRS-C", second.body().get("brs_mode").getAsString());
      masks.add(second.body().get("mask_rle").toString());
    }
    assertFalse(masks.get(0).equals(masks.get(1)), "f-BRS-C refines what NoBRS predicts: " + masks);
  }

  /** Input BRS keeps a correction per network-input pixel for undo: the memory budget counts it per click. */
  @Test
  void inputBrsClicksCountTheirCorrectionAgainstTheMemoryBudget() throws Exception {
    long pixels = (long) H * W;
    long budget = AnnotationSession.bytes(pixels, 1) + 10; // one NoBRS click fits, one RGB-BRS click does not
    server = AnnotationServer.builder().port(0).threads(1).sessionMemoryBytes(budget)
        .modelFactory(() -> org.iseg.engine.predictors.RitmPredictor.owning("mobilenetv2",
            org.iseg.models.IisNetworks.create(org.iseg.models.NetworkConfig.ritm("mobilenetv2")),
            org.iseg.engine.predictors.Presets.noBrs(java.util.Optional.empty(), false)))
        .build().start();
    Image image = TestImages.gradient(H, W);
    Reply rgb = send("POST", "/sessions", sessionBody(image, ", \"brs_mode\": \"RGB-BRS\""));
    assertEquals(201, rgb.status(), rgb.raw().body());
    String id = rgb.body().get("id").getAsString();
    assertError(send("POST", "/sessions/" + id + "/clicks", "{\"x\": 3, \"y\": 3}"), 503, "one more click");
    assertEquals(200, send("DELETE", "/sessions/" + id, null).status());
    String plain = send("POST", "/sessions", sessionBody(image, "")).body().get("id").getAsString();
    assertEquals(200, send("POST", "/sessions/" + plain + "/clicks", "{\"x\": 3, \"y\": 3}").status());
  }
}
