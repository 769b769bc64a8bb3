package org.iseg.engine.training.mask2former;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.iseg.api.Image;
import org.iseg.data.datasets.CocoDataset;
import org.iseg.engine.segmentation.MmcvTestPipeline;
import org.iseg.models.mask2former.Mask2FormerConfig;

/**
 * EasyCV's Mask2Former train pipeline on one COCO sample: {@code LoadPanopticAnnotations} (things = non-crowd
 * annotations of thing classes; the semantic map holds stuff classes, thing labels on thing pixels, 255 on void and
 * crowd), {@code MMRandomFlip}, {@code MMResize(ratio_range, keep_ratio)} (large-scale jitter: the scale times a
 * uniform ratio; image bilinear as OpenCV, masks and map nearest), {@code MMRandomCrop(allow_negative_crop)},
 * {@code MMFilterAnnotations(by_mask)} (empty masks dropped), {@code MMPad(size)} (image 128, masks 0, map 255),
 * {@code MMNormalize}; then {@code preprocess_panoptic_gt}: the targets are the things followed by one mask per
 * stuff class present in the map, at the padded size.
 *
 * <pre>{@code
 * Mask2FormerTrainPipeline.Sample s = Mask2FormerTrainPipeline.apply(data, 0, classOf, config, settings, random);
 * }</pre>
 */
public final class Mask2FormerTrainPipeline {
  private static final int IGNORE = 255;

  private Mask2FormerTrainPipeline() {}

  /**
   * A prepared sample.
   *
   * @param chw the normalised, padded RGB input, 3 x height x width
   * @param target the criterion's target at the same size
   */
  public record Sample(float[] chw, int height, int width, MaskSetTarget target) {}

  /**
   * Prepares sample {@code index} of {@code data}.
   *
   * @param classOf the model's class index of each of the file's category ids (index = position in
   *     {@code categoryIds})
   * @param categoryIds the file's category id of each class
   */
  public static Sample apply(CocoDataset data, int index, long[] categoryIds, Mask2FormerConfig config,
      Mask2FormerTrainSettings s, Random random) {
    Image image = data.image(index);
    int h = image.height();
    int w = image.width();
    int numThings = config.numThingClasses();
    List<boolean[]> things = new ArrayList<>();
    List<Integer> thingLabels = new ArrayList<>();
    int[] seg = new int[h * w];
    java.util.Arrays.fill(seg, IGNORE);
    for (CocoDataset.CocoAnnotation a : data.annotations(index)) {
      int c = classIndex(categoryIds, a.categoryId());
      if (c < 0) {
        throw new IllegalArgumentException("annotation " + a.id() + " of " + data.id(index) + " has category_id "
            + a.categoryId() + ", which the file's categories do not list");
      }
      boolean[] m = a.mask();
      if (a.crowd()) {
        continue; // iscrowd=False in EasyCV's train source: crowd pixels stay void
      }
      if (c < numThings) {
        things.add(m);
        thingLabels.add(c);
      }
      for (int p = 0; p < m.length; p++) {
        if (m[p] && seg[p] == IGNORE) {
          seg[p] = c;
        }
      }
    }
    byte[] rgb = image.toRgbBytes();
    if (random.nextDouble() < s.flipRatio()) {
      rgb = flip(rgb, h, w, 3);
      seg = flip(seg, h, w);
      things.replaceAll(m -> flip(m, h, w));
    }
    // large-scale jitter: img_scale x ratio, keep_ratio (mmcv's random_sample_ratio + rescale_size)
    double ratio = s.ratioMin() + random.nextDouble() * (s.ratioMax() - s.ratioMin());
    int[] size = MmcvTestPipeline.rescaleSize(h, w, (int) (s.scaleLong() * ratio), (int) (s.scaleShort() * ratio));
    int rh = Math.max(1, size[0]);
    int rw = Math.max(1, size[1]);
    byte[] resized = MmcvTestPipeline.resizeLinear(rgb, h, w, 3, rh, rw);
    int[] rowOf = nearest(h, rh);
    int[] colOf = nearest(w, rw);
    // random crop (allow_negative_crop: a crop without things is kept)
    int ch = Math.min(s.cropHeight(), rh);
    int cw = Math.min(s.cropWidth(), rw);
    int oy = random.nextInt(rh - ch + 1);
    int ox = random.nextInt(rw - cw + 1);
    int ph = s.cropHeight();
    int pw = s.cropWidth();
    Mask2FormerConfig.Pipeline p = config.pipeline();
    float[] chw = new float[3 * ph * pw];
    for (int c = 0; c < 3; c++) {
      float pad = (p.padValue()[2 - c] - p.mean()[c]) / p.std()[c]; // pad_val is per BGR channel
      for (int y = 0; y < ph; y++) {
        for (int x = 0; x < pw; x++) {
          float v = pad;
          if (y < ch && x < cw) {
            int q = (y + oy) * rw + (x + ox);
            v = ((resized[3 * q + c] & 0xff) - p.mean()[c]) / p.std()[c];
          }
          chw[(c * ph + y) * pw + x] = v;
        }
      }
    }
    List<float[]> masks = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    for (int t = 0; t < things.size(); t++) {
      float[] m = new float[ph * pw];
      boolean any = false;
      boolean[] src = things.get(t);
      for (int y = 0; y < ch; y++) {
        int sr = rowOf[y + oy] * w;
        for (int x = 0; x < cw; x++) {
          if (src[sr + colOf[x + ox]]) {
            m[y * pw + x] = 1f;
            any = true;
          }
        }
      }
      if (any) { // MMFilterAnnotations(by_mask=True)
        masks.add(m);
        labels.add(thingLabels.get(t));
      }
    }
    int numClasses = config.numClasses();
    float[][] stuff = new float[numClasses][];
    for (int y = 0; y < ch; y++) {
      int sr = rowOf[y + oy] * w;
      for (int x = 0; x < cw; x++) {
        int c = seg[sr + colOf[x + ox]];
        if (c >= numThings && c < numClasses) {
          if (stuff[c] == null) {
            stuff[c] = new float[ph * pw];
          }
          stuff[c][y * pw + x] = 1f;
        }
      }
    }
    for (int c = numThings; c < numClasses; c++) { // torch.unique order: ascending
      if (stuff[c] != null) {
        masks.add(stuff[c]);
        labels.add(c);
      }
    }
    float[] all = new float[masks.size() * ph * pw];
    for (int i = 0; i < masks.size(); i++) {
      System.arraycopy(masks.get(i), 0, all, i * ph * pw, ph * pw);
    }
    int[] lab = labels.stream().mapToInt(Integer::intValue).toArray();
    return new Sample(chw, ph, pw, new MaskSetTarget(lab, all, ph, pw));
  }

  private static int classIndex(long[] categoryIds, long id) {
    for (int c = 0; c < categoryIds.length; c++) {
      if (categoryIds[c] == id) {
        return c;
      }
    }
    return -1;
  }

  /** OpenCV's INTER_NEAREST source index ({@code floor(dst * in / out)}), as mmcv rescales masks. */
  static int[] nearest(int in, int out) {
    int[] idx = new int[out];
    double scale = (double) in / out;
    for (int i = 0; i < out; i++) {
      idx[i] = Math.min((int) Math.floor(i * scale), in - 1);
    }
    return idx;
  }

  private static byte[] flip(byte[] a, int h, int w, int channels) {
    return mirror(a, new byte[a.length], h, w, channels);
  }

  private static int[] flip(int[] a, int h, int w) {
    return mirror(a, new int[a.length], h, w, 1);
  }

  private static boolean[] flip(boolean[] a, int h, int w) {
    return mirror(a, new boolean[a.length], h, w, 1);
  }

  /** {@code dst} holding {@code src}'s h × w pixels ({@code channels} values each) mirrored left to right. */
  private static <A> A mirror(A src, A dst, int h, int w, int channels) {
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        System.arraycopy(src, (y * w + x) * channels, dst, (y * w + (w - 1 - x)) * channels, channels);
      }
    }
    return dst;
  }
}
