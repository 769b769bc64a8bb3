package org.iseg.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
}
