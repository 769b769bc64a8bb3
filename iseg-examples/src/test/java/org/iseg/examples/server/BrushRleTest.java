package org.iseg.examples.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import org.iseg.api.Mask;
import org.junit.jupiter.api.Test;

/**
 * Label Studio's brush RLE, proven with Label Studio's own decoder: brush-rle.json holds masks, the bytes
 * {@link BrushRle} wrote for them, and what {@code @thi.ng/rle-pack}'s decode read back from those bytes (made
 * by decode-fixture.mjs next to it; its note says how).
 */
class BrushRleTest {
  @Test
  void labelStudiosDecoderReadsOurBytesBackAsTheMask() throws Exception {
    JsonObject root;
    try (Reader in = new InputStreamReader(getClass().getResourceAsStream("brush-rle.json"), StandardCharsets.UTF_8)) {
      root = JsonParser.parseReader(in).getAsJsonObject();
    }
    JsonArray cases = root.getAsJsonArray("cases");
    assertEquals(5, cases.size());
    for (JsonElement e : cases) {
      JsonObject c = e.getAsJsonObject();
      String name = c.get("name").getAsString();
      int h = c.get("height").getAsInt();
      int w = c.get("width").getAsInt();
      JsonObject rle = new JsonObject();
      JsonArray size = new JsonArray();
      size.add(h);
      size.add(w);
      rle.add("size", size);
      rle.add("counts", c.getAsJsonArray("counts"));
      Mask mask = MaskEncoding.fromRle(rle);

      // Our encoder still writes the bytes that rle-pack decoded ...
      assertArrayEquals(ints(c.getAsJsonArray("rle")), BrushRle.encode(mask), name);
      // ... and rle-pack read them as RGBA of the mask: 4 values a pixel, all channels 255 on the object.
      JsonObject decoded = c.getAsJsonObject("rle_pack_decoded");
      assertEquals(4L * h * w, decoded.get("values").getAsLong(), name);
      assertTrue(decoded.get("rgb_equals_alpha").getAsBoolean(), name);
      assertEquals(mask.isEmpty() ? 0 : 255, decoded.get("alpha_max").getAsInt(), name);
      assertEquals(c.getAsJsonArray("counts"), decoded.getAsJsonArray("alpha_counts"), name);
    }
  }

  @Test
  void longRunsAreSplitAtTheWidestRunLength() {
    // 200 x 400 object pixels = 320000 values: four runs of 65536 and one of 57856, 1 + 2 + 16 + 8 = 27 bits
    // each, after the 53-bit header: 188 bits = 24 bytes.
    int[] bytes = BrushRle.encode(Mask.full(200, 400));
    assertEquals(24, bytes.length);
    assertArrayEquals(new int[] {0, 4, 0xE2, 0}, java.util.Arrays.copyOf(bytes, 4), "320000 as 32 bits");
  }

  private static int[] ints(JsonArray array) {
    int[] out = new int[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).getAsInt();
    }
    return out;
  }
}
