package org.iseg.metrics.segmentation;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** The float64 little-endian C-order arrays of an {@code np.savez(_compressed)} file, by name (no ".npy"). */
final class Npz {
  private Npz() {}

  static Map<String, double[]> read(Path file) {
    Map<String, double[]> out = new HashMap<>();
    try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
      for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        zip.transferTo(bytes);
        out.put(e.getName().replace(".npy", ""), npy(bytes.toByteArray(), e.getName()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static double[] npy(byte[] b, String name) {
    ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    if ((b[0] & 0xff) != 0x93 || b[1] != 'N') {
      throw new IllegalArgumentException(name + " is not a .npy array");
    }
    int major = b[6];
    int headerLength = major == 1 ? buf.getShort(8) & 0xffff : buf.getInt(8);
    int start = (major == 1 ? 10 : 12);
    String header = new String(b, start, headerLength, StandardCharsets.ISO_8859_1);
    if (!header.contains("'descr': '<f8'") || !header.contains("'fortran_order': False")) {
      throw new IllegalArgumentException(name + ": only C-order <f8 arrays are read, header " + header);
    }
    int offset = start + headerLength;
    double[] values = new double[(b.length - offset) / 8];
    for (int i = 0; i < values.length; i++) {
      values[i] = buf.getDouble(offset + 8 * i);
    }
    return values;
  }
}
