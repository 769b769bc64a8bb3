package org.iseg.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputsTest {
  @TempDir Path dir;

  @Test
  void aFailingWriteLeavesNoTargetAndNoTemporaryFile() throws IOException {
    Path mask = dir.resolve("mask.png");
    Path json = dir.resolve("mask.json");
    Map<Path, Outputs.Writer> files = new LinkedHashMap<>();
    files.put(mask, file -> Files.writeString(file, "png"));
    files.put(json, file -> {
      throw new IOException("disk full");
    });
    UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> Outputs.writeAll(files));
    assertTrue(e.getMessage().contains("disk full") && e.getMessage().contains("nothing was written"),
        e.getMessage());
    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(List.of(), left.toList(), "no mask without its JSON, no temporary file");
    }
  }

  @Test
  void allFilesAppearWithTheirExtensionKeptWhileWriting() throws IOException {
    Path mask = dir.resolve("sub/mask.png");
    Outputs.writeAll(Map.of(mask, file -> {
      assertTrue(file.getFileName().toString().endsWith("mask.png"), "encoders choose the format by name: " + file);
      Files.writeString(file, "png");
    }));
    assertEquals("png", Files.readString(mask));
  }
}
