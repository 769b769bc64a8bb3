package org.iseg.models.checkpoint;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writes pickle protocol-2 opcodes by hand, the way {@code torch.save} emits them, so tests can build checkpoint
 * files with known contents without Python.
 */
final class PickleWriter {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  PickleWriter proto() {
    out.write(0x80);
    out.write(2);
    return this;
  }

  PickleWriter global(String module, String name) {
    out.write('c');
    raw((module + "\n" + name + "\n").getBytes(StandardCharsets.UTF_8));
    return this;
  }

  PickleWriter mark() {
    out.write('(');
    return this;
  }

  PickleWriter tuple() {
    out.write('t');
    return this;
  }

  PickleWriter emptyTuple() {
    out.write(')');
    return this;
  }

  PickleWriter emptyDict() {
    out.write('}');
    return this;
  }

  PickleWriter emptyList() {
    out.write(']');
    return this;
  }

  PickleWriter appends() {
    out.write('e');
    return this;
  }

  PickleWriter setitems() {
    out.write('u');
    return this;
  }

  PickleWriter setitem() {
    out.write('s');
    return this;
  }

  PickleWriter reduce() {
    out.write('R');
    return this;
  }

  PickleWriter build() {
    out.write('b');
    return this;
  }

  PickleWriter binpersid() {
    out.write('Q');
    return this;
  }

  PickleWriter none() {
    out.write('N');
    return this;
  }

  PickleWriter bool(boolean value) {
    out.write(value ? 0x88 : 0x89);
    return this;
  }

  PickleWriter str(String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    out.write('X');
    raw(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(bytes.length).array());
    raw(bytes);
    return this;
  }

  PickleWriter integer(long value) {
    if (value >= 0 && value < 256) {
      out.write('K');
      out.write((int) value);
    } else if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
      out.write('J');
      raw(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) value).array());
    } else {
      out.write(0x8a); // LONG1: n bytes, two's complement little-endian
      out.write(8);
      raw(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array());
    }
    return this;
  }

  PickleWriter bigInteger(java.math.BigInteger value) {
    byte[] be = value.toByteArray();
    out.write(0x8a);
    out.write(be.length);
    for (int i = be.length - 1; i >= 0; i--) {
      out.write(be[i]);
    }
    return this;
  }

  PickleWriter real(double value) {
    out.write('G');
    raw(ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putDouble(value).array());
    return this;
  }

  PickleWriter ints(long... values) {
    mark();
    for (long v : values) {
      integer(v);
    }
    return tuple();
  }

  /**
   * {@code torch._utils._rebuild_tensor_v2(persistent('storage', torch.<type>, key, 'cpu', numel), offset, size,
   * stride, False, OrderedDict())} exactly as torch.save writes it.
   */
  PickleWriter tensor(String storageType, String key, long numel, long offset, long[] size, long[] stride) {
    global("torch._utils", "_rebuild_tensor_v2");
    mark();
    mark().str("storage").global("torch", storageType).str(key).str("cpu").integer(numel).tuple().binpersid();
    integer(offset);
    ints(size);
    ints(stride);
    bool(false);
    global("collections", "OrderedDict").emptyTuple().reduce();
    tuple();
    return reduce();
  }

  PickleWriter stop() {
    out.write('.');
    return this;
  }

  PickleWriter raw(byte[] bytes) {
    out.write(bytes, 0, bytes.length);
    return this;
  }

  byte[] bytes() {
    return out.toByteArray();
  }
}
