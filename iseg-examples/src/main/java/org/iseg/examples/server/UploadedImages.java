package org.iseg.examples.server;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.iseg.api.Image;
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
   */
  static Image decode(String base64, String field, long maxPixels) {
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
        BufferedImage decoded = reader.read(0);
        return AwtImages.toImage(decoded);
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof HttpError httpError) {
        throw httpError;
      }
      throw HttpError.badRequest("field '" + field + "' could not be decoded as an image: " + e.getMessage());
    }
  }
}
