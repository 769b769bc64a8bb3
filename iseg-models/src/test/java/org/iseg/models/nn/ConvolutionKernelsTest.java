package org.iseg.models.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Both convolution paths compute the convolution; the choice never leaves libtorch's switch off. */
class ConvolutionKernelsTest {

  @Test
  void smallAndLargeMapsAgreeWithFloat64AndTheSwitchIsRestored() {
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      // Where oneDNN is capped (this build's test JVMs on such CPUs) the switch must be found, or nothing is tested.
      String isa = System.getenv("DNNL_MAX_CPU_ISA");
      assertEquals(isa != null && isa.startsWith("SSE"), ConvolutionKernels.onednnEnabled().isPresent());
      // 36 -> 36 channels: oneDNN pads these to 48 (the layout that failed on CPUs without cache topology).
      for (int size : new int[] {25, 50, 100}) {
        Conv2dBlock conv = Conv2dBlock.builder(36, 36).kernel(3).padding(1).build();
        conv.initialize(m, DataType.FLOAT32, new Shape(2, 36, size, size));
        assertEquals(1, ConvolutionKernels.useFor(conv));
        NDArray x = m.randomUniform(-1f, 1f, new Shape(2, 36, size, size));
        NDArray y = conv.forward(new ParameterStore(m, false), new NDList(x), false).head();
        NDArray w64 = conv.getParameters().get("weight").getArray().toType(DataType.FLOAT64, false);
        NDArray b64 = conv.getParameters().get("bias").getArray().toType(DataType.FLOAT64, false);
        NDArray y64 = ai.djl.nn.convolutional.Conv2d.conv2d(x.toType(DataType.FLOAT64, false), w64, b64,
            new Shape(1, 1), new Shape(1, 1), new Shape(1, 1)).head();
        double error = y.toType(DataType.FLOAT64, false).sub(y64).abs().max().getDouble();
        assertTrue(error < 1e-5, size + " px: float32 vs float64 " + error);
        ConvolutionKernels.onednnEnabled().ifPresent(on ->
            assertTrue(on, "oneDNN must be switched back on after each convolution"));
      }
    }
  }

  @Test
  void gemmOnlyForSmallUngroupedMaps() {
    assertTrue(ConvolutionKernels.preferGemm(100 * 100, 18, 3, 1), "HRNet18's first branch");
    assertTrue(ConvolutionKernels.preferGemm(13 * 13, 144, 3, 1), "HRNet18's last branch");
    assertFalse(ConvolutionKernels.preferGemm(100 * 100, 64, 3, 1), "the stem's 64 channels at 1/4");
    assertFalse(ConvolutionKernels.preferGemm(200 * 200, 18, 3, 1));
    assertFalse(ConvolutionKernels.preferGemm(10 * 10, 1, 3, 32), "depthwise stays on oneDNN");
  }

  @Test
  void mallocTuningOnlyOnLinuxAndNeverOverTheUsersSettings() {
    assertTrue(NativeMemory.wanted("Linux", Map.of("PATH", "/bin"), "tuned"));
    assertFalse(NativeMemory.wanted("Linux", Map.of("PATH", "/bin"), null), "opt-in only");
    assertFalse(NativeMemory.wanted("Mac OS X", Map.of(), "tuned"));
    assertFalse(NativeMemory.wanted("Linux", Map.of("MALLOC_ARENA_MAX_", "2"), "tuned"));
    assertFalse(NativeMemory.wanted("Linux", Map.of("GLIBC_TUNABLES", "glibc.malloc.trim_threshold=0"), "tuned"));
  }
}
