package org.iseg.examples.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.iseg.api.Image;
import org.iseg.data.io.ImageFiles;
import org.iseg.data.io.LabelMap;
import org.iseg.engine.segmentation.SegmentationResult;
import org.iseg.examples.annotator.AwtImages;
import org.iseg.models.mask2former.Mask2FormerConfig;

/**
 * The files {@code iseg segment} writes: COCO results JSON for instances (RLE, bbox, score, category), the COCO
 * panoptic PNG ({@code id = R + 256 G + 256^2 B}, 0 = VOID) and its {@code segments_info} JSON, the semantic label
 * PNG, and overlays like EasyCV's {@code show_instance} / {@code show_panoptic} / {@code show_semantic} (each
 * class's palette colour blended at 50 %, instance boxes, class names).
 */
final class SegmentationFiles {
  private static final double ALPHA = 0.5;

  private SegmentationFiles() {}

  /** COCO detection results: one {image_id, category_id, category_name, bbox [x, y, w, h], score, segmentation}. */
  static JsonArray instancesJson(String imageId, List<SegmentationResult.Instance> instances) {
    JsonArray out = new JsonArray();
    for (SegmentationResult.Instance i : instances) {
      JsonObject o = new JsonObject();
      o.addProperty("image_id", imageId);
      o.addProperty("category_id", i.label());
      o.addProperty("category_name", i.className());
      JsonArray bbox = new JsonArray();
      bbox.add(i.box()[0]);
      bbox.add(i.box()[1]);
      bbox.add(i.box()[2] - i.box()[0]);
      bbox.add(i.box()[3] - i.box()[1]);
      o.add("bbox", bbox);
      o.addProperty("score", i.score());
      SegmentationResult.Rle rle = i.rle();
      JsonObject seg = new JsonObject();
      JsonArray size = new JsonArray();
      size.add(rle.height());
      size.add(rle.width());
      seg.add("size", size);
      seg.addProperty("counts", rle.counts());
      o.add("segmentation", seg);
      o.addProperty("area", i.mask().area());
      o.addProperty("query", i.query());
      out.add(o);
    }
    return out;
  }

  /** COCO panoptic {@code segments_info} (ids as in the PNG). */
  static JsonObject segmentsJson(String fileName, SegmentationResult.Panoptic panoptic) {
    JsonObject root = new JsonObject();
    root.addProperty("file_name", fileName);
    JsonArray segments = new JsonArray();
    for (SegmentationResult.Segment s : panoptic.segments()) {
      JsonObject o = new JsonObject();
      o.addProperty("id", s.id());
      o.addProperty("category_id", s.label());
      o.addProperty("category_name", s.className());
      o.addProperty("isthing", s.isThing() ? 1 : 0);
      o.addProperty("area", s.area());
      segments.add(o);
    }
    root.add("segments_info", segments);
    return root;
  }

  /** The panoptic map as COCO's RGB id PNG; EasyCV's VOID id becomes 0. */
  static Image panopticPng(int height, int width, SegmentationResult.Panoptic panoptic) {
    byte[] rgb = new byte[height * width * 3];
    int[] ids = panoptic.ids();
    for (int i = 0; i < ids.length; i++) {
      int id = ids[i] == panoptic.voidId() ? 0 : ids[i];
      rgb[3 * i] = (byte) (id & 0xff);
      rgb[3 * i + 1] = (byte) ((id >> 8) & 0xff);
      rgb[3 * i + 2] = (byte) ((id >> 16) & 0xff);
    }
    return Image.of(height, width, rgb);
  }

  static void writeJson(Path file, Object json) throws IOException {
    Files.writeString(file, new GsonBuilder().setPrettyPrinting().create().toJson(json) + "\n",
        StandardCharsets.UTF_8);
  }

  static void writeLabels(Path file, int height, int width, int[] labels) {
    ImageFiles.writePng(file, LabelMap.of(height, width, labels));
  }

  /** The palette colour of {@code label} (the config's PALETTE, or a fixed spread of hues when it has none). */
  static int[] colour(Mask2FormerConfig cfg, int label) {
    if (label >= 0 && label < cfg.palette().size()) {
      return cfg.palette().get(label);
    }
    Color c = Color.getHSBColor((label * 0.618034f) % 1f, 0.8f, 0.9f);
    return new int[] {c.getRed(), c.getGreen(), c.getBlue()};
  }

  /** {@code show_instance}: masks of instances scoring at least {@code scoreThreshold}, boxes, "name score". */
  static Image instanceOverlay(Image image, Mask2FormerConfig cfg, List<SegmentationResult.Instance> instances,
      double scoreThreshold) {
    byte[] rgb = image.toRgbBytes();
    int w = image.width();
    for (SegmentationResult.Instance inst : instances) {
      if (inst.score() < scoreThreshold) {
        continue;
      }
      int[] c = colour(cfg, inst.label());
      boolean[] m = inst.mask().toObjectArray();
      for (int i = 0; i < m.length; i++) {
        if (m[i]) {
          blend(rgb, i, c);
        }
      }
    }
    BufferedImage canvas = AwtImages.toBufferedImage(Image.of(image.height(), w, rgb));
    Graphics2D g = graphics(canvas);
    for (SegmentationResult.Instance inst : instances) {
      if (inst.score() < scoreThreshold) {
        continue;
      }
      int[] c = colour(cfg, inst.label());
      g.setColor(new Color(c[0], c[1], c[2]));
      float[] b = inst.box();
      g.drawRect(Math.round(b[0]), Math.round(b[1]), Math.round(b[2] - b[0]) - 1, Math.round(b[3] - b[1]) - 1);
      label(g, String.format(Locale.ROOT, "%s %.2f", inst.className(), inst.score()), Math.round(b[0]),
          Math.round(b[1]));
    }
    g.dispose();
    return AwtImages.toImage(canvas);
  }

  /** {@code show_panoptic}: every segment in its class colour, named at its first row's middle. */
  static Image panopticOverlay(Image image, Mask2FormerConfig cfg, SegmentationResult.Panoptic panoptic) {
    int[] ids = panoptic.ids();
    return labelled(image, cfg, ids, panoptic.voidId(), id -> id % 1000, panoptic.segments().stream()
        .map(s -> new int[] {s.id(), s.label()}).toList());
  }

  /** {@code show_semantic}: every pixel in its class colour, each class named once. */
  static Image semanticOverlay(Image image, Mask2FormerConfig cfg, int[] labels) {
    java.util.TreeSet<Integer> present = new java.util.TreeSet<>();
    for (int l : labels) {
      present.add(l);
    }
    return labelled(image, cfg, labels, -1, id -> id, present.stream().map(l -> new int[] {l, l}).toList());
  }

  private static Image labelled(Image image, Mask2FormerConfig cfg, int[] ids, int voidId,
      java.util.function.IntUnaryOperator labelOf, List<int[]> regions) {
    byte[] rgb = image.toRgbBytes();
    int w = image.width();
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] != voidId) {
        blend(rgb, i, colour(cfg, labelOf.applyAsInt(ids[i])));
      }
    }
    BufferedImage canvas = AwtImages.toBufferedImage(Image.of(image.height(), w, rgb));
    Graphics2D g = graphics(canvas);
    for (int[] region : regions) {
      long sx = 0;
      long sy = 0;
      int n = 0;
      for (int i = 0; i < ids.length; i++) {
        if (ids[i] == region[0]) {
          sx += i % w;
          sy += i / w;
          n++;
        }
      }
      if (n > 0) {
        String name = region[1] < cfg.classes().size() ? cfg.classes().get(region[1]) : "class " + region[1];
        label(g, name, (int) (sx / n), (int) (sy / n));
      }
    }
    g.dispose();
    return AwtImages.toImage(canvas);
  }

  private static void blend(byte[] rgb, int pixel, int[] c) {
    for (int k = 0; k < 3; k++) {
      int v = rgb[3 * pixel + k] & 0xff;
      rgb[3 * pixel + k] = (byte) Math.round(v * (1 - ALPHA) + c[k] * ALPHA);
    }
  }

  private static Graphics2D graphics(BufferedImage canvas) {
    Graphics2D g = canvas.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setStroke(new BasicStroke(2f));
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(11, canvas.getHeight() / 40)));
    return g;
  }

  private static void label(Graphics2D g, String text, int x, int y) {
    int width = g.getFontMetrics().stringWidth(text);
    int height = g.getFontMetrics().getHeight();
    int top = Math.max(0, y - height);
    g.setColor(new Color(0, 0, 0, 160));
    g.fillRect(x, top, width + 4, height);
    g.setColor(Color.WHITE);
    g.drawString(text, x + 2, top + g.getFontMetrics().getAscent());
  }
}
