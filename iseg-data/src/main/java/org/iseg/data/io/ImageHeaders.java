package org.iseg.data.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * An encoded image's size read from its header alone, without decoding pixels: a 47 KB PNG can claim 20000 x 20000
 * pixels and decoding it would need gigabytes, so readers of untrusted or user-given files check the size first.
 *
 * <pre>{@code
 * Optional<ImageHeaders.Size> size = ImageHeaders.size(Path.of("big.png"));
 * if (size.isPresent() && size.get().pixels() > 64_000_000L) { ... refuse ... }
 * }</pre>
 */
public final class ImageHeaders {
  private ImageHeaders() {}

  /** Height and width in pixels. */
  public record Size(int height, int width) {
    public long pixels() {
      return (long) height * width;
    }
  }

  /** The size the file's header declares, or empty when no Java image reader knows the format. */
  public static Optional<Size> size(Path file) throws IOException {
    try (InputStream raw = Files.newInputStream(file); ImageInputStream in = ImageIO.createImageInputStream(raw)) {
      Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
      if (readers == null || !readers.hasNext()) {
        return Optional.empty();
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        return Optional.of(new Size(reader.getHeight(0), reader.getWidth(0)));
      } catch (IOException | RuntimeException e) {
        return Optional.empty(); // an unreadable header: the decoder reports it with its own words
      } finally {
        reader.dispose();
      }
    }
  }
}
