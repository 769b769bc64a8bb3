package org.iseg.data.datasets;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.iseg.api.Image;
import org.iseg.api.Mask;
import org.iseg.api.coco.CocoMasks;
import org.iseg.data.DatasetException;
import org.iseg.data.EvaluationDataset;
import org.iseg.data.EvaluationSample;
import org.iseg.data.FullMask;
import org.iseg.data.SegDataset;
import org.iseg.data.SegSample;
import org.iseg.data.io.ImageFiles;

/**
 * A COCO- or LVIS-style instance annotation file ({@code instances_*.json}, {@code lvis_v1_*.json}) with its
 * images folder. Segmentations may be polygons, uncompressed RLE ({@code counts} as numbers) or compressed RLE
 * ({@code counts} as a string); they are decoded exactly as {@code pycocotools} does (see {@link CocoMasks}).
 * Crowd annotations ({@code iscrowd = 1}) are left out of the objects; {@link #annotations} lists them with the
 * others, and {@link #categories} the file's categories (for panoptic and semantic ground truth). An image's file
 * is its {@code file_name},
 * or for LVIS the last part of its {@code coco_url}.
 *
 * <p>The full mask packs the instances into as few layers as possible: an instance goes to the first layer where
 * it overlaps no other, with a label 1..n in that layer (info {@code "layer.label"} names the annotation id and
 * category). The JSON is streamed once at open; masks are decoded on {@link #get}.
 *
 * <pre>{@code
 * CocoDataset lvis = CocoDataset.open(Path.of("lvis_v1_val.json"), Path.of("val2017"), "LVIS-val");
 * EvaluationDataset perInstance = lvis.evaluation();
 * }</pre>
 */
public final class CocoDataset extends SegDataset {
  private record CocoImage(long id, String file, int height, int width) {}

  private record Annotation(long id, long imageId, long categoryId, double[][] polygons, int[] rle, boolean crowd) {}

  /**
   * An entry of the file's {@code categories}.
   *
   * @param isThing the panoptic {@code isthing} flag, empty when the file has none (plain instance files)
   */
  public record CocoCategory(long id, String name, Optional<Boolean> isThing) {}

  /**
   * One annotation of an image, crowd regions included, decoded at the image's size.
   *
   * @param mask row-major, true inside
   */
  public record CocoAnnotation(long id, long categoryId, boolean crowd, boolean[] mask) {}

  private final String name;
  private final Path imagesDir;
  private final List<CocoImage> images;
  private final Map<Long, List<Annotation>> byImage;
  private final Map<Long, List<Annotation>> allByImage;
  private final List<CocoCategory> categories;

  private CocoDataset(String name, Path imagesDir, List<CocoImage> images, Map<Long, List<Annotation>> allByImage,
      List<CocoCategory> categories) {
    this.name = name;
    this.imagesDir = imagesDir;
    this.images = images;
    this.allByImage = allByImage;
    this.categories = categories;
    this.byImage = new HashMap<>();
    allByImage.forEach((id, list) -> {
      List<Annotation> plain = list.stream().filter(a -> !a.crowd()).toList();
      if (!plain.isEmpty()) {
        byImage.put(id, plain);
      }
    });
  }

  /** Reads the annotation file (streaming) and checks that every image file exists. */
  public static CocoDataset open(Path annotationFile, Path imagesDir, String name) {
    if (!Files.isRegularFile(annotationFile)) {
      throw new DatasetException(annotationFile, "COCO/LVIS annotation file is missing");
    }
    if (!Files.isDirectory(imagesDir)) {
      throw new DatasetException(imagesDir, "images folder is missing");
    }
    List<CocoImage> images = new ArrayList<>();
    List<JsonObject> rawAnnotations = new ArrayList<>();
    List<CocoCategory> categories = new ArrayList<>();
    try (Reader in = Files.newBufferedReader(annotationFile, StandardCharsets.UTF_8);
        JsonReader json = new JsonReader(in)) {
      json.beginObject();
      while (json.hasNext()) {
        String key = json.nextName();
        if (key.equals("images")) {
          json.beginArray();
          while (json.hasNext()) {
            images.add(parseImage(JsonParser.parseReader(json).getAsJsonObject(), annotationFile));
          }
          json.endArray();
        } else if (key.equals("categories")) {
          json.beginArray();
          while (json.hasNext()) {
            categories.add(parseCategory(JsonParser.parseReader(json).getAsJsonObject(), annotationFile));
          }
          json.endArray();
        } else if (key.equals("annotations")) {
          json.beginArray();
          while (json.hasNext()) {
            rawAnnotations.add(JsonParser.parseReader(json).getAsJsonObject());
          }
          json.endArray();
        } else {
          json.skipValue();
        }
      }
      json.endObject();
      if (json.peek() != JsonToken.END_DOCUMENT) {
        throw new DatasetException(annotationFile, "has content after the top-level object");
      }
    } catch (IOException | JsonParseException | IllegalStateException e) {
      throw new DatasetException(annotationFile, "is not a valid COCO/LVIS JSON file", e);
    }
    if (images.isEmpty()) {
      throw new DatasetException(annotationFile, "lists no images");
    }
    Map<Long, CocoImage> imageById = new HashMap<>();
    for (CocoImage image : images) {
      if (imageById.put(image.id(), image) != null) {
        throw new DatasetException(annotationFile, "lists image id " + image.id() + " twice");
      }
      Path file = imagesDir.resolve(image.file());
      if (!Files.isRegularFile(file)) {
        throw new DatasetException(file, "image " + image.id() + " listed in " + annotationFile + " is missing");
      }
    }
    Map<Long, List<Annotation>> byImage = new HashMap<>();
    for (JsonObject raw : rawAnnotations) {
      Annotation a = parseAnnotation(raw, imageById, annotationFile);
      byImage.computeIfAbsent(a.imageId(), k -> new ArrayList<>()).add(a);
    }
    byImage.values().forEach(list -> list.sort(Comparator.comparingLong(Annotation::id)));
    images.sort(Comparator.comparingLong(CocoImage::id));
    return new CocoDataset(name, imagesDir, List.copyOf(images), byImage, List.copyOf(categories));
  }

  /**
   * A root folder holding {@code annotations.json} (or exactly one {@code *.json}, directly or in
   * {@code annotations/}) and {@code images/}.
   */
  public static CocoDataset open(Path root, String name) {
    if (!Files.isDirectory(root)) {
      throw new DatasetException(root, "COCO/LVIS folder is missing");
    }
    Path json = root.resolve("annotations.json");
    if (!Files.isRegularFile(json)) {
      List<Path> found = new ArrayList<>();
      for (Path dir : List.of(root, root.resolve("annotations"))) {
        if (Files.isDirectory(dir)) {
          try (Stream<Path> files = Files.list(dir)) {
            files.filter(p -> p.getFileName().toString().endsWith(".json")).forEach(found::add);
          } catch (IOException e) {
            throw new DatasetException(dir, "cannot list folder", e);
          }
        }
      }
      if (found.size() != 1) {
        throw new DatasetException(root, "expected annotations.json or exactly one *.json (in the folder or in "
            + "annotations/), found " + found.size() + ": " + found);
      }
      json = found.get(0);
    }
    return open(json, root.resolve("images"), name);
  }

  /** One sample per (non-crowd) instance, images by id, instances by id; target = the instance. */
  public EvaluationDataset evaluation() {
    List<long[]> pairs = new ArrayList<>(); // {image index, annotation index}
    for (int i = 0; i < images.size(); i++) {
      List<Annotation> anns = byImage.getOrDefault(images.get(i).id(), List.of());
      for (int k = 0; k < anns.size(); k++) {
        pairs.add(new long[] {i, k});
      }
    }
    IntFunction<String> ids = index -> {
      CocoImage image = images.get((int) pairs.get(index)[0]);
      return image.file() + "#" + byImage.get(image.id()).get((int) pairs.get(index)[1]).id();
    };
    return EvaluationDataset.indexed(name, pairs.size(), ids, index -> {
      long[] p = pairs.get(index);
      CocoImage meta = images.get((int) p[0]);
      Annotation a = byImage.get(meta.id()).get((int) p[1]);
      return new EvaluationSample(ids.apply(index), readImage(meta), Mask.of(meta.height(), meta.width(),
          decode(a, meta)));
    });
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int size() {
    return images.size();
  }

  @Override
  public String id(int index) {
    return images.get(checkIndex(index)).file();
  }

  /** The file's categories, in file order. */
  public List<CocoCategory> categories() {
    return categories;
  }

  /** The COCO image id of sample {@code index} (samples are in ascending id order). */
  public long imageId(int index) {
    return images.get(checkIndex(index)).id();
  }

  /** The height the file gives for sample {@code index}. */
  public int height(int index) {
    return images.get(checkIndex(index)).height();
  }

  /** The width the file gives for sample {@code index}. */
  public int width(int index) {
    return images.get(checkIndex(index)).width();
  }

  /** The image of sample {@code index}, checked against the size the file gives. */
  public Image image(int index) {
    return readImage(images.get(checkIndex(index)));
  }

  /** Every annotation of sample {@code index}, crowd regions included, by ascending annotation id. */
  public List<CocoAnnotation> annotations(int index) {
    CocoImage meta = images.get(checkIndex(index));
    List<CocoAnnotation> out = new ArrayList<>();
    for (Annotation a : allByImage.getOrDefault(meta.id(), List.of())) {
      out.add(new CocoAnnotation(a.id(), a.categoryId(), a.crowd(), decode(a, meta)));
    }
    return out;
  }

  /** Number of (non-crowd) instances of sample {@code index}. */
  public int instanceCount(int index) {
    return byImage.getOrDefault(images.get(checkIndex(index)).id(), List.of()).size();
  }

  @Override
  public SegSample get(int index) {
    CocoImage meta = images.get(checkIndex(index));
    Image image = readImage(meta);
    int n = meta.height() * meta.width();
    List<int[]> layers = new ArrayList<>();
    List<Integer> nextLabel = new ArrayList<>();
    Map<String, String> info = new LinkedHashMap<>();
    info.put("image", imagesDir.resolve(meta.file()).toString());
    info.put("imageId", Long.toString(meta.id()));
    for (Annotation a : byImage.getOrDefault(meta.id(), List.of())) {
      boolean[] object = decode(a, meta);
      int target = -1;
      for (int k = 0; k < layers.size() && target < 0; k++) {
        int[] layer = layers.get(k);
        boolean free = true;
        for (int i = 0; i < n; i++) {
          if (object[i] && layer[i] != 0) {
            free = false;
            break;
          }
        }
        if (free) {
          target = k;
        }
      }
      if (target < 0) {
        layers.add(new int[n]);
        nextLabel.add(1);
        target = layers.size() - 1;
      }
      int label = nextLabel.get(target);
      nextLabel.set(target, label + 1);
      int[] layer = layers.get(target);
      for (int i = 0; i < n; i++) {
        if (object[i]) {
          layer[i] = label;
        }
      }
      info.put(target + "." + label, "annotation " + a.id() + ", category " + a.categoryId());
    }
    if (layers.isEmpty()) {
      layers.add(new int[n]);
    }
    return new SegSample(meta.file(), image, FullMask.of(meta.height(), meta.width(), layers), info);
  }

  private Image readImage(CocoImage meta) {
    Path file = imagesDir.resolve(meta.file());
    Image image = ImageFiles.readImage(file);
    if (image.height() != meta.height() || image.width() != meta.width()) {
      throw new DatasetException(file, "image is " + image.height() + "x" + image.width()
          + " but the annotation file says " + meta.height() + "x" + meta.width());
    }
    return image;
  }

  private static boolean[] decode(Annotation a, CocoImage meta) {
    if (a.rle() != null) {
      return CocoMasks.toMask(a.rle(), meta.height(), meta.width());
    }
    return CocoMasks.polygonsToMask(a.polygons(), meta.height(), meta.width());
  }

  private static CocoImage parseImage(JsonObject o, Path file) {
    try {
      long id = o.get("id").getAsLong();
      String name;
      if (o.has("file_name")) {
        name = o.get("file_name").getAsString();
      } else if (o.has("coco_url")) {
        String url = o.get("coco_url").getAsString();
        name = url.substring(url.lastIndexOf('/') + 1);
      } else {
        throw new DatasetException(file, "image " + id + " has neither file_name nor coco_url");
      }
      int h = o.get("height").getAsInt();
      int w = o.get("width").getAsInt();
      if (h <= 0 || w <= 0) {
        throw new DatasetException(file, "image " + id + " has size " + h + "x" + w);
      }
      return new CocoImage(id, name, h, w);
    } catch (NullPointerException | IllegalStateException | UnsupportedOperationException | NumberFormatException e) {
      throw new DatasetException(file, "image entry " + o + " lacks id/height/width", e);
    }
  }

  private static CocoCategory parseCategory(JsonObject o, Path file) {
    try {
      Optional<Boolean> thing = o.has("isthing") ? Optional.of(o.get("isthing").getAsInt() == 1) : Optional.empty();
      return new CocoCategory(o.get("id").getAsLong(), o.has("name") ? o.get("name").getAsString() : "", thing);
    } catch (NullPointerException | IllegalStateException | UnsupportedOperationException | NumberFormatException e) {
      throw new DatasetException(file, "category entry " + abbreviate(o.toString()) + " lacks a numeric id", e);
    }
  }

  private static Annotation parseAnnotation(JsonObject o, Map<Long, CocoImage> images, Path file) {
    try {
      long id = o.get("id").getAsLong();
      long imageId = o.get("image_id").getAsLong();
      CocoImage image = images.get(imageId);
      if (image == null) {
        throw new DatasetException(file, "annotation " + id + " refers to unknown image " + imageId);
      }
      boolean crowd = o.has("iscrowd") && o.get("iscrowd").getAsInt() == 1;
      long category = o.has("category_id") ? o.get("category_id").getAsLong() : 0;
      JsonElement seg = o.get("segmentation");
      if (seg == null) {
        throw new DatasetException(file, "annotation " + id + " has no segmentation");
      }
      if (seg.isJsonArray()) {
        JsonArray parts = seg.getAsJsonArray();
        List<double[]> polygons = new ArrayList<>();
        for (JsonElement part : parts) {
          JsonArray coords = part.getAsJsonArray();
          double[] xy = new double[coords.size()];
          for (int i = 0; i < xy.length; i++) {
            xy[i] = coords.get(i).getAsDouble();
          }
          if (xy.length < 6 || xy.length % 2 != 0) {
            throw new DatasetException(file, "annotation " + id + " has a polygon with " + xy.length
                + " coordinates; need an even number, at least 6");
          }
          polygons.add(xy);
        }
        if (polygons.isEmpty()) {
          throw new DatasetException(file, "annotation " + id + " has an empty polygon list");
        }
        return new Annotation(id, imageId, category, polygons.toArray(new double[0][]), null, crowd);
      }
      JsonObject rle = seg.getAsJsonObject();
      JsonArray size = rle.getAsJsonArray("size");
      if (size.get(0).getAsInt() != image.height() || size.get(1).getAsInt() != image.width()) {
        throw new DatasetException(file, "annotation " + id + " RLE size " + size + " differs from image "
            + image.height() + "x" + image.width());
      }
      JsonElement counts = rle.get("counts");
      int[] runs;
      if (counts.isJsonPrimitive()) {
        runs = CocoMasks.decodeString(counts.getAsString());
      } else {
        JsonArray arr = counts.getAsJsonArray();
        runs = new int[arr.size()];
        for (int i = 0; i < runs.length; i++) {
          runs[i] = arr.get(i).getAsInt();
        }
      }
      long total = 0;
      for (int r : runs) {
        total += r;
      }
      if (total != (long) image.height() * image.width()) {
        throw new DatasetException(file, "annotation " + id + " RLE covers " + total + " pixels, image "
            + image.id() + " has " + (long) image.height() * image.width());
      }
      return new Annotation(id, imageId, category, null, runs, crowd);
    } catch (NullPointerException | IllegalStateException | UnsupportedOperationException | IllegalArgumentException
        | IndexOutOfBoundsException e) {
      throw new DatasetException(file, "annotation entry is malformed: " + abbreviate(o.toString()), e);
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "...";
  }
}
