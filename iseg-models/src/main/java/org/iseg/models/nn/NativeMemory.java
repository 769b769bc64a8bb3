package org.iseg.models.nn;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import java.util.Locale;
import java.util.Map;

/**
 * Keeps libtorch's activation buffers in the process heap instead of handing them back to the kernel after every
 * operator. glibc's malloc serves blocks above its mmap threshold (dynamic: 128 KiB, growing to at most 32 MiB)
 * with fresh {@code mmap} pages and unmaps them on {@code free}, so each convolution output of an interactive
 * forward (2 x 64 x 200 x 200 floats = 20 MB at ZoomIn's 400 px with flip) page-faults in again, zeroed by the
 * kernel, click after click. Raising the mmap threshold and the trim threshold makes those blocks reuse heap memory;
 * {@code docs/bench/SpeedHarness.java} with and without it measures the effect.
 *
 * <p>Opt-in: {@code -Diseg.native.malloc=tuned} (the {@code iseg} launcher sets it). Applied once per JVM before
 * the first network is built ({@link NativeCheck#requireSoundFloat32()} calls it); a no-op off Linux, without
 * glibc's {@code mallopt}, or when the user tunes malloc already ({@code MALLOC_*_} variables or
 * {@code GLIBC_TUNABLES}). Not the library's default because fresh mmap pages are zero and reused heap memory is
 * not: a native kernel that reads memory it never wrote (oneDNN's padded reorders on CPUs that hide their cache
 * topology look like one) would see stale values instead of zeros; two of five full engine test runs on such a
 * machine hit the known float32 BRS replay flake with it on.
 *
 * <pre>{@code
 * NativeMemory.applyOnce();   // idempotent
 * }</pre>
 */
public final class NativeMemory {
  /** glibc's {@code mallopt} parameters (malloc.h). */
  private static final int M_TRIM_THRESHOLD = -1;
  private static final int M_TOP_PAD = -2;
  private static final int M_MMAP_THRESHOLD = -3;
  /** glibc refuses mmap thresholds above HEAP_MAX_SIZE / 2, i.e. 32 MiB on 64-bit Linux. */
  private static final int MMAP_THRESHOLD = 32 << 20;
  /** Freed memory at the top of the heap stays mapped up to this much (the next forward reuses it). */
  private static final int TRIM_THRESHOLD = 1 << 30;
  private static final int TOP_PAD = 64 << 20;

  private static volatile boolean applied;

  private NativeMemory() {}

  /** Sets the malloc thresholds once; later calls return at once. Never throws. */
  public static void applyOnce() {
    if (applied) {
      return;
    }
    synchronized (NativeMemory.class) {
      if (!applied) {
        applied = true;
        if (wanted(System.getProperty("os.name", ""), System.getenv(), System.getProperty("iseg.native.malloc"))) {
          apply();
        }
      }
    }
  }

  /** Whether to tune: asked for, on Linux, unless the user tunes malloc already. */
  static boolean wanted(String osName, Map<String, String> env, String property) {
    if (!osName.toLowerCase(Locale.ROOT).startsWith("linux") || !"tuned".equals(property)) {
      return false;
    }
    return env.keySet().stream().noneMatch(k -> k.equals("GLIBC_TUNABLES") || (k.startsWith("MALLOC_")
        && k.endsWith("_")));
  }

  private static void apply() {
    try {
      Function mallopt = NativeLibrary.getInstance("c").getFunction("mallopt");
      mallopt.invokeInt(new Object[] {M_MMAP_THRESHOLD, MMAP_THRESHOLD});
      mallopt.invokeInt(new Object[] {M_TRIM_THRESHOLD, TRIM_THRESHOLD});
      mallopt.invokeInt(new Object[] {M_TOP_PAD, TOP_PAD});
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      // Not glibc (musl, another libc): its allocator keeps its own policy; nothing is wrong, only slower.
    }
  }
}
