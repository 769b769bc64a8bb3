package org.iseg.examples.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.iseg.api.Mask;
import org.iseg.api.coco.CocoMasks;
import org.iseg.clicking.masks.MaskOps;

/**
 * Masks as COCO: one object's {@code {size, counts, polygons}} JSON, and a batch's annotations file ({@code images},
 * {@code categories}, {@code annotations} with compressed RLE segmentation, {@code bbox} [x, y, w, h] and {@code
 * area}) that pycocotools, CVAT and Label Studio import.
 */
final class CocoExport {
  private CocoExport() {}

  /** One image's result in a batch. */
  record Entry(String fileName, Mask mask) {}

  /** {size [h, w], counts (COCO RLE string), polygon (the largest region), polygons (every region)}. */
  static JsonObject object(Mask mask) {
    JsonObject json = new JsonObject();
    json.add("size", pair(mask.height(), mask.width()));
    json.addProperty("counts", rle(mask));
    List<List<int[]>> outlines = MaskOps.outlines(mask);
    json.add("polygon", outlines.isEmpty() ? new JsonArray() : points(outlines.get(0)));
    JsonArray all = new JsonArray();
    outlines.forEach(o -> all.add(points(o)));
    json.add("polygons", all);
    return json;
  }

  /** A COCO annotations file for {@code entries}, one category named {@code category}; empty masks are skipped. */
  static JsonObject annotations(List<Entry> entries, String category) {
    JsonArray images = new JsonArray();
    JsonArray annotations = new JsonArray();
    for (int i = 0; i < entries.size(); i++) {
      Mask mask = entries.get(i).mask();
      JsonObject image = new JsonObject();
      image.addProperty("id", i + 1);
      image.addProperty("file_name", entries.get(i).fileName());
      image.addProperty("height", mask.height());
      image.addProperty("width", mask.width());
      images.add(image);
      int[] box = bbox(mask);
      if (box == null) {
        continue;
      }
      JsonObject a = new JsonObject();
      a.addProperty("id", annotations.size() + 1);
      a.addProperty("image_id", i + 1);
      a.addProperty("category_id", 1);
      JsonObject segmentation = new JsonObject();
      segmentation.add("size", pair(mask.height(), mask.width()));
      segmentation.addProperty("counts", rle(mask));
      a.add("segmentation", segmentation);
      a.addProperty("area", mask.area());
      JsonArray b = new JsonArray();
      for (int v : box) {
        b.add(v);
      }
      a.add("bbox", b);
      a.addProperty("iscrowd", 0);
      annotations.add(a);
    }
    JsonObject cat = new JsonObject();
    cat.addProperty("id", 1);
    cat.addProperty("name", category);
    JsonArray categories = new JsonArray();
    categories.add(cat);
    JsonObject coco = new JsonObject();
    coco.add("images", images);
    coco.add("categories", categories);
    coco.add("annotations", annotations);
    return coco;
  }

  static void write(Path file, JsonObject json) throws IOException {
    Files.writeString(file, new GsonBuilder().setPrettyPrinting().create().toJson(json), StandardCharsets.UTF_8);
  }

  /** COCO's [x, y, width, height] of the object pixels, or null when there are none. */
  static int[] bbox(Mask mask) {
    int top = Integer.MAX_VALUE;
    int left = Integer.MAX_VALUE;
    int bottom = -1;
    int right = -1;
    for (int r = 0; r < mask.height(); r++) {
      for (int c = 0; c < mask.width(); c++) {
        if (mask.isObject(r, c)) {
          top = Math.min(top, r);
          bottom = Math.max(bottom, r);
          left = Math.min(left, c);
          right = Math.max(right, c);
        }
      }
    }
    return bottom < 0 ? null : new int[] {left, top, right - left + 1, bottom - top + 1};
  }

  private static String rle(Mask mask) {
    return CocoMasks.encodeString(CocoMasks.fromMask(mask.toObjectArray(), mask.height(), mask.width()));
  }

  private static JsonArray pair(int a, int b) {
    JsonArray p = new JsonArray();
    p.add(a);
    p.add(b);
    return p;
  }

  private static JsonArray points(List<int[]> polygon) {
    JsonArray out = new JsonArray();
    for (int[] xy : polygon) {
      out.add(pair(xy[0], xy[1]));
    }
    return out;
  }
}
