package org.iseg.models.zoo;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.iseg.api.spi.NamedProvider;

/**
 * One published checkpoint: where to download it and how to recognise a good copy.
 *
 * <pre>{@code
 * PretrainedWeights w = PretrainedRegistry.ritm().get("coco_lvis_h18s_itermask");
 * Path pth = WeightsDownloader.builder().build().fetch(w);   // ~/.iseg/models/coco_lvis_h18s_itermask.pth
 * }</pre>
 *
 * @param name the registry name (the published file name without {@code .pth})
 * @param url where the file is published ({@code https:}, or {@code file:} for a local mirror)
 * @param fileName the name of the file in the cache folder
 * @param architecture the network it fits, e.g. {@code hrnet18s} (a backbone name of iseg-models)
 * @param trainedOn training data, e.g. {@code COCO+LVIS}
 * @param iterative whether it is an ITER-M model (takes the previous mask as an extra input)
 * @param publishedSize the size as published (e.g. {@code 16.5 MB}), for messages only
 * @param sizeBytes the exact size in bytes, when known; a download of another size is rejected
 * @param sha256 the SHA-256 of the file (lower-case hex), when known; a download with another digest is rejected
 */
public record PretrainedWeights(String name, URI url, String fileName, String architecture, String trainedOn,
    boolean iterative, String publishedSize, Optional<Long> sizeBytes, Optional<String> sha256)
    implements NamedProvider {
  public PretrainedWeights {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(fileName, "fileName");
    Objects.requireNonNull(architecture, "architecture");
    Objects.requireNonNull(trainedOn, "trainedOn");
    Objects.requireNonNull(publishedSize, "publishedSize");
    Objects.requireNonNull(sizeBytes, "sizeBytes");
    Objects.requireNonNull(sha256, "sha256");
    if (fileName.contains("/") || fileName.contains("\\") || fileName.startsWith(".") || fileName.isBlank()) {
      throw new IllegalArgumentException("weights '" + name + "': file name '" + fileName
          + "' must be a plain file name");
    }
    sizeBytes.ifPresent(s -> {
      if (s <= 0) {
        throw new IllegalArgumentException("weights '" + name + "': size must be positive, got " + s);
      }
    });
    sha256 = sha256.map(s -> s.toLowerCase(Locale.ROOT));
    sha256.ifPresent(s -> {
      if (!s.matches("[0-9a-f]{64}")) {
        throw new IllegalArgumentException("weights '" + name + "': SHA-256 must be 64 hex digits, got " + s);
      }
    });
  }

  /** Weights published at {@code url}, file name taken from the URL, size and digest unknown. */
  public static PretrainedWeights of(String name, URI url, String architecture, String trainedOn, boolean iterative,
      String publishedSize) {
    String path = url.getPath();
    String file = path == null || path.isEmpty() ? name + ".pth" : path.substring(path.lastIndexOf('/') + 1);
    return new PretrainedWeights(name, url, file, architecture, trainedOn, iterative, publishedSize,
        Optional.empty(), Optional.empty());
  }

  /** The same weights with a known size and digest. */
  public PretrainedWeights withChecks(Optional<Long> size, Optional<String> digest) {
    return new PretrainedWeights(name, url, fileName, architecture, trainedOn, iterative, publishedSize, size, digest);
  }

  /** The same weights published elsewhere (a mirror). */
  public PretrainedWeights withUrl(URI mirror) {
    return new PretrainedWeights(name, mirror, fileName, architecture, trainedOn, iterative, publishedSize, sizeBytes,
        sha256);
  }

  @Override
  public String description() {
    return architecture + (iterative ? " IT-M" : "") + " trained on " + trainedOn + " (" + publishedSize + ")";
  }
}
