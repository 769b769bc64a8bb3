package org.iseg.data.datasets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.iseg.data.DatasetException;

/** A split file with one sample name per line ({@code train.txt}, {@code ImageSets/Segmentation/val.txt}). */
final class SplitList {
  private SplitList() {}

  static List<String> read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new DatasetException(file, "split list is missing");
    }
    List<String> names = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(file)) {
        String name = line.strip();
        if (!name.isEmpty()) {
          names.add(name);
        }
      }
    } catch (IOException e) {
      throw new DatasetException(file, "cannot read split list", e);
    }
    if (names.isEmpty()) {
      throw new DatasetException(file, "split list is empty");
    }
    return List.copyOf(names);
  }

  static void requireFile(Path file, String what) {
    if (!Files.isRegularFile(file)) {
      throw new DatasetException(file, what + " is missing");
    }
  }
}
