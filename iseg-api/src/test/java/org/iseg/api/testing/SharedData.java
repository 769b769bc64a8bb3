package org.iseg.api.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The one place tests find {@code ../shared} (datasets and RITM's golden outputs).
 *
 * <p>The parent pom passes {@code -Diseg.shared.dir=${maven.multiModuleProjectDirectory}/../shared} to every
 * test JVM. On a user's clone without that folder the tests that need it are skipped; when the environment
 * variable {@code CI} is set, a missing folder fails the test instead, so CI never passes by skipping.
 */
public final class SharedData {
  private SharedData() {}

  /** The shared folder; skips (or fails on CI) when it is absent. */
  public static Path root() {
    String configured = System.getProperty("iseg.shared.dir");
    Path root = configured != null ? Paths.get(configured) : Paths.get("..", "..", "shared");
    root = root.toAbsolutePath().normalize();
    boolean present = Files.isDirectory(root.resolve("datasets"));
    if (!present && isCi()) {
      throw new AssertionError(
          "CI is set but the shared data folder " + root + " is missing: clone the project next to shared/");
    }
    assumeTrue(present, "shared data folder " + root + " is absent; tests that need it are skipped");
    return root;
  }

  /** {@code shared/datasets/<name>}, which must exist when the shared folder does. */
  public static Path dataset(String name) {
    return existing(root().resolve("datasets").resolve(name));
  }

  /** {@code shared/golden/<relative>}, which must exist when the shared folder does. */
  public static Path golden(String relative) {
    return existing(root().resolve("golden").resolve(relative));
  }

  public static boolean isCi() {
    String ci = System.getenv("CI");
    return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false");
  }

  private static Path existing(Path path) {
    if (!Files.exists(path)) {
      throw new AssertionError("expected shared file or folder " + path + " is missing");
    }
    return path;
  }
}
