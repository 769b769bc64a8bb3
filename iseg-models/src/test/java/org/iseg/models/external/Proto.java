package org.iseg.models.external;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** A minimal protobuf writer (varints, length-delimited fields) for writing ONNX models in tests. */
final class Proto {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  private void varint(long v) {
    while ((v & ~0x7fL) != 0) {
      out.write((int) ((v & 0x7f) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }

  private void tag(int field, int wireType) {
    varint(((long) field << 3) | wireType);
  }

  Proto integer(int field, long value) {
    tag(field, 0);
    varint(value);
    return this;
  }

  Proto fixed32(int field, float value) {
    tag(field, 5);
    byte[] b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(value).array();
    out.write(b, 0, 4);
    return this;
  }

  Proto bytes(int field, byte[] value) {
    tag(field, 2);
    varint(value.length);
    out.write(value, 0, value.length);
    return this;
  }

  Proto string(int field, String value) {
    return bytes(field, value.getBytes(StandardCharsets.UTF_8));
  }

  Proto message(int field, Proto message) {
    return bytes(field, message.toBytes());
  }

  byte[] toBytes() {
    return out.toByteArray();
  }

  // ------------------------------------------------------------------------------------------ ONNX helpers

  static final int FLOAT = 1;

  /** ValueInfoProto of a float tensor; a dimension < 0 becomes a symbolic dimension named "d<i>". */
  static Proto valueInfo(String name, long... dims) {
    Proto shape = new Proto();
    for (int i = 0; i < dims.length; i++) {
      Proto dim = new Proto();
      if (dims[i] >= 0) {
        dim.integer(1, dims[i]);
      } else {
        dim.string(2, name + "_d" + i);
      }
      shape.message(1, dim);
    }
    Proto tensorType = new Proto().integer(1, FLOAT).message(2, shape);
    Proto type = new Proto().message(1, tensorType);
    return new Proto().string(1, name).message(2, type);
  }

  /** TensorProto initializer with raw little-endian float data. */
  static Proto initializer(String name, long[] dims, float... values) {
    Proto t = new Proto();
    for (long d : dims) {
      t.integer(1, d);
    }
    t.integer(2, FLOAT);
    t.string(8, name);
    ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      raw.putFloat(v);
    }
    t.bytes(9, raw.array());
    return t;
  }

  /** NodeProto. */
  static Proto node(String opType, String[] inputs, String... outputs) {
    Proto n = new Proto();
    for (String in : inputs) {
      n.string(1, in);
    }
    for (String o : outputs) {
      n.string(2, o);
    }
    n.string(3, opType + "_" + outputs[0]);
    n.string(4, opType);
    return n;
  }

  /** ModelProto (IR 7, opset 13) around a graph. */
  static byte[] model(Proto graph) {
    Proto opset = new Proto().string(1, "").integer(2, 13);
    return new Proto().integer(1, 7).string(2, "iseg-tests").message(7, graph).message(8, opset).toBytes();
  }
}
