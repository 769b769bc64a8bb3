package org.iseg.engine.segmentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import org.iseg.api.Mask;
import org.iseg.api.testing.SharedData;
import org.junit.jupiter.api.Test;

/**
 * {@link SegmentationResult.Rle}, the form of EasyCV's {@code encode=True} instance masks, against
 * {@code pycocotools.mask.encode}: the golden metrics' results file holds masks that pycocotools encoded; decoding
 * each and encoding it again must give pycocotools' string byte for byte.
 */
class SegmentationResultTest {

  @Test
  void encodingReproducesPycocotoolsStrings() throws Exception {
    String json = Files.readString(SharedData.golden("metrics/data/instances_results_segm.json"));
    int n = 0;
    long pixels = 0;
    for (JsonElement e : JsonParser.parseString(json).getAsJsonArray()) {
      JsonObject seg = e.getAsJsonObject().getAsJsonObject("segmentation");
      String counts = seg.get("counts").getAsString();
      SegmentationResult.Rle rle = new SegmentationResult.Rle(seg.getAsJsonArray("size").get(0).getAsInt(),
          seg.getAsJsonArray("size").get(1).getAsInt(), counts);
      Mask mask = rle.decode();
      assertEquals(rle, SegmentationResult.Rle.encode(mask), "result " + n);
      pixels += mask.area();
      n++;
    }
    System.out.println(n + " pycocotools RLE strings re-encoded identically (" + pixels + " object pixels)");
    assertTrue(n >= 20 && pixels > 0, "the golden results file should hold many non-empty masks");
  }

  @Test
  void emptyAndFullMasksEncodeAsCocoDoes() {
    // pycocotools: an all-zero 2x3 mask is one run of 6 ("6"), an all-one one a zero run then 6 ("06")
    assertEquals("6", SegmentationResult.Rle.encode(Mask.empty(2, 3)).counts());
    assertEquals("06", SegmentationResult.Rle.encode(Mask.full(2, 3)).counts());
  }
}
