package org.iseg.examples.server;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.Iterator;
import java.util.function.LongConsumer;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.iseg.api.Image;
import org.iseg.data.io.ImageFiles;
import org.iseg.examples.annotator.AwtImages;

/**
 * Base64 PNG/JPEG uploads to {@link Image}s, with the JDK's ImageIO. The image's size is read from its header
 * before any pixel is decoded, so a small file that would inflate to an enormous bitmap is refused cheaply.
 */
final class UploadedImages {
  private UploadedImages() {}

  /**
   * Decodes a base64 image; a {@code data:image/png;base64,} prefix is accepted.
   *
   * @param field the JSON field, named in error messages
   * @param maxPixels the largest width x height accepted
   * @param admit told width x height from the header before any pixel is decoded; throws to refuse (the
   *     server's memory budget for sessions)
   */
  static Image decode(String base64, String field, long maxPixels, LongConsumer admit) {
    return decode(base64(base64, field), field, maxPixels, admit);
  }

  /** The bytes of a base64 text, with or without a {@code data:...;base64,} prefix; never empty. */
  static byte[] base64(String base64, String field) {
    String payload = base64;
    int comma = payload.indexOf(',');
    if (payload.startsWith("data:") && comma > 0) {
      payload = payload.substring(comma + 1);
    }
    byte[] bytes;
    try {
      bytes = Base64.getMimeDecoder().decode(payload);
    } catch (IllegalArgumentException e) {
      throw HttpError.badRequest("field '" + field + "' is not valid base64: " + e.getMessage());
    }
    if (bytes.length == 0) {
      throw HttpError.badRequest("field '" + field + "' is empty; send a base64-encoded PNG or JPEG");
    }
    return bytes;
  }

  /** Decodes an encoded image (PNG, JPEG, BMP, GIF) with the same checks; {@code field} names it in errors. */
  static Image decode(byte[] bytes, String field, long maxPixels, LongConsumer admit) {
    // ImageIO fills a cut-off JPEG with grey rows without complaint; refuse it as the CLI does.
    ImageFiles.truncation(bytes).ifPresent(reason -> {
      throw HttpError.badRequest("field '" + field + "': " + reason);
    });
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
      if (readers == null || !readers.hasNext()) {
        throw HttpError.badRequest(
            "field '" + field + "' (" + bytes.length + " bytes) is not a PNG, JPEG, BMP or GIF image");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        long w = reader.getWidth(0);
        long h = reader.getHeight(0);
        if (w * h > maxPixels) {
          throw new HttpError(413, "image in '" + field + "' is " + w + "x" + h + " pixels, more than this server's "
              + "limit of " + maxPixels + "; send a smaller image or raise the limit");
        }
        admit.accept(w * h);
        BufferedImage decoded = reader.read(0);
        return AwtImages.toImage(decoded);
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof HttpError httpError) {
        throw httpError;
      }
      // ImageIO's messages say what is wrong with the file and name no Java class.
      throw HttpError.badRequest("field '" + field + "' could not be decoded as an image: " + e.getMessage());
    }
  }
}
