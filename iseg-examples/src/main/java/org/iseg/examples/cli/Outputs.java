package org.iseg.examples.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checks that the command's output paths can be written before any work starts, so a typo in {@code --out} costs
 * a second rather than an hour of training or evaluation.
 */
final class Outputs {
  private Outputs() {}

  /** {@code file} (named by {@code option}) can be created or replaced: its folder exists or can be made, and is writable. */
  static void requireWritableFile(Path file, String option) {
    if (Files.isDirectory(file)) {
      throw new IllegalArgumentException(option + " " + file + " is a folder; give a file name");
    }
    Path parent = file.toAbsolutePath().getParent();
    requireWritableFolder(parent, option + " " + file + ": its folder");
  }

  /** {@code dir} (named by {@code option}) exists as a writable folder or can be created as one. */
  static void requireWritableFolder(Path dir, String what) {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new IllegalArgumentException(what + " " + dir + " is a file, not a folder; choose another path");
    }
    try {
      Files.createDirectories(dir);
      Files.delete(Files.createTempFile(dir, ".iseg-write-check", ".tmp"));
    } catch (IOException | SecurityException e) {
      throw new IllegalArgumentException(what + " " + dir + " cannot be written (" + e.getClass().getSimpleName()
          + ": " + e.getMessage() + "); choose a folder you can write to", e);
    }
  }

  /** Writes one output file (to the path it is given, a temporary file beside the target). */
  @FunctionalInterface
  interface Writer {
    void write(Path file) throws IOException;
  }

  /**
   * Writes every file or none: each goes to a temporary file beside its target (same extension, so encoders that
   * pick the format by name still work), and only when all are written are they moved into place. A failure
   * leaves the targets as they were and no temporary file behind.
   */
  static void writeAll(Map<Path, Writer> files) {
    Map<Path, Path> written = new LinkedHashMap<>();
    try {
      for (Map.Entry<Path, Writer> f : files.entrySet()) {
        Path target = f.getKey().toAbsolutePath();
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), ".iseg-", "-" + target.getFileName());
        written.put(target, tmp);
        f.getValue().write(tmp);
      }
      for (Map.Entry<Path, Path> w : written.entrySet()) {
        Files.move(w.getValue(), w.getKey(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (IOException | RuntimeException e) {
      for (Path tmp : written.values()) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // best effort: the write error below is what the user needs to see
        }
      }
      if (e instanceof RuntimeException re) {
        throw re;
      }
      throw new UncheckedIOException("cannot write " + files.keySet() + ": " + e.getMessage()
          + "; nothing was written", (IOException) e);
    }
  }
}
