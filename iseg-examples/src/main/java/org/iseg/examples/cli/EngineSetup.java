package org.iseg.examples.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Makes DJL run offline with the PyTorch natives bundled on the class path (stack.md): no download from any
 * CDN at run time. Values already set by the user (environment or -D) win.
 */
final class EngineSetup {
  private EngineSetup() {}

  static Properties versions() {
    Properties properties = new Properties();
    try (InputStream in = EngineSetup.class.getResourceAsStream("engine.properties")) {
      if (in == null) {
        throw new IllegalStateException("engine.properties is missing from the iseg-examples jar; rebuild it");
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties;
  }

  static void configure() {
    Properties versions = versions();
    setIfAbsent("ai.djl.offline", "true");
    setIfAbsent("PYTORCH_FLAVOR", "cpu");
    setIfAbsent("PYTORCH_VERSION", versions.getProperty("pytorch.version"));
    setIfAbsent("java.awt.headless", "true");
  }

  /**
   * Whether standard error is a terminal, so progress may rewrite its line with {@code \r}. Java cannot ask about
   * stderr itself: the {@code iseg} launcher tests it ({@code [ -t 2 ]}) and passes {@value #STDERR_TERMINAL};
   * without it, a console on stdin/stdout stands in.
   */
  static boolean stderrIsTerminal() {
    String told = System.getProperty(STDERR_TERMINAL);
    return told != null ? Boolean.parseBoolean(told) : System.console() != null;
  }

  static final String STDERR_TERMINAL = "iseg.stderr.terminal";

  private static void setIfAbsent(String key, String value) {
    if (System.getenv(key) == null && System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
