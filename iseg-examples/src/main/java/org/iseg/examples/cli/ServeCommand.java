package org.iseg.examples.cli;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.iseg.examples.server.AnnotationServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code iseg serve}: the HTTP service for annotation tools (CVAT interactor contract + session API). */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Serve a model over HTTP: CVAT's interactor contract and a stateful session API (docs/server.md).")
final class ServeCommand implements Callable<Integer> {

  @Mixin ModelChoice model;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default 127.0.0.1).")
  String host;

  @Option(names = "--port", defaultValue = "8080", description = "Port (default 8080; 0 picks a free one).")
  int port;

  @Option(names = "--threads", defaultValue = "2", description = "Concurrent requests = models loaded (default 2).")
  int threads;

  @Option(names = "--session-ttl", defaultValue = "PT10M", description = "Idle session lifetime, ISO-8601 (default PT10M).")
  Duration sessionTtl;

  @Mixin ZoomInChoice zoomIn;

  @Option(names = "--max-clicks", defaultValue = "100",
      description = "Most clicks per object, in one request or one session (default 100; 413 above).")
  int maxClicks;

  @Option(names = "--max-brs-iterations", defaultValue = "20",
      description = "Most L-BFGS-B evaluations per click a BRS session may ask for (default RITM's 20; 400 above).")
  int maxBrsIterations;

  @Option(names = "--max-sessions-per-client", defaultValue = "32",
      description = "Most sessions one client address may hold (default 32; 429 above).")
  int maxSessionsPerClient;

  @Option(names = "--allow-origin", paramLabel = "URL",
      description = "A web origin whose pages may call the server, e.g. https://cvat.example.org (repeatable); "
          + "other origins get 403, loopback ones are always allowed.")
  Set<String> allowedOrigins = Set.of();

  @Option(names = "--label-studio-url", paramLabel = "URL", defaultValue = "${env:LABEL_STUDIO_URL}",
      description = "Label Studio's address, to fetch task images for /predict (default: $LABEL_STUDIO_URL).")
  URI labelStudioUrl;

  @Option(names = "--label-studio-token", paramLabel = "TOKEN", defaultValue = "${env:LABEL_STUDIO_API_KEY}",
      description = "Label Studio API token for those images (default: $LABEL_STUDIO_API_KEY).")
  String labelStudioToken;

  @Override
  public Integer call() throws InterruptedException {
    // The server logs one line per request; the JDK's default log format spreads each over two.
    if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
      System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tF %1$tT %4$s %5$s%6$s%n");
    }
    Map<String, String> predictorOptions = zoomIn.predictorOptions();
    AnnotationServer.Builder builder = AnnotationServer.builder();
    if (labelStudioUrl != null) {
      builder.labelStudio(labelStudioUrl, labelStudioToken == null ? "" : labelStudioToken);
    }
    AnnotationServer server = builder
        .host(host)
        .port(port)
        .threads(threads)
        .sessionTtl(sessionTtl)
        .maxClicks(maxClicks)
        .maxBrsIterations(maxBrsIterations)
        .maxSessionsPerClient(maxSessionsPerClient)
        .allowedOrigins(allowedOrigins)
        .modelFactory(() -> model.predictor(predictorOptions))
        .build()
        .start();
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "iseg-serve-shutdown"));
    System.out.println("iseg serve: " + model.label() + " at " + server.uri() + " (Ctrl+C stops)");
    server.awaitClose();
    return 0;
  }
}
