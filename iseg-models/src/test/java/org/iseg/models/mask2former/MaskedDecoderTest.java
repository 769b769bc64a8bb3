package org.iseg.models.mask2former;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** The masked attention's "fully masked row" rule, which the golden never reaches (no query there hides all). */
class MaskedDecoderTest {
  @Test
  void aQueryThatWouldSeeNothingSeesEverything() {
    boolean t = true;
    boolean f = false;
    boolean[] hidden = {
        t, f, t,    // query 0: sees pixel 1
        t, t, t};   // query 1: would see nothing
    boolean[] mask = MaskedDecoder.attentionMask(hidden, 2, 3, 2);
    assertArrayEquals(new boolean[] {t, f, t, f, f, f, t, f, t, f, f, f}, mask);
  }
}
