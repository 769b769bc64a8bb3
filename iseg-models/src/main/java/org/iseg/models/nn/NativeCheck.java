package org.iseg.models.nn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import java.util.OptionalDouble;

/**
 * Prepares libtorch's process once ({@link NativeMemory}) and checks once per JVM that libtorch's float32 convolutions compute what its float64 ones do. Some virtual machines
 * report the CPU's cache-topology CPUID leaves as zeros; oneDNN 3.7 (inside PyTorch 2.7) sizes its AVX and AVX-512
 * convolution blocking from them and then returns garbage or NaN in float32, nondeterministically. Its SSE4.1
 * kernels are unaffected, so the fix is the environment variable {@code DNNL_MAX_CPU_ISA=SSE41}, which must be set
 * before the JVM starts (the {@code iseg} launcher and the Maven build set it where Linux lists no CPU cache).
 *
 * <pre>{@code
 * NativeCheck.requireSoundFloat32();   // before the first network forward
 * }</pre>
 */
public final class NativeCheck {
  /** Float32 vs float64 of the probe below is ~1e-6 on a sound CPU; broken kernels are off by ~1 or NaN. */
  private static final double TOLERANCE = 1e-3;
  /** Convolutions that failed on an affected CPU (channels in, out, stride), each with a different blocking. */
  private static final int[][] PROBES = {{18, 36, 2}, {36, 72, 2}, {10, 24, 2}};

  private static volatile boolean checked;

  private NativeCheck() {}

  /**
   * Throws {@link IllegalStateException}, naming the fix, when a float32 convolution disagrees with float64; runs
   * the probe once per JVM (a few milliseconds).
   */
  public static void requireSoundFloat32() {
    NativeMemory.applyOnce();
    if (checked) {
      return;
    }
    synchronized (NativeCheck.class) {
      if (!checked) {
        worstFloat32Error().ifPresent(error -> {
          throw new IllegalStateException(String.format(
              "libtorch's float32 convolution is wrong on this CPU (max |float32 - float64| = %s on a probe): "
                  + "oneDNN reads zero cache sizes from this (virtual) CPU. Set the environment variable "
                  + "DNNL_MAX_CPU_ISA=SSE41 before starting Java (the iseg launcher does this where Linux lists "
                  + "no cache in /sys/devices/system/cpu/cpu0/cache), or run on a CPU that reports its caches.",
              error));
        });
        checked = true;
      }
    }
  }

  /** The probe's largest float32 error, when it exceeds the tolerance (NaN counts as exceeding). */
  static OptionalDouble worstFloat32Error() {
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      for (int[] p : PROBES) {
        // Deterministic, non-trivial values without touching the engine's random state.
        NDArray x = Ops.mul(m.arange(0, 2 * p[0] * 40 * 56, 1, DataType.FLOAT64), 0.37).sin().reshape(2, p[0], 40, 56);
        NDArray w = Ops.mul(Ops.mul(m.arange(0, p[1] * p[0] * 9, 1, DataType.FLOAT64), 0.11).cos(), 0.1)
            .reshape(p[1], p[0], 3, 3);
        Shape stride = new Shape(p[2], p[2]);
        Shape pad = new Shape(1, 1);
        Shape dilation = new Shape(1, 1);
        NDArray y64 = Conv2d.conv2d(x, w, null, stride, pad, dilation).head();
        NDArray y32 = Conv2d.conv2d(x.toType(DataType.FLOAT32, false), w.toType(DataType.FLOAT32, false), null,
            stride, pad, dilation).head();
        double error = y32.toType(DataType.FLOAT64, false).sub(y64).abs().max().getDouble();
        if (!(error <= TOLERANCE)) {
          return OptionalDouble.of(error);
        }
      }
      return OptionalDouble.empty();
    }
  }
}
