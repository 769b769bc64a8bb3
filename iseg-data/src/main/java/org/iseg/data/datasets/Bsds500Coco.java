package org.iseg.data.datasets;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.iseg.data.DatasetException;
import org.iseg.data.FullMask;
import org.iseg.data.SegSample;
import org.iseg.data.io.CocoAnnotationJson;

/**
 * A small COCO-format panoptic-style set made from BSDS500's human segmentations (first annotator), for training
 * and evaluating an image segmenter such as Mask2Former on real images without COCO. BSDS500 regions carry no
 * class, so the classes follow a fixed geometric rule: a region that touches the image border is <em>stuff</em>
 * ({@code upperStuff} when its centroid lies in the upper half, else {@code lowerStuff}; merged per image and class,
 * as COCO panoptic has one segment per stuff class), a region inside the image covering at least
 * {@code minThingShare} of it is a <em>thing</em> ({@code thing}), smaller inner regions stay unannotated (void).
 *
 * <p>{@code file_name} is {@code SPLIT/ID.jpg}, so the images folder is {@code BSDS500/images}. Categories are
 * written for every class of {@code thingClasses} then {@code stuffClasses} (ids from 1, {@code isthing} set), so
 * the file matches a model whose {@code CLASSES} are those lists.
 *
 * <pre>{@code
 * Bsds500Coco.Layout layout = new Bsds500Coco.Layout(things, stuff, "person", "sky-other-merged", "grass-merged", 0.01);
 * Bsds500Coco.write(Bsds500Dataset.open(root, Bsds500Dataset.Split.VAL), 0, 10, layout, Path.of("val.json"));
 * }</pre>
 */
public final class Bsds500Coco {
  private Bsds500Coco() {}

  /**
   * The classes and the rule.
   *
   * @param thingClasses the model's thing classes (written as categories 1..)
   * @param stuffClasses the model's stuff classes (written after them)
   * @param thing the class of inner regions, one of {@code thingClasses}
   * @param upperStuff the class of border regions centred in the upper half, one of {@code stuffClasses}
   * @param lowerStuff the class of the other border regions, one of {@code stuffClasses}
   * @param minThingShare the smallest inner region kept as a thing, as a share of the image's pixels
   */
  public record Layout(List<String> thingClasses, List<String> stuffClasses, String thing, String upperStuff,
      String lowerStuff, double minThingShare) {
    public Layout {
      thingClasses = List.copyOf(thingClasses);
      stuffClasses = List.copyOf(stuffClasses);
      if (!thingClasses.contains(thing)) {
        throw new IllegalArgumentException("thing class '" + thing + "' is not one of " + thingClasses);
      }
      if (!stuffClasses.contains(upperStuff) || !stuffClasses.contains(lowerStuff)) {
        throw new IllegalArgumentException("stuff classes '" + upperStuff + "', '" + lowerStuff + "' must be in "
            + stuffClasses);
      }
      if (!(minThingShare >= 0 && minThingShare < 1)) {
        throw new IllegalArgumentException("minThingShare must lie in [0, 1), got " + minThingShare);
      }
    }

    int categoryId(String name) {
      int i = thingClasses.indexOf(name);
      return i >= 0 ? i + 1 : thingClasses.size() + stuffClasses.indexOf(name) + 1;
    }
  }

  /** The COCO file of samples {@code from} (inclusive) to {@code to} (exclusive) of {@code data}. */
  public static JsonObject build(Bsds500Dataset data, int from, int to, Layout layout) {
    if (from < 0 || to > data.size() || from >= to) {
      throw new IllegalArgumentException("samples " + from + ".." + to + " are not a non-empty range of the "
          + data.size() + " in " + data.name());
    }
    JsonArray images = new JsonArray();
    JsonArray annotations = new JsonArray();
    long annotationId = 1;
    for (int i = from; i < to; i++) {
      SegSample s = data.get(i);
      FullMask m = s.mask();
      int h = m.height();
      int w = m.width();
      long imageId = i + 1L;
      JsonObject im = new JsonObject();
      im.addProperty("id", imageId);
      im.addProperty("file_name", data.split(i).folder() + "/" + s.id());
      im.addProperty("height", h);
      im.addProperty("width", w);
      images.add(im);
      int[] labels = m.layer(0);
      // per region: pixel count, row sum, touches the border
      TreeMap<Integer, long[]> regions = new TreeMap<>();
      for (int r = 0; r < h; r++) {
        for (int c = 0; c < w; c++) {
          int id = labels[r * w + c];
          if (id <= 0) {
            continue;
          }
          long[] st = regions.computeIfAbsent(id, k -> new long[3]);
          st[0]++;
          st[1] += r;
          if (r == 0 || c == 0 || r == h - 1 || c == w - 1) {
            st[2] = 1;
          }
        }
      }
      boolean[] upper = new boolean[h * w];
      boolean[] lower = new boolean[h * w];
      List<boolean[]> things = new ArrayList<>();
      for (var e : regions.entrySet()) {
        long[] st = e.getValue();
        int id = e.getKey();
        if (st[2] == 1) {
          boolean[] into = (double) st[1] / st[0] < h / 2.0 ? upper : lower;
          for (int p = 0; p < labels.length; p++) {
            into[p] |= labels[p] == id;
          }
        } else if (st[0] >= layout.minThingShare() * h * w) {
          boolean[] region = new boolean[h * w];
          for (int p = 0; p < labels.length; p++) {
            region[p] = labels[p] == id;
          }
          things.add(region);
        }
      }
      for (boolean[] t : things) {
        annotations.add(
            CocoAnnotationJson.annotation(annotationId++, imageId, layout.categoryId(layout.thing()), t, h, w));
      }
      for (boolean[] stuff : List.of(upper, lower)) {
        boolean any = false;
        for (boolean b : stuff) {
          any |= b;
        }
        if (any) {
          String name = stuff == upper ? layout.upperStuff() : layout.lowerStuff();
          annotations.add(CocoAnnotationJson.annotation(annotationId++, imageId, layout.categoryId(name), stuff, h, w));
        }
      }
    }
    JsonArray categories = new JsonArray();
    List<String> all = new ArrayList<>(layout.thingClasses());
    all.addAll(layout.stuffClasses());
    for (int k = 0; k < all.size(); k++) {
      JsonObject c = new JsonObject();
      c.addProperty("id", k + 1);
      c.addProperty("name", all.get(k));
      c.addProperty("isthing", k < layout.thingClasses().size() ? 1 : 0);
      categories.add(c);
    }
    JsonObject root = new JsonObject();
    root.add("images", images);
    root.add("annotations", annotations);
    root.add("categories", categories);
    return root;
  }

  /** {@link #build} written to {@code out}. */
  public static void write(Bsds500Dataset data, int from, int to, Layout layout, Path out) {
    try {
      Path parent = out.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Files.writeString(out, new GsonBuilder().create().toJson(build(data, from, to, layout)), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new DatasetException(out, "cannot write the COCO file", e);
    }
  }
}
