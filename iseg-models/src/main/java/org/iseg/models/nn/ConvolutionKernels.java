package org.iseg.models.nn;

import ai.djl.pytorch.jni.JniUtils;
import ai.djl.pytorch.jni.LibUtils;
import ai.djl.nn.Block;
import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Chooses libtorch's CPU convolution kernels per call: oneDNN for large feature maps, libtorch's own
 * im2col + MKL GEMM path for small ones, where oneDNN capped at SSE4.1 (see {@link NativeCheck}: the only
 * correct oneDNN on CPUs that hide their cache topology) is 1.2-3x slower than MKL's AVX-512 GEMM. Both paths compute
 * the same convolution (float32 rounding apart), so a wrong choice, or two threads racing on libtorch's global
 * switch, costs time, never correctness. Forwards that record gradients (training, BRS) stay on oneDNN.
 *
 * <p>Only while oneDNN is capped ({@code DNNL_MAX_CPU_ISA=SSE41}); with oneDNN's AVX-512 kernels every
 * convolution stays on oneDNN. {@code -Diseg.conv.kernels=onednn} turns the choice off. The switch is libtorch's
 * {@code at::Context::setUserEnabledMkldnn} (Python's {@code torch.backends.mkldnn.enabled}), reached through JNA
 * because DJL does not expose it; without that symbol every convolution stays on oneDNN.
 */
public final class ConvolutionKernels {
  /**
   * The GEMM path unfolds the input into an (in x k x k) by (output pixels) matrix; up to this many elements it
   * beats oneDNN's SSE4.1 kernels (1 thread, CPU ms per call, batch 2, measured once with a probe outside the repository: HRNet18's 18-channel
   * 3x3 at 100x100 3.5 vs 7.5 ms, 36 at 50x50 2.0 vs 6.0 ms, 144 at 13x13 2.5 vs 3.0 ms), beyond it oneDNN wins
   * (64 x 3x3 at 100x100: 125 vs 48.5 ms; 256 -> 18 3x3: 739 vs 148 ms).
   */
  static final long GEMM_MAX_ELEMENTS = 1_700_000;

  private static final Optional<Switch> SWITCH = Switch.find();

  private ConvolutionKernels() {}

  /** Whether a convolution with {@code outPixels} output pixels per map should leave oneDNN. */
  static boolean preferGemm(long outPixels, int inChannels, int kernel, int groups) {
    // Grouped (depthwise) convolutions have no efficient GEMM path in libtorch: 14x slower there.
    return groups == 1 && (long) inChannels * kernel * kernel * outPixels <= GEMM_MAX_ELEMENTS;
  }

  /**
   * Lets every {@link Conv2dBlock} under {@code root} take the GEMM path; networks prepared for inference only
   * (IisNetworks.forInference) do, so training, BRS and golden tests over other networks keep oneDNN's rounding.
   * Returns how many convolutions were marked.
   */
  public static int useFor(Block root) {
    int n = 0;
    if (root instanceof Conv2dBlock conv) {
      conv.allowGemmKernels();
      n++;
    }
    for (var child : root.getChildren().values()) {
      n += useFor(child);
    }
    return n;
  }

  /** Runs {@code conv} on the kernels {@link #preferGemm} picks. */
  static <T> T run(long outPixels, int inChannels, int kernel, int groups, java.util.function.Supplier<T> conv) {
    // Through DJL, libtorch's GEMM path records no autograd history (TrainingStepTest: 43 of 470 parameters got
    // gradients): only inference without gradients (not training, not BRS) takes it.
    if (SWITCH.isEmpty() || !preferGemm(outPixels, inChannels, kernel, groups) || JniUtils.isGradMode()) {
      return conv.get();
    }
    Switch s = SWITCH.get();
    s.set(false);
    try {
      return conv.get();
    } finally {
      s.set(true);
    }
  }

  /** libtorch's global oneDNN switch as it stands now, when this class can reach it (for tests). */
  static Optional<Boolean> onednnEnabled() {
    return SWITCH.map(Switch::get);
  }

  private record Switch(Function setter, Function getter, Pointer context) {
    void set(boolean mkldnn) {
      setter.invokeVoid(new Object[] {context, (byte) (mkldnn ? 1 : 0)});
    }

    boolean get() {
      return (getter.invokeInt(new Object[] {context}) & 0xFF) != 0;
    }

    static Optional<Switch> find() {
      String isa = System.getenv("DNNL_MAX_CPU_ISA");
      if (isa == null || !isa.toUpperCase(java.util.Locale.ROOT).startsWith("SSE")
          || "onednn".equals(System.getProperty("iseg.conv.kernels"))) {
        return Optional.empty();
      }
      try {
        ai.djl.engine.Engine.getEngine("PyTorch"); // loads libtorch
        Path dir = Path.of(LibUtils.getLibtorchPath());
        Path cpu = Files.isDirectory(dir) ? dir.resolve(System.mapLibraryName("torch_cpu")) : dir;
        if (!Files.isRegularFile(cpu)) {
          return Optional.empty();
        }
        NativeLibrary lib = NativeLibrary.getInstance(cpu.toString());
        Pointer context = lib.getFunction("_ZN2at13globalContextEv").invokePointer(new Object[0]);
        Function setter = lib.getFunction("_ZN2at7Context20setUserEnabledMkldnnEb");
        Function getter = lib.getFunction("_ZNK2at7Context17userEnabledMkldnnEv");
        return Optional.of(new Switch(setter, getter, context));
      } catch (UnsatisfiedLinkError | RuntimeException e) {
        return Optional.empty(); // another libtorch build: stay on oneDNN
      }
    }
  }
}
