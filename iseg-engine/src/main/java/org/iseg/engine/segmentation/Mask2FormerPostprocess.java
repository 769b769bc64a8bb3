package org.iseg.engine.segmentation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.iseg.api.Mask;
import org.iseg.engine.predictors.Roi;
import org.iseg.models.mask2former.Mask2FormerConfig;
import org.iseg.models.nn.Bilinear;

/**
 * EasyCV's {@code Mask2Former.forward_test} after the network, for one image: mask logits resized bilinearly
 * ({@code align_corners=False}) to the padded input, cropped to the resized image, resized to the original image; then
 * {@code instance_postprocess}, {@code panoptic_postprocess} and the semantic map, exactly as EasyCV computes them
 * (float32 probabilities; only the top-k order of instances differs: by score, where torch's {@code sorted=False}
 * order is an implementation detail).
 *
 * <pre>{@code
 * SegmentationResult r = Mask2FormerPostprocess.run(config, EnumSet.of(SegmentationTask.PANOPTIC), logits, masks,
 *     queries, maskHeight, maskWidth, meta);
 * }</pre>
 */
public final class Mask2FormerPostprocess {
  /** EasyCV's {@code INSTANCE_OFFSET}. */
  public static final int INSTANCE_OFFSET = 1000;

  private Mask2FormerPostprocess() {}

  /**
   * @param logits Q x (K + 1) class logits
   * @param masks Q x maskHeight x maskWidth mask logits (stride 4 of the padded input)
   * @param meta the image's sizes (only the {@code *Height/*Width} fields are used)
   */
  public static SegmentationResult run(Mask2FormerConfig cfg, Set<SegmentationTask> tasks, float[] logits,
      float[] masks, int queries, int maskHeight, int maskWidth, MmcvTestPipeline.Result meta) {
    int k1 = logits.length / queries;
    int classes = k1 - 1;
    if (classes != cfg.numClasses() || masks.length != queries * maskHeight * maskWidth) {
      throw new IllegalArgumentException("expected " + queries + " x " + (cfg.numClasses() + 1) + " logits and "
          + queries + " x " + maskHeight + " x " + maskWidth + " masks, got " + logits.length + " and "
          + masks.length);
    }
    float[][] prob = softmax(logits, queries, k1);
    float[][] planes = originalSizeMasks(masks, queries, maskHeight, maskWidth, meta);
    int h = meta.originalHeight();
    int w = meta.originalWidth();
    Optional<List<SegmentationResult.Instance>> instances = tasks.contains(SegmentationTask.INSTANCE)
        ? Optional.of(instances(cfg, prob, planes, h, w)) : Optional.empty();
    Optional<SegmentationResult.Panoptic> panoptic = tasks.contains(SegmentationTask.PANOPTIC)
        ? Optional.of(panoptic(cfg, prob, planes, h, w)) : Optional.empty();
    Optional<int[]> semantic = tasks.contains(SegmentationTask.SEMANTIC)
        ? Optional.of(semantic(prob, planes, classes, h * w)) : Optional.empty();
    return new SegmentationResult(h, w, instances, panoptic, semantic);
  }

  /** {@link #run} for a single task. */
  public static SegmentationResult run(Mask2FormerConfig cfg, SegmentationTask task, float[] logits, float[] masks,
      int queries, int maskHeight, int maskWidth, MmcvTestPipeline.Result meta) {
    return run(cfg, EnumSet.of(task), logits, masks, queries, maskHeight, maskWidth, meta);
  }

  /** Per query: F.interpolate to the pad shape, crop to the image shape, F.interpolate to the original shape. */
  static float[][] originalSizeMasks(float[] masks, int queries, int mh, int mw, MmcvTestPipeline.Result meta) {
    float[][] out = new float[queries][];
    for (int q = 0; q < queries; q++) {
      out[q] = originalSizeMask(masks, q, mh, mw, meta);
    }
    return out;
  }

  /** {@link #originalSizeMasks} for query {@code q} alone. */
  static float[] originalSizeMask(float[] masks, int q, int mh, int mw, MmcvTestPipeline.Result meta) {
    int plane = mh * mw;
    int hp = meta.padHeight();
    int wp = meta.padWidth();
    int h = meta.height();
    int w = meta.width();
    float[] crop = new float[h * w];
    float[] padded = Bilinear.resize(Arrays.copyOfRange(masks, q * plane, (q + 1) * plane), 1, mh, mw, hp, wp);
    for (int y = 0; y < h; y++) {
      System.arraycopy(padded, y * wp, crop, y * w, w);
    }
    return Bilinear.resize(crop, 1, h, w, meta.originalHeight(), meta.originalWidth());
  }

  static float[][] softmax(float[] logits, int queries, int k1) {
    float[][] out = new float[queries][k1];
    for (int q = 0; q < queries; q++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < k1; c++) {
        max = Math.max(max, logits[q * k1 + c]);
      }
      double sum = 0;
      double[] e = new double[k1];
      for (int c = 0; c < k1; c++) {
        e[c] = Math.exp(logits[q * k1 + c] - max);
        sum += e[c];
      }
      for (int c = 0; c < k1; c++) {
        out[q][c] = (float) (e[c] / sum);
      }
    }
    return out;
  }

  static float sigmoid(float x) {
    return (float) (1.0 / (1.0 + Math.exp(-x)));
  }

  /** {@code instance_postprocess}: top {@code max_per_image} of query x class scores, things only. */
  static List<SegmentationResult.Instance> instances(Mask2FormerConfig cfg, float[][] prob, float[][] planes, int h,
      int w) {
    int queries = prob.length;
    int classes = cfg.numClasses();
    Integer[] order = new Integer[queries * classes];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -prob[i / classes][i % classes])
        .thenComparingInt(i -> i));
    int k = Math.min(cfg.test().maxPerImage(), order.length);
    float[] maskScore = new float[queries];
    Mask[] binary = new Mask[queries];
    float[][] boxes = new float[queries][];
    List<SegmentationResult.Instance> out = new ArrayList<>();
    for (int r = 0; r < k; r++) {
      int idx = order[r];
      int q = idx / classes;
      int label = idx % classes;
      if (label >= cfg.numThingClasses()) {
        continue;
      }
      if (binary[q] == null) {
        float[] plane = planes[q];
        boolean[] bits = new boolean[h * w];
        double sum = 0;
        int count = 0;
        for (int i = 0; i < plane.length; i++) {
          if (plane[i] > 0) {
            bits[i] = true;
            sum += sigmoid(plane[i]);
            count++;
          }
        }
        maskScore[q] = (float) sum / ((float) count + 1e-6f);
        binary[q] = Mask.of(h, w, bits);
        // (x0, y0, x1, y1) with exclusive ends; zeros for an empty mask
        boxes[q] = Roi.boundingBox(bits, h, w)
            .map(b -> new float[] {b.colMin(), b.rowMin(), b.colMax() + 1, b.rowMax() + 1})
            .orElseGet(() -> new float[4]);
      }
      float score = prob[q][label] * maskScore[q];
      out.add(new SegmentationResult.Instance(q, label, className(cfg, label), score, boxes[q].clone(), binary[q]));
    }
    return out;
  }

  /** {@code panoptic_postprocess}. */
  static SegmentationResult.Panoptic panoptic(Mask2FormerConfig cfg, float[][] prob, float[][] planes, int h, int w) {
    int classes = cfg.numClasses();
    List<Integer> keep = new ArrayList<>();
    List<Float> keepScore = new ArrayList<>();
    List<Integer> keepClass = new ArrayList<>();
    for (int q = 0; q < prob.length; q++) {
      int best = 0;
      for (int c = 1; c <= classes; c++) {
        if (prob[q][c] > prob[q][best]) {
          best = c;
        }
      }
      if (best != classes && prob[q][best] > cfg.test().objectMaskThr()) {
        keep.add(q);
        keepScore.add(prob[q][best]);
        keepClass.add(best);
      }
    }
    int n = h * w;
    int[] ids = new int[n];
    Arrays.fill(ids, classes);
    List<SegmentationResult.Segment> segments = new ArrayList<>();
    if (keep.isEmpty()) {
      return new SegmentationResult.Panoptic(ids, classes, segments);
    }
    int[] winner = new int[n];
    for (int i = 0; i < n; i++) {
      float best = Float.NEGATIVE_INFINITY;
      int arg = 0;
      for (int k = 0; k < keep.size(); k++) {
        float v = keepScore.get(k) * sigmoid(planes[keep.get(k)][i]);
        if (v > best) {
          best = v;
          arg = k;
        }
      }
      winner[i] = arg;
    }
    int instanceId = 1;
    for (int k = 0; k < keep.size(); k++) {
      int cls = keepClass.get(k);
      boolean thing = cls < cfg.numThingClasses();
      float[] plane = planes[keep.get(k)];
      int maskArea = 0;
      int originalArea = 0;
      for (int i = 0; i < n; i++) {
        if (winner[i] == k) {
          maskArea++;
        }
        if (sigmoid(plane[i]) >= 0.5f) {
          originalArea++;
        }
      }
      if (maskArea > 0 && originalArea > 0) {
        if ((double) maskArea / originalArea < cfg.test().iouThr()) {
          continue;
        }
        int id = thing ? cls + instanceId * INSTANCE_OFFSET : cls;
        for (int i = 0; i < n; i++) {
          if (winner[i] == k && (!cfg.test().filterLowScore() || sigmoid(plane[i]) >= 0.5f)) {
            ids[i] = id;
          }
        }
        if (thing) {
          instanceId++;
        }
      }
    }
    java.util.TreeMap<Integer, Integer> areas = new java.util.TreeMap<>(Comparator.reverseOrder());
    for (int id : ids) {
      if (id != classes) {
        areas.merge(id, 1, Integer::sum);
      }
    }
    areas.forEach((id, a) -> {
      int cls = id % INSTANCE_OFFSET;
      segments.add(new SegmentationResult.Segment(id, cls, className(cfg, cls), cls < cfg.numThingClasses(), a));
    });
    return new SegmentationResult.Panoptic(ids, classes, segments);
  }

  /**
   * {@code argmax_c sum_q softmax(q)[c] * sigmoid(mask_q)} (no-object dropped; sums in query order, first maximum
   * wins). Class-major accumulation so that the inner loop is a vectorisable {@code acc += p * s}.
   */
  static int[] semantic(float[][] prob, float[][] planes, int classes, int n) {
    int queries = prob.length;
    float[][] acc = new float[classes][n];
    float[] s = new float[n];
    for (int q = 0; q < queries; q++) {
      float[] plane = planes[q];
      for (int i = 0; i < n; i++) {
        s[i] = sigmoid(plane[i]);
      }
      for (int c = 0; c < classes; c++) {
        float p = prob[q][c];
        float[] a = acc[c];
        for (int i = 0; i < n; i++) {
          a[i] += p * s[i];
        }
      }
    }
    int[] out = new int[n];
    float[] best = acc[0].clone();
    for (int c = 1; c < classes; c++) {
      float[] a = acc[c];
      for (int i = 0; i < n; i++) {
        if (a[i] > best[i]) {
          best[i] = a[i];
          out[i] = c;
        }
      }
    }
    return out;
  }

  static String className(Mask2FormerConfig cfg, int label) {
    return label < cfg.classes().size() ? cfg.classes().get(label) : Integer.toString(label);
  }
}
