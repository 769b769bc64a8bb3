package org.iseg.models.checkpoint;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Builds PyTorch checkpoint files (zip or legacy) from a hand-written pickle and raw storages. */
public final class TorchFiles {
  private TorchFiles() {}

  /** A zip checkpoint: {@code <top>/data.pkl}, {@code <top>/data/<key>}, {@code <top>/version}. */
  static Path zip(Path file, String top, byte[] pickle, Map<String, byte[]> storages) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put(top + "/data.pkl", pickle);
    storages.forEach((key, bytes) -> entries.put(top + "/data/" + key, bytes));
    entries.put(top + "/version", "3\n".getBytes());
    return writeZip(file, entries);
  }

  /** A zip of arbitrary entries, stored uncompressed as torch.save does. */
  public static Path writeZip(Path file, Map<String, byte[]> entries) throws IOException {
    try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        ZipEntry entry = new ZipEntry(e.getKey());
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(e.getValue().length);
        CRC32 crc = new CRC32();
        crc.update(e.getValue());
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(e.getValue());
        zip.closeEntry();
      }
    }
    return file;
  }

  static byte[] floats(ByteOrder order, float... values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(order);
    for (float v : values) {
      b.putFloat(v);
    }
    return b.array();
  }

  static byte[] floats(float... values) {
    return floats(ByteOrder.LITTLE_ENDIAN, values);
  }

  static byte[] halves(short... bits) {
    ByteBuffer b = ByteBuffer.allocate(bits.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (short v : bits) {
      b.putShort(v);
    }
    return b.array();
  }

  static byte[] longs(long... values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (long v : values) {
      b.putLong(v);
    }
    return b.array();
  }
}
