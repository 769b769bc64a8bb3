package org.iseg.models.zoo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Downloads pretrained weights into a cache folder once and returns the local file.
 *
 * <pre>{@code
 * WeightsDownloader downloader = WeightsDownloader.builder()
 *     .optListener((w, done, total) -> System.err.printf("%s: %d bytes%n", w.name(), done))
 *     .build();
 * Path pth = downloader.fetch(PretrainedRegistry.ritm().get("coco_lvis_h18_itermask"));
 * }</pre>
 *
 * <p>The cache folder is {@code ~/.iseg/models} unless the builder, the system property {@code iseg.models.dir} or
 * the environment variable {@code ISEG_MODELS_DIR} says otherwise. A cached file is reused when it passes the
 * weights' known size/SHA-256 checks. A download goes to a temporary file in the cache folder, is checked (size and
 * digest when known; for {@code .pth}/{@code .pt} files also that it starts like a PyTorch checkpoint, which
 * catches HTML error pages) and only then moved into place atomically, so an interrupted download never leaves a
 * broken file behind. {@code https:}/{@code http:} go through {@link HttpClient} (redirects followed, as GitHub's
 * release links need); {@code file:} URLs are copied (local mirrors, tests).
 *
 * <p>Offline ({@link Builder#offline}, or {@code -Diseg.offline=true}) nothing is downloaded, and a missing file,
 * like any failed download, raises a {@link WeightsUnavailableException} whose message says where to get the file
 * and how to pass it with {@code --checkpoint PATH} instead.
 */
public final class WeightsDownloader {
  /** Progress of one download. */
  @FunctionalInterface
  public interface Listener {
    /** Called as bytes arrive; {@code total} is empty when the server does not say. */
    void progress(PretrainedWeights weights, long bytesSoFar, OptionalLong total);
  }

  private final Path cacheDir;
  private final boolean offline;
  private final Duration timeout;
  private final Listener listener;
  private final HttpClient client;

  private WeightsDownloader(Builder b) {
    this.cacheDir = b.cacheDir.toAbsolutePath().normalize();
    this.offline = b.offline;
    this.timeout = b.timeout;
    this.listener = b.listener;
    this.client = b.client != null ? b.client
        : HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(timeout).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The default cache folder: {@code iseg.models.dir}, else {@code $ISEG_MODELS_DIR}, else {@code ~/.iseg/models}. */
  public static Path defaultCacheDir() {
    String property = System.getProperty("iseg.models.dir");
    if (property != null && !property.isBlank()) {
      return Path.of(property);
    }
    String env = System.getenv("ISEG_MODELS_DIR");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    return Path.of(System.getProperty("user.home"), ".iseg", "models");
  }

  public Path cacheDir() {
    return cacheDir;
  }

  /** Where {@code weights} live in the cache (whether or not they are there). */
  public Path cachePath(PretrainedWeights weights) {
    return cacheDir.resolve(weights.fileName());
  }

  /** The cached file if it is present and passes the known checks. */
  public Optional<Path> cached(PretrainedWeights weights) {
    Path path = cachePath(weights);
    if (!Files.isRegularFile(path)) {
      return Optional.empty();
    }
    try (InputStream in = Files.newInputStream(path)) {
      return verify(weights, in, Files.size(path)).isEmpty() ? Optional.of(path) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * The local file of {@code weights}, downloading it first if the cache lacks a good copy.
   *
   * @throws WeightsUnavailableException offline, on a failed download or when the file fails its checks
   */
  public Path fetch(PretrainedWeights weights) {
    Optional<Path> hit = cached(weights);
    if (hit.isPresent()) {
      return hit.get();
    }
    Path target = cachePath(weights);
    if (offline) {
      throw unavailable(weights, "working offline", null);
    }
    Path temp = null;
    try {
      Files.createDirectories(cacheDir);
      temp = Files.createTempFile(cacheDir, weights.fileName() + ".", ".part");
      long[] length = {-1};
      try (InputStream in = open(weights, length); OutputStream out = Files.newOutputStream(temp)) {
        byte[] buffer = new byte[1 << 16];
        long done = 0;
        OptionalLong total = length[0] >= 0 ? OptionalLong.of(length[0]) : OptionalLong.empty();
        for (int n; (n = in.read(buffer)) >= 0; ) {
          out.write(buffer, 0, n);
          done += n;
          listener.progress(weights, done, total);
        }
      }
      Optional<String> problem;
      try (InputStream in = Files.newInputStream(temp)) {
        problem = verify(weights, in, Files.size(temp));
      }
      if (problem.isPresent()) {
        throw unavailable(weights, "the downloaded file " + problem.get(), null);
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      temp = null;
      return target;
    } catch (IOException e) {
      throw unavailable(weights, "download failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable(weights, "download interrupted", e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // keep the original failure
        }
      }
    }
  }

  /**
   * A checkpoint given as either a file path or a registry name (what a {@code --checkpoint} option accepts): an
   * existing file is returned as is; a known name is fetched (from the cache or by download).
   *
   * @throws IllegalArgumentException if it is neither an existing file nor a known name (the message lists both
   *     options and the known names)
   * @throws WeightsUnavailableException if a known name cannot be fetched
   */
  public Path resolve(String pathOrName, org.iseg.api.spi.Registry<PretrainedWeights> registry) {
    Objects.requireNonNull(pathOrName, "checkpoint");
    Path asPath;
    try {
      asPath = Path.of(pathOrName);
    } catch (java.nio.file.InvalidPathException e) {
      asPath = null;
    }
    if (asPath != null && Files.isRegularFile(asPath)) {
      return asPath;
    }
    String stem = pathOrName.endsWith(".pth") ? pathOrName.substring(0, pathOrName.length() - 4) : pathOrName;
    if (registry.contains(stem)) {
      return fetch(registry.get(stem));
    }
    throw new IllegalArgumentException("checkpoint '" + pathOrName + "' is neither an existing file nor a known "
        + registry.kind() + " name; pass the path of a .pth file or one of: " + String.join(", ", registry.names()));
  }

  private InputStream open(PretrainedWeights weights, long[] length) throws IOException, InterruptedException {
    URI url = weights.url();
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
    switch (scheme) {
      case "file": {
        Path source = Path.of(url);
        length[0] = Files.size(source);
        return Files.newInputStream(source);
      }
      case "http":
      case "https": {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).GET().build();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
          response.body().close();
          throw new IOException("HTTP status " + response.statusCode() + " from " + response.uri());
        }
        length[0] = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        return response.body();
      }
      default:
        throw new IOException("unsupported URL scheme '" + scheme + "' (use https: or file:)");
    }
  }

  /** Empty if the bytes pass the checks, else what is wrong. */
  private static Optional<String> verify(PretrainedWeights weights, InputStream in, long size) throws IOException {
    if (weights.sizeBytes().isPresent() && weights.sizeBytes().get() != size) {
      return Optional.of("has " + size + " bytes, expected " + weights.sizeBytes().get());
    }
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
    byte[] buffer = new byte[1 << 16];
    byte[] head = new byte[4];
    int headLength = 0;
    for (int n; (n = in.read(buffer)) >= 0; ) {
      while (headLength < 4 && headLength < n) {
        head[headLength] = buffer[headLength];
        headLength++;
      }
      if (weights.sha256().isEmpty() && headLength >= 4) {
        break; // nothing else to check
      }
      digest.update(buffer, 0, n);
    }
    String name = weights.fileName().toLowerCase(java.util.Locale.ROOT);
    if ((name.endsWith(".pth") || name.endsWith(".pt")) && !looksLikeTorch(head, headLength)) {
      return Optional.of("is not a PyTorch checkpoint (it starts with neither a zip header nor a pickle; an HTML "
          + "error page?)");
    }
    if (weights.sha256().isPresent()) {
      String actual = HexFormat.of().formatHex(digest.digest());
      if (!actual.equals(weights.sha256().get())) {
        return Optional.of("has SHA-256 " + actual + ", expected " + weights.sha256().get());
      }
    }
    return Optional.empty();
  }

  private static boolean looksLikeTorch(byte[] head, int n) {
    boolean zip = n >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
    boolean pickle = n >= 2 && (head[0] & 0xff) == 0x80;
    return zip || pickle;
  }

  private WeightsUnavailableException unavailable(PretrainedWeights weights, String reason, Throwable cause) {
    Path target = cachePath(weights);
    return new WeightsUnavailableException("pretrained weights '" + weights.name() + "' are not available (" + reason
        + "). Download " + weights.url() + " (" + weights.publishedSize() + ") yourself and pass it with --checkpoint "
        + "PATH, or put it at " + target + " so it is found next time", weights.url(), target, cause);
  }

  /** Settings of a {@link WeightsDownloader}. */
  public static final class Builder {
    private Path cacheDir = defaultCacheDir();
    private boolean offline = Boolean.getBoolean("iseg.offline");
    private Duration timeout = Duration.ofSeconds(30);
    private Listener listener = (w, done, total) -> {};
    private HttpClient client;

    private Builder() {}

    /** Where downloaded files are kept; default {@link #defaultCacheDir()}. */
    public Builder optCacheDir(Path dir) {
      this.cacheDir = Objects.requireNonNull(dir, "cache dir");
      return this;
    }

    /** Never download; only cached files are returned. Default: {@code -Diseg.offline}. */
    public Builder optOffline(boolean offline) {
      this.offline = offline;
      return this;
    }

    /** Connect timeout and the time to wait for a response's headers. Default 30 s. */
    public Builder optTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive, got " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /** Receives download progress. */
    public Builder optListener(Listener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** A preconfigured HTTP client (proxy, authentication); it should follow redirects. */
    public Builder optHttpClient(HttpClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    public WeightsDownloader build() {
      return new WeightsDownloader(this);
    }
  }
}
