package org.iseg.examples.bench;

import com.google.gson.Gson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.iseg.api.Click;
import org.iseg.api.IisModel;
import org.iseg.api.Image;
import org.iseg.api.Mask;
import org.iseg.api.Prediction;
import org.iseg.api.ProbabilityMap;
import org.iseg.api.State;
import org.iseg.examples.annotator.AnnotatorController;
import org.iseg.examples.annotator.AwtImages;
import org.iseg.examples.server.AnnotationServer;
import org.iseg.examples.server.MaskEncoding;
import org.iseg.examples.server.RegionOutline;

/**
 * What the annotator and the server add on top of the model: overlay rendering, outline tracing, mask
 * encoding, and full HTTP round trips over loopback, measured with a model that costs almost nothing (a disk
 * around each positive click) so the figures are the tool's own overhead.
 *
 * <pre>
 * java -cp ... org.iseg.examples.bench.AnnotationBenchmark [height width]   (default 480 640)
 * </pre>
 */
public final class AnnotationBenchmark {
  private AnnotationBenchmark() {}

  /** Probability 1 within 25% of the shorter side of a positive click, 0 elsewhere. */
  static final class DiskModel implements IisModel {
    @Override
    public String name() {
      return "disk";
    }

    @Override
    public Prediction predict(Image x, State z, List<Click> pcs, List<Click> ncs) {
      int h = x.height();
      int w = x.width();
      float[] y = new float[h * w];
      long radius = Math.min(h, w) / 4;
      for (Click c : pcs) {
        for (int r = 0; r < h; r++) {
          long dr = r - c.row();
          for (int col = 0; col < w; col++) {
            long dc = col - c.col();
            if (dr * dr + dc * dc <= radius * radius) {
              y[r * w + col] = 1f;
            }
          }
        }
      }
      return new Prediction(ProbabilityMap.of(h, w, y), State.NONE);
    }
  }

  public static void main(String[] args) throws Exception {
    int h = args.length >= 2 ? Integer.parseInt(args[0]) : 480;
    int w = args.length >= 2 ? Integer.parseInt(args[1]) : 640;
    Image image = texture(h, w);
    System.out.printf(Locale.ROOT, "iseg annotator/server overhead, %dx%d image, %s%n", w, h,
        Runtime.version());

    AnnotatorController controller = new AnnotatorController(new DiskModel());
    controller.setImage(image);
    controller.addClick(h / 3, w / 3, true);
    controller.finishObject();
    controller.addClick(2 * h / 3, 2 * w / 3, true);
    controller.addClick(h / 2, w / 2, false);
    report("model alone (disk model, 1 click)", 200,
        () -> new DiskModel().predict(image, State.NONE, List.of(Click.positive(h / 2, w / 2, 0)), List.of()));
    report("overlay render (2 objects, 2 clicks)", 200, controller::render);

    Mask mask = controller.currentMask().orElseThrow();
    report("outline of the largest region", 200, () -> RegionOutline.largest(mask));
    report("mask as RLE JSON", 200, () -> new Gson().toJson(MaskEncoding.rle(mask)));
    report("mask as CVAT rows JSON", 50, () -> MaskEncoding.appendRows(new StringBuilder(), mask).toString());

    byte[] pngBytes = png(image);
    report("PNG decode of the upload (ImageIO, " + pngBytes.length / 1024 + " KiB)", 50,
        () -> AwtImages.toImage(ImageIO.read(new java.io.ByteArrayInputStream(pngBytes))));
    String png = Base64.getEncoder().encodeToString(pngBytes);
    try (AnnotationServer server = AnnotationServer.builder().port(0).modelFactory(DiskModel::new).build().start()) {
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      String interact = "{\"image\": \"" + png + "\", \"pos_points\": [[" + w / 2 + ", " + h / 2 + "]], "
          + "\"neg_points\": [[5, 5]], \"threshold\": 0.5}";
      report("CVAT interactor round trip (PNG upload, rows)", 30,
          () -> post(client, server.uri().resolve("/"), interact));
      String created = post(client, server.uri().resolve("/sessions"), "{\"image\": \"" + png + "\"}");
      String id = created.replaceAll(".*\"id\":\"([0-9a-f]+)\".*", "$1");
      URI clicks = server.uri().resolve("/sessions/" + id + "/clicks");
      URI undo = server.uri().resolve("/sessions/" + id + "/undo");
      report("session click + undo round trips (RLE)", 100, () -> {
        post(client, clicks, "{\"x\": " + w / 2 + ", \"y\": " + h / 2 + "}");
        return post(client, undo, "{}");
      });
    }
    System.exit(0);
  }

  interface Work {
    Object run() throws Exception;
  }

  private static void report(String what, int reps, Work work) throws Exception {
    for (int i = 0; i < Math.max(3, reps / 5); i++) {
      work.run(); // warm-up
    }
    long t0 = System.nanoTime();
    for (int i = 0; i < reps; i++) {
      work.run();
    }
    double ms = (System.nanoTime() - t0) / 1e6 / reps;
    System.out.printf(Locale.ROOT, "  %-48s %8.2f ms%n", what, ms);
  }

  private static String post(HttpClient client, URI uri, String body) throws IOException, InterruptedException {
    HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200 && response.statusCode() != 201) {
      throw new IOException(uri + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  private static Image texture(int h, int w) {
    byte[] rgb = new byte[3 * h * w];
    for (int i = 0; i < h * w; i++) {
      int r = i / w;
      int c = i % w;
      rgb[3 * i] = (byte) (c * 255 / w);
      rgb[3 * i + 1] = (byte) (r * 255 / h);
      rgb[3 * i + 2] = (byte) ((r * 7 + c * 13) & 0xFF);
    }
    return Image.of(h, w, rgb);
  }

  private static byte[] png(Image image) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(AwtImages.toBufferedImage(image), "png", out);
    return out.toByteArray();
  }
}
