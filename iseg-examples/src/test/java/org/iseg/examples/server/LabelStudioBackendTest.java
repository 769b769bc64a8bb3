package org.iseg.examples.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.iseg.api.Mask;
import org.iseg.engine.testing.NearestClickModel;
import org.iseg.examples.testing.TestImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The server as Label Studio's ML backend, against a stand-in Label Studio that serves the task's image only
 * with the API token, and Label Studio's /predict body (label-studio-predict.json).
 */
class LabelStudioBackendTest {
  private static final int H = 40;
  private static final int W = 60;

  private final HttpClient client = HttpClient.newHttpClient();
  private final AtomicInteger imageFetches = new AtomicInteger();
  private Server labelStudio;
  private AnnotationServer server;

  @BeforeEach
  void start() throws Exception {
    byte[] png = TestImages.png(TestImages.gradient(H, W));
    labelStudio = new Server(new InetSocketAddress("127.0.0.1", 0));
    labelStudio.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) {
        if (!request.getHttpURI().getPath().equals("/data/upload/1/image.png")) {
          return false; // Jetty answers 404
        }
        boolean authorised = "Token secret".equals(request.getHeaders().get("Authorization"));
        imageFetches.incrementAndGet();
        response.setStatus(authorised ? 200 : 401);
        response.write(true, ByteBuffer.wrap(authorised ? png : new byte[0]), callback);
        return true;
      }
    });
    labelStudio.start();
    server = AnnotationServer.builder().port(0).modelFactory(NearestClickModel::unbounded)
        .labelStudio(URI.create("http://127.0.0.1:" + ((ServerConnector) labelStudio.getConnectors()[0]).getLocalPort()), "secret")
        .build().start();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    labelStudio.stop();
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(server.uri().resolve(path));
    request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body));
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonObject fixture() throws IOException {
    try (InputStream in = LabelStudioBackendTest.class.getResourceAsStream("label-studio-predict.json")) {
      return JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
    }
  }

  @Test
  void healthSetupAndWebhookAnswerAsLabelStudioExpects() throws Exception {
    for (String path : new String[] {"/health", "/"}) {
      HttpResponse<String> health = send("GET", path, null);
      assertEquals(200, health.statusCode());
      JsonObject body = JsonParser.parseString(health.body()).getAsJsonObject();
      assertEquals("UP", body.get("status").getAsString());
      assertTrue(body.get("model_version").getAsString().startsWith("iseg "), health.body());
    }
    HttpResponse<String> setup = send("POST", "/setup",
        "{\"project\": \"1.1714644000\", \"schema\": \"<View/>\", \"hostname\": \"http://localhost:8080\", "
            + "\"access_token\": \"secret\", \"model_version\": null}");
    assertEquals(200, setup.statusCode(), setup.body());
    assertTrue(setup.body().contains("\"model_version\":\"iseg "), setup.body());
    HttpResponse<String> webhook = send("POST", "/webhook", "{\"action\": \"ANNOTATION_CREATED\", \"project\": {}}");
    assertEquals(201, webhook.statusCode(), webhook.body());
  }

  @Test
  void aSmartKeypointGetsABrushMaskInLabelStudiosRle() throws Exception {
    HttpResponse<String> response = send("POST", "/predict", fixture().toString());
    assertEquals(200, response.statusCode(), response.body());
    JsonObject body = JsonParser.parseString(response.body()).getAsJsonObject();
    JsonArray results = body.getAsJsonArray("results");
    assertEquals(1, results.size());
    JsonObject region = results.get(0).getAsJsonObject().getAsJsonArray("result").get(0).getAsJsonObject();
    assertEquals("tag", region.get("from_name").getAsString(), "the BrushLabels of the keypoint's image");
    assertEquals("image", region.get("to_name").getAsString());
    assertEquals("brushlabels", region.get("type").getAsString());
    assertEquals(W, region.get("original_width").getAsInt());
    assertEquals(H, region.get("original_height").getAsInt());
    JsonObject value = region.getAsJsonObject("value");
    assertEquals("rle", value.get("format").getAsString());
    assertEquals("[\"Object\"]", value.getAsJsonArray("brushlabels").toString());
    // 20.5 % x 60 = column 12 and 50.5 % x 40 = row 20 positive, column 50 negative: columns 0..31 are nearer.
    assertEquals(Mask.fromPredicate(H, W, i -> i % W <= 31), decodeBrush(value.getAsJsonArray("rle"), H, W));
    assertEquals(1, imageFetches.get());
  }

  @Test
  void aSmartRectangleClipsTheMaskToItself() throws Exception {
    JsonObject body = fixture();
    JsonObject rectangle = JsonParser.parseString("{\"original_width\": 60, \"original_height\": 40, "
        + "\"value\": {\"x\": 10, \"y\": 25, \"width\": 20, \"height\": 50, \"rectanglelabels\": [\"Object\"]}, "
        + "\"from_name\": \"tag3\", \"to_name\": \"image\", \"type\": \"rectanglelabels\"}").getAsJsonObject();
    JsonArray context = new JsonArray();
    context.add(rectangle);
    body.getAsJsonObject("params").getAsJsonObject("context").add("result", context);
    HttpResponse<String> response = send("POST", "/predict", body.toString());
    assertEquals(200, response.statusCode(), response.body());
    JsonObject value = JsonParser.parseString(response.body()).getAsJsonObject().getAsJsonArray("results").get(0)
        .getAsJsonObject().getAsJsonArray("result").get(0).getAsJsonObject().getAsJsonObject("value");
    // Columns 6..18, rows 10..30: the box; the lone positive click at its centre selects all of it.
    assertEquals(Mask.fromPredicate(H, W, i -> i / W >= 10 && i / W <= 30 && i % W >= 6 && i % W <= 18),
        decodeBrush(value.getAsJsonArray("rle"), H, W));
  }

  @Test
  void noContextMeansNoPredictionAndForeignImagesAreNotFetched() throws Exception {
    JsonObject body = fixture();
    body.getAsJsonObject("params").remove("context");
    HttpResponse<String> empty = send("POST", "/predict", body.toString());
    assertEquals(200, empty.statusCode(), empty.body());
    assertEquals(0, JsonParser.parseString(empty.body()).getAsJsonObject().getAsJsonArray("results").size());

    JsonObject foreign = fixture();
    foreign.getAsJsonArray("tasks").get(0).getAsJsonObject().getAsJsonObject("data")
        .addProperty("image", "http://169.254.169.254/latest/meta-data");
    HttpResponse<String> refused = send("POST", "/predict", foreign.toString());
    assertEquals(400, refused.statusCode(), refused.body());
    assertTrue(refused.body().contains("fetches images only from the Label Studio"), refused.body());

    JsonObject inline = fixture();
    inline.getAsJsonArray("tasks").get(0).getAsJsonObject().getAsJsonObject("data")
        .addProperty("image", "data:image/png;base64," + TestImages.base64Png(TestImages.gradient(H, W)));
    assertEquals(200, send("POST", "/predict", inline.toString()).statusCode());
    assertEquals(0, imageFetches.get());
  }

  /** Reads rle-pack's bit format (as Label Studio's editor does) and keeps the alpha channel. */
  static Mask decodeBrush(JsonArray rle, int height, int width) {
    byte[] bytes = new byte[rle.size()];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) rle.get(i).getAsInt();
    }
    int[] bit = {0};
    java.util.function.IntUnaryOperator read = n -> {
      int v = 0;
      for (int k = 0; k < n; k++, bit[0]++) {
        v = (v << 1) | ((bytes[bit[0] >> 3] >> (7 - (bit[0] & 7))) & 1);
      }
      return v;
    };
    int num = read.applyAsInt(32);
    int wordSize = read.applyAsInt(5) + 1;
    int[] widths = new int[4];
    for (int k = 0; k < 4; k++) {
      widths[k] = read.applyAsInt(4) + 1;
    }
    assertEquals(4 * height * width, num);
    int[] values = new int[num];
    for (int i = 0; i < num; ) {
      boolean run = read.applyAsInt(1) == 1;
      int end = i + 1 + read.applyAsInt(widths[read.applyAsInt(2)]);
      if (run) {
        java.util.Arrays.fill(values, i, end, read.applyAsInt(wordSize));
        i = end;
      } else {
        for (; i < end; i++) {
          values[i] = read.applyAsInt(wordSize);
        }
      }
    }
    return Mask.fromPredicate(height, width, p -> values[4 * p + 3] == 255);
  }
}
