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
import org.iseg.data.io.CocoAnnotationJson;

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
      if (mask.area() == 0) {
        continue;
      }
      annotations.add(CocoAnnotationJson.annotation(annotations.size() + 1, i + 1, 1, mask.toObjectArray(),
          mask.height(), mask.width()));
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
