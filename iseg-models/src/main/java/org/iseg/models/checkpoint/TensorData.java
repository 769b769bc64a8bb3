package org.iseg.models.checkpoint;

import java.util.Arrays;
import java.util.Objects;

/**
 * One named tensor of a checkpoint, as float32 values in row-major (C) order.
 *
 * <pre>{@code
 * TensorData w = checkpoint.stateDict().get("feature_extractor.conv1.weight");
 * long[] shape = w.shape();    // [64, 3, 3, 3]
 * float[] values = w.values(); // 1728 values, row-major
 * }</pre>
 *
 * <p>Arrays are copied in and out, so a value cannot change after construction; use {@link #value(int)} to read
 * single elements without a copy.
 *
 * @param name the parameter name as in the checkpoint, e.g. {@code feature_extractor.conv1.weight}
 * @param shape the dimensions (empty for a scalar)
 * @param values the elements, row-major; length = product of {@code shape}
 */
public record TensorData(String name, long[] shape, float[] values) {
  public TensorData {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(values, "values");
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("tensor '" + name + "': negative dimension in shape " + Arrays.toString(shape));
      }
      n = Math.multiplyExact(n, d);
    }
    if (n != values.length) {
      throw new IllegalArgumentException("tensor '" + name + "': shape " + Arrays.toString(shape) + " needs " + n
          + " values, got " + values.length);
    }
    shape = shape.clone();
    values = values.clone();
  }

  /** A copy of the dimensions. */
  @Override
  public long[] shape() {
    return shape.clone();
  }

  /** A copy of the values, row-major. */
  @Override
  public float[] values() {
    return values.clone();
  }

  /** Number of elements. */
  public int size() {
    return values.length;
  }

  /** Number of dimensions. */
  public int rank() {
    return shape.length;
  }

  /** One element by its row-major index. */
  public float value(int index) {
    return values[index];
  }

  /** Copies the values into {@code destination} at {@code offset} (no intermediate copy). */
  public void copyTo(float[] destination, int offset) {
    System.arraycopy(values, 0, destination, offset, values.length);
  }

  /** This tensor under another name (e.g. after mapping checkpoint names to network names). */
  public TensorData withName(String newName) {
    return new TensorData(newName, shape, values);
  }

  /** Throws a {@link CheckpointException} naming this tensor unless its shape is {@code expected}. */
  public TensorData requireShape(long... expected) {
    if (!Arrays.equals(shape, expected)) {
      throw new CheckpointException("tensor '" + name + "' has shape " + Arrays.toString(shape) + ", expected "
          + Arrays.toString(expected));
    }
    return this;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TensorData t
        && name.equals(t.name) && Arrays.equals(shape, t.shape) && Arrays.equals(values, t.values);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, Arrays.hashCode(shape), Arrays.hashCode(values));
  }

  @Override
  public String toString() {
    return "TensorData[" + name + " " + Arrays.toString(shape) + "]";
  }
}
