package org.iseg.data.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonObject;
import org.iseg.api.coco.CocoMasks;
import org.junit.jupiter.api.Test;

class CocoAnnotationJsonTest {
  @Test
  void annotationHasRleAreaAndBoxOfTheObjectPixels() {
    // 3 x 4, object at (0, 1), (1, 1), (1, 2)
    boolean[] mask = new boolean[12];
    mask[1] = true;
    mask[5] = true;
    mask[6] = true;
    JsonObject a = CocoAnnotationJson.annotation(5, 7, 3, mask, 3, 4);
    assertEquals("{\"id\":5,\"image_id\":7,\"category_id\":3,\"segmentation\":{\"size\":[3,4],\"counts\":\""
        + CocoMasks.encodeString(CocoMasks.fromMask(mask, 3, 4)) + "\"},\"area\":3,\"bbox\":[1,0,2,2],\"iscrowd\":0}",
        a.toString());
    assertArrayEquals(mask, CocoMasks.toMask(CocoMasks.decodeString(
        a.getAsJsonObject("segmentation").get("counts").getAsString()), 3, 4));
  }

  @Test
  void anEmptyMaskHasNoAnnotation() {
    boolean[] empty = new boolean[6];
    assertThrows(IllegalArgumentException.class, () -> CocoAnnotationJson.annotation(1, 1, 1, empty, 2, 3));
  }
}
