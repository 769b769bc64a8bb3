package org.iseg.models.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.Map;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.iseg.api.spi.UnknownNameException;
import org.iseg.api.testing.SharedData;
import org.iseg.models.checkpoint.TorchCheckpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightsDownloaderTest {
  @TempDir Path dir;

  private static final byte[] FAKE_PTH = "PK\u0003\u0004 not really a zip but starts like one"
      .getBytes(StandardCharsets.ISO_8859_1);

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private PretrainedWeights local(Path source) {
    return PretrainedWeights.of("test_weights", source.toUri(), "hrnet18s", "test", true, "1 KB");
  }

  @Test
  void registryListsRitmReleaseWeights() {
    var ritm = PretrainedRegistry.ritm();
    assertEquals(List.of("coco_lvis_h18_baseline", "coco_lvis_h18_itermask", "coco_lvis_h18s_itermask",
        "coco_lvis_h32_itermask", "sbd_h18_itermask"), ritm.names());
    PretrainedWeights h18s = ritm.get("coco_lvis_h18s_itermask");
    assertEquals(URI.create("https://github.com/saic-vul/ritm_interactive_segmentation/releases/download/v1.0/"
        + "coco_lvis_h18s_itermask.pth"), h18s.url());
    assertEquals("coco_lvis_h18s_itermask.pth", h18s.fileName());
    assertEquals("hrnet18s", h18s.architecture());
    assertTrue(h18s.iterative());
    assertEquals(Optional.empty(), h18s.sha256(), "RITM publishes no digests");
    assertEquals("hrnet32", ritm.get("coco_lvis_h32_itermask").architecture());
    assertTrue(!ritm.get("coco_lvis_h18_baseline").iterative());
    UnknownNameException e = assertThrows(UnknownNameException.class, () -> ritm.get("h18"));
    assertTrue(e.getMessage().contains("coco_lvis_h18_itermask"), e.getMessage());
  }

  @Test
  void fetchesFromAFileUrlOnceAndReadsAsACheckpoint() {
    Path golden = SharedData.golden("ritm-models/hrnet18s_itermask/checkpoint.pth");
    AtomicLong calls = new AtomicLong();
    WeightsDownloader downloader = WeightsDownloader.builder().optCacheDir(dir.resolve("cache"))
        .optListener((w, done, total) -> calls.incrementAndGet()).build();
    PretrainedWeights weights = local(golden);
    Path fetched = downloader.fetch(weights);
    assertEquals(dir.resolve("cache").resolve("checkpoint.pth").toAbsolutePath(), fetched);
    assertTrue(calls.get() > 0);
    assertEquals(929, TorchCheckpoint.read(fetched).stateDict().size());
    long before = calls.get();
    assertEquals(fetched, downloader.fetch(weights), "cached copy reused");
    assertEquals(before, calls.get(), "no second download");
  }

  @Test
  void checksSizeAndDigest() throws Exception {
    Path source = Files.write(dir.resolve("w.pth"), FAKE_PTH);
    WeightsDownloader downloader = WeightsDownloader.builder().optCacheDir(dir.resolve("cache")).build();
    PretrainedWeights good = local(source).withChecks(Optional.of((long) FAKE_PTH.length), Optional.of(sha256(FAKE_PTH)));
    assertEquals(FAKE_PTH.length, Files.size(downloader.fetch(good)));

    PretrainedWeights wrongSize = local(source).withChecks(Optional.of(5L), Optional.empty());
    WeightsUnavailableException size = assertThrows(WeightsUnavailableException.class,
        () -> WeightsDownloader.builder().optCacheDir(dir.resolve("c2")).build().fetch(wrongSize));
    assertTrue(size.getMessage().contains("expected 5"), size.getMessage());

    String otherDigest = sha256(new byte[] {1});
    PretrainedWeights wrongDigest = local(source).withChecks(Optional.empty(), Optional.of(otherDigest));
    WeightsUnavailableException digest = assertThrows(WeightsUnavailableException.class,
        () -> WeightsDownloader.builder().optCacheDir(dir.resolve("c3")).build().fetch(wrongDigest));
    assertTrue(digest.getMessage().contains(otherDigest), digest.getMessage());
    assertNoPartFiles(dir.resolve("c2"));
    assertNoPartFiles(dir.resolve("c3"));

    // a cached file that fails the digest is replaced by a fresh download
    Files.write(downloader.cachePath(good), new byte[] {'P', 'K', 3, 4, 9});
    assertEquals(Optional.empty(), downloader.cached(good));
    assertEquals(FAKE_PTH.length, Files.size(downloader.fetch(good)));
  }

  @Test
  void failingUrlAndOfflineExplainTheAlternatives() {
    PretrainedWeights missing = PretrainedWeights.of("gone", dir.resolve("nowhere/gone.pth").toUri(), "hrnet18",
        "test", true, "38.8 MB");
    WeightsDownloader downloader = WeightsDownloader.builder().optCacheDir(dir.resolve("cache")).build();
    WeightsUnavailableException e = assertThrows(WeightsUnavailableException.class, () -> downloader.fetch(missing));
    assertTrue(e.getMessage().contains(missing.url().toString()), e.getMessage());
    assertTrue(e.getMessage().contains("--checkpoint PATH"), e.getMessage());
    assertTrue(e.getMessage().contains(downloader.cachePath(missing).toString()), e.getMessage());
    assertEquals(downloader.cachePath(missing), e.cachePath());
    assertNoPartFiles(dir.resolve("cache"));

    PretrainedWeights real = PretrainedRegistry.ritm().get("coco_lvis_h18_itermask");
    WeightsDownloader offline = WeightsDownloader.builder().optCacheDir(dir.resolve("off")).optOffline(true).build();
    WeightsUnavailableException off = assertThrows(WeightsUnavailableException.class, () -> offline.fetch(real));
    assertTrue(off.getMessage().contains("offline") && off.getMessage().contains(real.url().toString())
        && off.getMessage().contains("--checkpoint PATH"), off.getMessage());
  }

  @Test
  void downloadsOverHttpFollowingRedirectsAndRejectsErrorPages() throws Exception {
    // path -> status and body; /release/w.pth redirects to /storage/w.pth
    Map<String, byte[]> ok = Map.of("/storage/w.pth", FAKE_PTH, "/html/w.pth", "<html>rate limited</html>".getBytes());
    Server server = new Server(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    server.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getPath();
        if (path.equals("/release/w.pth")) {
          response.setStatus(302);
          response.getHeaders().put("Location", "/storage/w.pth");
          callback.succeeded();
        } else {
          byte[] body = ok.getOrDefault(path, "Not Found".getBytes());
          response.setStatus(ok.containsKey(path) ? 200 : 404);
          response.write(true, ByteBuffer.wrap(body), callback);
        }
        return true;
      }
    });
    server.start();
    try {
      String base = "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort();
      WeightsDownloader downloader = WeightsDownloader.builder().optCacheDir(dir.resolve("http")).build();
      PretrainedWeights redirected = PretrainedWeights.of("w", URI.create(base + "/release/w.pth"), "hrnet18", "test",
          true, "1 KB").withChecks(Optional.of((long) FAKE_PTH.length), Optional.of(sha256(FAKE_PTH)));
      assertEquals(FAKE_PTH.length, Files.size(downloader.fetch(redirected)));

      WeightsDownloader other = WeightsDownloader.builder().optCacheDir(dir.resolve("http2")).build();
      WeightsUnavailableException html = assertThrows(WeightsUnavailableException.class, () -> other.fetch(
          PretrainedWeights.of("w", URI.create(base + "/html/w.pth"), "hrnet18", "test", true, "1 KB")));
      assertTrue(html.getMessage().contains("not a PyTorch checkpoint"), html.getMessage());
      WeightsUnavailableException notFound = assertThrows(WeightsUnavailableException.class, () -> other.fetch(
          PretrainedWeights.of("w", URI.create(base + "/missing/w.pth"), "hrnet18", "test", true, "1 KB")));
      assertTrue(notFound.getMessage().contains("404") && notFound.getMessage().contains("--checkpoint PATH"),
          notFound.getMessage());
      assertNoPartFiles(dir.resolve("http2"));
    } finally {
      server.stop();
    }
  }

  private static void assertNoPartFiles(Path folder) {
    if (!Files.isDirectory(folder)) {
      return;
    }
    try (Stream<Path> files = Files.list(folder)) {
      assertEquals(List.of(), files.filter(p -> p.toString().endsWith(".part")).toList());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void resolvesPathsAndRegistryNames() throws Exception {
    Path local = Files.write(dir.resolve("mine.pth"), FAKE_PTH);
    Path mirror = Files.write(dir.resolve("coco_lvis_h18s_itermask.pth"), FAKE_PTH);
    var registry = PretrainedRegistry.of(List.of(
        PretrainedRegistry.ritm().get("coco_lvis_h18s_itermask").withUrl(mirror.toUri())));
    WeightsDownloader downloader = WeightsDownloader.builder().optCacheDir(dir.resolve("cache")).build();
    assertEquals(local, downloader.resolve(local.toString(), registry));
    Path fetched = downloader.resolve("coco_lvis_h18s_itermask", registry);
    assertEquals(downloader.cachePath(registry.get("coco_lvis_h18s_itermask")), fetched);
    assertTrue(Files.isRegularFile(fetched));
    assertEquals(fetched, downloader.resolve("coco_lvis_h18s_itermask.pth", registry));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> downloader.resolve("h18s", registry));
    assertTrue(e.getMessage().contains("coco_lvis_h18s_itermask") && e.getMessage().contains("h18s"), e.getMessage());
  }

  @Test
  void rejectsUnsafeFileNames() {
    assertThrows(IllegalArgumentException.class, () -> new PretrainedWeights("x", URI.create("file:/x"), "../x.pth",
        "a", "b", true, "1", Optional.empty(), Optional.empty()));
    assertThrows(IllegalArgumentException.class, () -> PretrainedWeights.of("x", URI.create("file:/x.pth"), "a", "b",
        true, "1").withChecks(Optional.empty(), Optional.of("abc")));
  }
}
