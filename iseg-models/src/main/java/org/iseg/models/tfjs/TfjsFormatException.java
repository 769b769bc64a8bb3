package org.iseg.models.tfjs;

import org.iseg.models.checkpoint.CheckpointException;

/**
 * A TF.js layers model could not be read: a missing model file or shard, a manifest whose shapes do not add up to
 * the shards' bytes, an unknown dtype or quantization, or a wrapped {@code .min.js} file that holds no model data.
 * The message names the file and what was expected.
 */
public class TfjsFormatException extends CheckpointException {
  private static final long serialVersionUID = 1L;

  public TfjsFormatException(String message) {
    super(message);
  }

  public TfjsFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
