package org.iseg.models.checkpoint;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * The element types a PyTorch storage can hold, named as in the pickle ({@code torch.FloatStorage}, ...), with
 * their size and a conversion to {@code float}.
 *
 * <p>Integer types convert exactly while |value| &lt; 2^24; {@link TorchCheckpoint#integerValues} gives exact
 * values for them.
 */
public enum TorchDtype {
  FLOAT32("FloatStorage", 4, true),
  FLOAT64("DoubleStorage", 8, true),
  FLOAT16("HalfStorage", 2, true),
  BFLOAT16("BFloat16Storage", 2, true),
  INT64("LongStorage", 8, false),
  INT32("IntStorage", 4, false),
  INT16("ShortStorage", 2, false),
  INT8("CharStorage", 1, false),
  UINT8("ByteStorage", 1, false),
  BOOL("BoolStorage", 1, false);

  private final String storageName;
  private final int elementSize;
  private final boolean floating;

  TorchDtype(String storageName, int elementSize, boolean floating) {
    this.storageName = storageName;
    this.elementSize = elementSize;
    this.floating = floating;
  }

  /** The storage class name in the pickle, e.g. {@code FloatStorage} for {@code torch.FloatStorage}. */
  public String storageName() {
    return storageName;
  }

  /** Bytes per element. */
  public int elementSize() {
    return elementSize;
  }

  /** Whether this is a floating-point type. */
  public boolean isFloating() {
    return floating;
  }

  /** The dtype of a storage class name such as {@code FloatStorage}, if known. */
  public static Optional<TorchDtype> ofStorageName(String name) {
    for (TorchDtype dtype : values()) {
      if (dtype.storageName.equals(name)) {
        return Optional.of(dtype);
      }
    }
    return Optional.empty();
  }

  /** The element at {@code index} (in elements, not bytes) of a storage buffer, as a float. */
  float readFloat(ByteBuffer buffer, int index) {
    int at = index * elementSize;
    switch (this) {
      case FLOAT32:
        return buffer.getFloat(at);
      case FLOAT64:
        return (float) buffer.getDouble(at);
      case FLOAT16:
        return halfToFloat(buffer.getShort(at));
      case BFLOAT16:
        return Float.intBitsToFloat((buffer.getShort(at) & 0xffff) << 16);
      default:
        // the integer and bool types: the exact value rounded once to float, as a direct int-to-float cast rounds
        return readLong(buffer, index);
    }
  }

  /** The element at {@code index} as an exact long (integer and bool types only). */
  long readLong(ByteBuffer buffer, int index) {
    int at = index * elementSize;
    switch (this) {
      case INT64:
        return buffer.getLong(at);
      case INT32:
        return buffer.getInt(at);
      case INT16:
        return buffer.getShort(at);
      case INT8:
        return buffer.get(at);
      case UINT8:
        return buffer.get(at) & 0xff;
      case BOOL:
        return buffer.get(at) != 0 ? 1 : 0;
      default:
        throw new IllegalStateException(this + " is not an integer type");
    }
  }

  /** IEEE 754 binary16 to float (Java 17 has no Float.float16ToFloat). */
  static float halfToFloat(short bits) {
    int h = bits & 0xffff;
    int sign = (h & 0x8000) << 16;
    int exponent = (h >>> 10) & 0x1f;
    int mantissa = h & 0x3ff;
    if (exponent == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
    }
    if (exponent == 0) {
      if (mantissa == 0) {
        return Float.intBitsToFloat(sign);
      }
      // subnormal half: value = mantissa * 2^-24
      float value = mantissa * 0x1p-24f;
      return sign != 0 ? -value : value;
    }
    return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
  }

  /** float to IEEE 754 binary16, round to nearest even (for writing fixtures and our own checkpoints). */
  static short floatToHalf(float value) {
    int f = Float.floatToRawIntBits(value);
    int sign = (f >>> 16) & 0x8000;
    int exponent = (f >>> 23) & 0xff;
    int mantissa = f & 0x7fffff;
    if (exponent == 0xff) {
      return (short) (sign | 0x7c00 | (mantissa != 0 ? 0x200 : 0));
    }
    int e = exponent - 127 + 15;
    if (e >= 0x1f) {
      return (short) (sign | 0x7c00);
    }
    if (e <= 0) {
      if (e < -10) {
        return (short) sign;
      }
      mantissa |= 0x800000;
      int shift = 14 - e;
      int half = mantissa >> shift;
      int rest = mantissa & ((1 << shift) - 1);
      int midpoint = 1 << (shift - 1);
      if (rest > midpoint || (rest == midpoint && (half & 1) != 0)) {
        half++;
      }
      return (short) (sign | half);
    }
    int half = (e << 10) | (mantissa >> 13);
    int rest = mantissa & 0x1fff;
    if (rest > 0x1000 || (rest == 0x1000 && (half & 1) != 0)) {
      half++;
    }
    return (short) (sign | half);
  }
}
