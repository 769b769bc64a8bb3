package org.iseg.data;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A dataset could not be opened or a sample could not be read: a missing folder, an unreadable or truncated
 * image, a missing mask, a size mismatch, a corrupt {@code .mat} or JSON file. The message names the file and
 * the problem; {@link #file()} gives the file when there is one.
 *
 * <pre>{@code
 * try { GrabCutDataset.open(root); }
 * catch (DatasetException e) { System.err.println(e.getMessage()); } // "... /x/data_GT: folder is missing ..."
 * }</pre>
 */
public final class DatasetException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;

  public DatasetException(Path file, String problem) {
    super(file + ": " + problem);
    this.file = file;
  }

  public DatasetException(Path file, String problem, Throwable cause) {
    super(file + ": " + problem + (cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")"), cause);
    this.file = file;
  }

  /** A problem that is not about one file (an index out of range, a bad argument). */
  public DatasetException(String problem) {
    super(problem);
    this.file = null;
  }

  /** The file the problem is about, if any. */
  public Optional<Path> file() {
    return Optional.ofNullable(file);
  }
}
