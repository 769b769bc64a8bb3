package org.iseg.examples.spark;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Starts the Spark context of an evaluation with a bound on how long reaching the master may take: Spark's
 * standalone client otherwise retries an unreachable master for minutes (RPC lookup and ask timeouts of 120 s).
 */
public final class SparkMaster {
  /** The master spark-submit passes (as a system property) when {@code --spark} names none. */
  public static final String SUBMITTED = "spark.master";

  private SparkMaster() {}

  /**
   * A context for {@code master} ({@code local[N]}, {@code spark://HOST:PORT}, {@code yarn}, ...; empty = the one
   * spark-submit set), with {@code conf} on top of iseg's settings (no web UI; Spark's network timeouts set to
   * {@code timeout}).
   *
   * @throws IllegalArgumentException when no master is given and none was submitted, or the master cannot be
   *     reached within {@code timeout}, naming it and what to check
   */
  public static JavaSparkContext connect(String master, Map<String, String> conf, Duration timeout) {
    SparkConf sc = new SparkConf();   // picks up spark-submit's spark.* system properties
    if (master != null && !master.isBlank()) {
      sc.setMaster(master);
    } else if (!sc.contains(SUBMITTED)) {
      throw new IllegalArgumentException("--spark without a master is for spark-submit (which sets " + SUBMITTED
          + "); name one: --spark local[2] or --spark spark://HOST:7077");
    }
    String seconds = Math.max(1, timeout.toSeconds()) + "s";
    sc.setIfMissing("spark.app.name", "iseg evaluate");
    sc.setIfMissing("spark.ui.enabled", "false");
    // Reaching the master: connecting, looking its endpoint up, asking it (spark.network.timeout, which these
    // default to, also bounds heartbeats and must stay above their intervals, so it is left alone).
    for (String key : new String[] {"spark.rpc.io.connectionTimeout", "spark.rpc.lookupTimeout",
        "spark.rpc.askTimeout"}) {
      sc.setIfMissing(key, seconds);
    }
    String target = sc.get(SUBMITTED);
    if (target.startsWith("local")) {
      // Everything in this JVM: no need to resolve this machine's network name (slow or wrong on some hosts).
      sc.setIfMissing("spark.driver.host", "127.0.0.1");
      sc.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
    }
    conf.forEach(sc::set);
    CompletableFuture<JavaSparkContext> start = new CompletableFuture<>();
    Thread starter = new Thread(() -> {
      try {
        start.complete(new JavaSparkContext(sc));
      } catch (Throwable e) {
        start.completeExceptionally(e);
      }
    }, "iseg-spark-start");
    starter.setDaemon(true);   // a context stuck on an unreachable master must not keep the JVM alive
    starter.start();
    try {
      return start.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      starter.interrupt();
      // If it connects after all, stop it: the caller has given up on it.
      start.thenAccept(JavaSparkContext::stop);
      throw new IllegalArgumentException("Spark master " + target + " did not accept this application within "
          + timeout.toSeconds() + " s; check --spark (local[N], spark://HOST:PORT, ...), that the master is up and"
          + " reachable from here, or allow more time with --spark-timeout");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw new IllegalArgumentException("cannot start Spark with master " + target + ": "
          + cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage())
          + "; check --spark (local[N], spark://HOST:PORT, ...)", cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting Spark with master " + target, e);
    }
  }
}
