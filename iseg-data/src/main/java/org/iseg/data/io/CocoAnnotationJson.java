package org.iseg.data.io;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.iseg.api.coco.CocoMasks;

/**
 * COCO annotation-file entries as JSON, written the way pycocotools reads them; shared by the writers of COCO files
 * (BSDS500 as COCO, the CLI's mask export).
 *
 * <pre>{@code
 * JsonObject a = CocoAnnotationJson.annotation(1, 7, 3, mask.toObjectArray(), mask.height(), mask.width());
 * }</pre>
 */
public final class CocoAnnotationJson {
  private CocoAnnotationJson() {}

  /**
   * One instance annotation of a non-empty row-major mask: {@code id}, {@code image_id}, {@code category_id},
   * {@code segmentation} as compressed RLE {@code {size [h, w], counts}}, {@code area} (object pixels), {@code bbox}
   * [x, y, width, height] of the object pixels and {@code iscrowd} 0.
   */
  public static JsonObject annotation(long id, long imageId, long categoryId, boolean[] mask, int height, int width) {
    int[] counts = CocoMasks.fromMask(mask, height, width);
    int area = 0;
    int minR = height;
    int minC = width;
    int maxR = -1;
    int maxC = -1;
    for (int r = 0; r < height; r++) {
      for (int c = 0; c < width; c++) {
        if (mask[r * width + c]) {
          area++;
          minR = Math.min(minR, r);
          maxR = Math.max(maxR, r);
          minC = Math.min(minC, c);
          maxC = Math.max(maxC, c);
        }
      }
    }
    if (area == 0) {
      throw new IllegalArgumentException("annotation " + id + " has an empty mask; COCO has no box for it");
    }
    JsonObject a = new JsonObject();
    a.addProperty("id", id);
    a.addProperty("image_id", imageId);
    a.addProperty("category_id", categoryId);
    JsonObject seg = new JsonObject();
    JsonArray size = new JsonArray();
    size.add(height);
    size.add(width);
    seg.add("size", size);
    seg.addProperty("counts", CocoMasks.encodeString(counts));
    a.add("segmentation", seg);
    a.addProperty("area", area);
    JsonArray bbox = new JsonArray();
    bbox.add(minC);
    bbox.add(minR);
    bbox.add(maxC - minC + 1);
    bbox.add(maxR - minR + 1);
    a.add("bbox", bbox);
    a.addProperty("iscrowd", 0);
    return a;
  }
}
