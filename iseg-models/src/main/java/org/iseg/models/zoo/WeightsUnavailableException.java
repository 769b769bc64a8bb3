package org.iseg.models.zoo;

import java.net.URI;
import java.nio.file.Path;

/**
 * Pretrained weights could not be obtained (offline, download failed, or the file failed its checks). The message
 * gives the URL, where the cache expects the file, and the {@code --checkpoint PATH} alternative.
 */
public final class WeightsUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final URI url;
  private final Path cachePath;

  public WeightsUnavailableException(String message, URI url, Path cachePath, Throwable cause) {
    super(message, cause);
    this.url = url;
    this.cachePath = cachePath;
  }

  /** Where the weights are published. */
  public URI url() {
    return url;
  }

  /** Where a manually downloaded copy would be picked up. */
  public Path cachePath() {
    return cachePath;
  }
}
