package org.iseg.clicking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.iseg.api.Mask;
import org.junit.jupiter.api.Test;

/**
 * The test-side mask reading is right: object and ignore counts equal those RITM's loaders produced for every
 * golden sample, and DAVIS palettes make "any non-black colour" the same as "palette index > 0".
 */
class RealMasksTest {

  @Test
  void everyGoldenSampleHasRitmsObjectAndIgnoreCounts() {
    for (String dataset : List.of("GrabCut", "Berkeley", "DAVIS")) {
      for (Golden.Sample s : Golden.samples(dataset)) {
        Mask m = RealMasks.forImage(dataset, s.image());
        assertEquals(s.objectPixels(), m.area(), dataset + " " + s.image());
        assertEquals(s.ignorePixels(), m.ignoredCount(), dataset + " " + s.image());
      }
    }
  }

  @Test
  void davisPalettesHaveOnlyIndexZeroBlack() throws IOException {
    for (Path file : RealMasks.files("DAVIS")) {
      byte[] palette = plte(file);
      assertNotNull(palette, file + " has no PLTE chunk: not a palette PNG");
      assertEquals(0, (palette[0] | palette[1] | palette[2]) & 0xff, file + ": index 0 is not black");
      for (int k = 1; k < palette.length / 3; k++) {
        int rgb = (palette[3 * k] | palette[3 * k + 1] | palette[3 * k + 2]) & 0xff;
        assertTrue(rgb != 0, file + ": palette index " + k + " is black too");
      }
    }
  }

  /** The PLTE chunk of a PNG file, or null. */
  static byte[] plte(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file);
        DataInputStream data = new DataInputStream(in)) {
      data.skipNBytes(8); // signature
      while (true) {
        int length = data.readInt();
        byte[] type = data.readNBytes(4);
        String name = new String(type, java.nio.charset.StandardCharsets.US_ASCII);
        if (name.equals("PLTE")) {
          return data.readNBytes(length);
        }
        if (name.equals("IDAT") || name.equals("IEND")) {
          return null;
        }
        data.skipNBytes(length + 4L); // data + CRC
      }
    }
  }
}
