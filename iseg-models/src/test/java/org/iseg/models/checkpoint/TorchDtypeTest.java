package org.iseg.models.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TorchDtypeTest {
  @Test
  void halfConversionRoundTripsEveryHalfValue() {
    for (int bits = 0; bits < 0x10000; bits++) {
      float f = TorchDtype.halfToFloat((short) bits);
      if (Float.isNaN(f)) {
        assertTrue((bits & 0x7c00) == 0x7c00 && (bits & 0x3ff) != 0);
        continue;
      }
      assertEquals((short) bits, TorchDtype.floatToHalf(f), "half bits " + Integer.toHexString(bits));
    }
  }

  @Test
  void halfConversionMatchesKnownValues() {
    assertEquals(1f, TorchDtype.halfToFloat((short) 0x3c00));
    assertEquals(-2f, TorchDtype.halfToFloat((short) 0xc000));
    assertEquals(65504f, TorchDtype.halfToFloat((short) 0x7bff));
    assertEquals(0x1p-14f, TorchDtype.halfToFloat((short) 0x0400), "smallest normal");
    assertEquals(0x1p-24f, TorchDtype.halfToFloat((short) 0x0001), "smallest subnormal");
    assertEquals(Float.POSITIVE_INFINITY, TorchDtype.halfToFloat((short) 0x7c00));
    assertEquals(-0f, TorchDtype.halfToFloat((short) 0x8000));
    // rounding to nearest even: 1 + 2^-11 lies half-way between 1 and 1 + 2^-10 and goes to 1 (even)
    assertEquals((short) 0x3c00, TorchDtype.floatToHalf(1f + 0x1p-11f));
    assertEquals((short) 0x3c02, TorchDtype.floatToHalf(1f + 3 * 0x1p-11f));
    assertEquals((short) 0x7c00, TorchDtype.floatToHalf(1e6f), "overflow to infinity");
  }
}
