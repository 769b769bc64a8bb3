package org.iseg.models.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class NativeCheckTest {

  /**
   * On a CPU that hides its cache topology this fails unless the build caps oneDNN (the parent pom's
   * cpu-without-cache-topology profile); with the cap, or on a sound CPU, float32 agrees with float64.
   */
  @Test
  void float32ConvolutionAgreesWithFloat64InThisJvm() {
    OptionalDouble error = NativeCheck.worstFloat32Error();
    assertTrue(error.isEmpty(), "float32 convolution off by " + error);
    NativeCheck.requireSoundFloat32();
  }
}
