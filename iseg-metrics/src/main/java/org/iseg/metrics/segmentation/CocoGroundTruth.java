package org.iseg.metrics.segmentation;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The ground truth of a COCO instances evaluation: the images and categories evaluated (COCOeval's default
 * {@code imgIds} and {@code catIds}: all of them, sorted) and the annotations, in file order.
 *
 * @param imageIds image ids, ascending (images without annotations count: their detections are false positives)
 * @param categoryIds category ids, ascending
 * @param instances annotations in file order (the order of ties and of crowd matches)
 */
public record CocoGroundTruth(List<Long> imageIds, List<Integer> categoryIds, List<CocoInstance> instances) {
  public CocoGroundTruth {
    imageIds = List.copyOf(new TreeSet<>(imageIds));
    categoryIds = List.copyOf(new TreeSet<>(categoryIds));
    instances = List.copyOf(instances);
  }

  /**
   * Reads a COCO instances file ({@code images}, {@code annotations}, {@code categories}) as
   * {@code pycocotools.coco.COCO} does: segmentation as compressed RLE, uncompressed RLE or polygons (rasterised
   * at the image's size); {@code iscrowd} defaults to 0.
   */
  public static CocoGroundTruth read(Path instancesJson) {
    JsonObject root = CocoJson.readObject(instancesJson);
    Map<Long, int[]> sizes = new HashMap<>();
    List<Long> images = new ArrayList<>();
    for (JsonElement e : CocoJson.array(root, "images", instancesJson)) {
      JsonObject im = e.getAsJsonObject();
      long id = im.get("id").getAsLong();
      images.add(id);
      if (im.has("height") && im.has("width")) {
        sizes.put(id, new int[] {im.get("height").getAsInt(), im.get("width").getAsInt()});
      }
    }
    List<Integer> categories = new ArrayList<>();
    for (JsonElement e : CocoJson.array(root, "categories", instancesJson)) {
      categories.add(e.getAsJsonObject().get("id").getAsInt());
    }
    List<CocoInstance> instances = new ArrayList<>();
    if (root.has("annotations")) {
      for (JsonElement e : root.getAsJsonArray("annotations")) {
        JsonObject a = e.getAsJsonObject();
        long id = a.get("id").getAsLong();
        long imageId = a.get("image_id").getAsLong();
        Optional<RleMask> mask = Optional.empty();
        if (a.has("segmentation") && !a.get("segmentation").isJsonNull()) {
          mask = Optional.of(segmentation(a.get("segmentation"), sizes.get(imageId), "annotation " + id));
        }
        double[] bbox = a.has("bbox") ? numbers(a.getAsJsonArray("bbox"))
            : mask.map(RleMask::bbox).orElse(new double[4]);
        double area = a.has("area") ? a.get("area").getAsDouble() : mask.map(m -> (double) m.area()).orElse(0.0);
        boolean crowd = a.has("iscrowd") && a.get("iscrowd").getAsInt() != 0;
        instances.add(new CocoInstance(id, imageId, a.get("category_id").getAsInt(), mask, bbox, area, crowd));
      }
    }
    return new CocoGroundTruth(images, categories, instances);
  }

  /** A segmentation as {@code annToRLE} converts it: polygons (merged), uncompressed or compressed RLE. */
  static RleMask segmentation(JsonElement segmentation, int[] imageSize, String what) {
    if (segmentation.isJsonArray()) {
      if (imageSize == null) {
        throw new IllegalArgumentException(what + " has polygons but its image has no height/width");
      }
      JsonArray parts = segmentation.getAsJsonArray();
      double[][] polygons = new double[parts.size()][];
      for (int i = 0; i < polygons.length; i++) {
        polygons[i] = numbers(parts.get(i).getAsJsonArray());
      }
      return RleMask.fromPolygons(polygons, imageSize[0], imageSize[1]);
    }
    JsonObject rle = segmentation.getAsJsonObject();
    JsonArray size = rle.getAsJsonArray("size");
    int h = size.get(0).getAsInt();
    int w = size.get(1).getAsInt();
    JsonElement counts = rle.get("counts");
    if (counts.isJsonArray()) {
      JsonArray c = counts.getAsJsonArray();
      int[] runs = new int[c.size()];
      for (int i = 0; i < runs.length; i++) {
        runs[i] = c.get(i).getAsInt();
      }
      return new RleMask(h, w, runs);
    }
    return RleMask.fromString(h, w, counts.getAsString());
  }

  static double[] numbers(JsonArray a) {
    double[] out = new double[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).getAsDouble();
    }
    return out;
  }
}
