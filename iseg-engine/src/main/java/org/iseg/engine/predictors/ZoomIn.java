package org.iseg.engine.predictors;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * RITM's ZoomIn transform ({@code isegm/inference/transforms/zoom_in.py}): after the first {@code skipClicks}
 * clicks the network sees a crop around the object (previous prediction {@code > probThresh} plus the positive
 * clicks, box expanded by {@code expansionRatio}, at least {@code minCropSize}, clamped to the image) resized
 * to {@code cropSize}; the crop is kept until a positive click leaves it or the new box's IoU with it drops
 * below {@code recomputeThreshIou}. The crop's probabilities are resized back and pasted into zeros.
 *
 * <pre>{@code
 * ZoomIn zoom = ZoomIn.builder().build();                         // RITM's evaluation defaults (target 400)
 * ZoomIn davis = ZoomIn.builder().cropSize(new ZoomIn.LongestSide(600)).build();
 * ZoomIn fixed = ZoomIn.builder().cropSize(new ZoomIn.Fixed(400, 400)).skipClicks(-1).build();   // "fixed400"
 * }</pre>
 *
 * @param cropSize how a crop is resized for the network
 * @param skipClicks the network sees the whole image while there are at most this many clicks; negative: from
 *     the first click on, a crop (the whole image while nothing is predicted)
 * @param expansionRatio the box around the object is scaled by this about its centre
 * @param minCropSize the smallest side of a crop before clamping, in image pixels
 * @param recomputeThreshIou a new crop is taken when the box IoU of the current and the kept crop is below this
 * @param probThresh probabilities above this form the object whose box is taken (RITM: 0.5, strictly greater)
 */
public record ZoomIn(
    CropSize cropSize,
    int skipClicks,
    double expansionRatio,
    int minCropSize,
    double recomputeThreshIou,
    double probThresh) {

  public ZoomIn {
    if (cropSize == null) {
      throw new IllegalArgumentException("cropSize is required (ZoomIn.LongestSide(400) in RITM)");
    }
    if (!(expansionRatio > 0)) {
      throw new IllegalArgumentException("expansionRatio must be > 0, got " + expansionRatio);
    }
    if (minCropSize < 0) {
      throw new IllegalArgumentException("minCropSize must be >= 0, got " + minCropSize);
    }
  }

  /** How a crop is resized for the network. */
  public sealed interface CropSize permits LongestSide, Fixed {
    /** {@code {height, width}} of the resized crop of a {@code roi}. */
    int[] resized(Roi roi);
  }

  /** The longer side becomes {@code size}, the aspect ratio is kept (RITM's {@code target_size=400}). */
  public record LongestSide(int size) implements CropSize {
    public LongestSide {
      if (size <= 0) {
        throw new IllegalArgumentException("crop size must be positive, got " + size);
      }
    }

    @Override
    public int[] resized(Roi roi) {
      double scale = (double) size / Math.max(roi.height(), roi.width());
      return new int[] {(int) Math.rint(roi.height() * scale), (int) Math.rint(roi.width() * scale)};
    }
  }

  /** Every crop becomes {@code height x width} (RITM's {@code target_size=(400, 400)} of "fixed400"). */
  public record Fixed(int height, int width) implements CropSize {
    public Fixed {
      if (height <= 0 || width <= 0) {
        throw new IllegalArgumentException("crop size must be positive, got " + height + "x" + width);
      }
    }

    @Override
    public int[] resized(Roi roi) {
      return new int[] {height, width};
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * What the transform does for one prediction.
   *
   * @param roi the kept crop after this step (also what the inverse resizes to and pastes into), if any
   * @param crop whether the network input is the crop of {@code roi} (false: the whole image goes through)
   * @param updated whether the crop was (re)computed at this step (RITM's {@code image_changed}, which resets
   *     input-BRS's optimised correction)
   */
  public record Plan(Optional<Roi> roi, boolean crop, boolean updated) {
    /** A plan that (re)computes its crop exactly when it crops. */
    public Plan(Optional<Roi> roi, boolean crop) {
      this(roi, crop, crop);
    }
  }

  /**
   * RITM's {@code ZoomIn.transform} decision.
   *
   * @param keptRoi the crop kept from the previous prediction, if any
   * @param previousProbs the previous prediction, row-major {@code height x width}
   * @param clicks all clicks so far in image coordinates
   */
  public Plan plan(Optional<Roi> keptRoi, float[] previousProbs, int height, int width, List<NetClick> clicks) {
    if (clicks.size() <= skipClicks) {
      return new Plan(keptRoi, false, false);
    }
    Optional<Roi> current = objectRoi(previousProbs, height, width, clicks);
    if (current.isEmpty()) {
      if (skipClicks >= 0) {
        // RITM keeps its old crop for the inverse even though the network saw the whole image here.
        return new Plan(keptRoi, false, false);
      }
      current = Optional.of(Roi.whole(height, width));
    }
    Roi roi = current.get();
    if (keptRoi.isPresent()
        && containsPositiveClicks(keptRoi.get(), clicks)
        && roi.iou(keptRoi.get()) >= recomputeThreshIou) {
      return new Plan(keptRoi, true, false);
    }
    return new Plan(Optional.of(roi), true, true);
  }

  /**
   * RITM's {@code get_object_roi}: the box of {@code probs > probThresh} with the positive clicks added, expanded
   * and clamped; empty when nothing is above the threshold (the clicks alone do not make an object).
   */
  public Optional<Roi> objectRoi(float[] probs, int height, int width, List<NetClick> clicks) {
    boolean[] mask = new boolean[probs.length];
    boolean any = false;
    for (int i = 0; i < probs.length; i++) {
      if (probs[i] > probThresh) {
        mask[i] = true;
        any = true;
      }
    }
    if (!any) {
      return Optional.empty();
    }
    for (NetClick click : clicks) {
      if (click.positive()) {
        mask[(int) click.row() * width + (int) click.col()] = true;
      }
    }
    return Roi.boundingBox(mask, height, width).map(b -> b.expand(expansionRatio, minCropSize).clamp(height, width));
  }

  /**
   * RITM's {@code check_object_roi}: every positive click lies in the crop, the last row and column excluded
   * (RITM compares {@code coord >= max} as outside).
   */
  public static boolean containsPositiveClicks(Roi roi, List<NetClick> clicks) {
    for (NetClick click : clicks) {
      if (click.positive()
          && (click.row() < roi.rowMin()
              || click.row() >= roi.rowMax()
              || click.col() < roi.colMin()
              || click.col() >= roi.colMax())) {
        return false;
      }
    }
    return true;
  }

  /**
   * RITM's {@code check_possible_recalculation}, asked after a prediction made without a crop: true when a crop
   * (object box without clicks) would cover less than half of the image by box IoU, so the prediction is redone
   * zoomed in. Only with {@code skipClicks <= 0}.
   */
  public boolean recalculate(Optional<Roi> keptRoi, float[] newProbs, int height, int width) {
    if (keptRoi.isPresent() || skipClicks > 0) {
      return false;
    }
    return objectRoi(newProbs, height, width, List.of())
        .map(roi -> roi.iou(Roi.whole(height, width)) < 0.5)
        .orElse(false);
  }

  /** RITM's {@code _transform_clicks}: image coordinates to the coordinates of a crop resized to {@code h x w}. */
  public static List<NetClick> toCrop(List<NetClick> clicks, Roi roi, int cropHeight, int cropWidth) {
    List<NetClick> out = new ArrayList<>(clicks.size());
    for (NetClick click : clicks) {
      out.add(
          click.withCoords(
              cropHeight * (click.row() - roi.rowMin()) / roi.height(),
              cropWidth * (click.col() - roi.colMin()) / roi.width()));
    }
    return out;
  }

  /** Builder starting from RITM's defaults: target 400 (longest side), skip 1, ratio 1.4, min 200, IoU 0.5, p 0.5. */
  public static final class Builder {
    private CropSize cropSize = new LongestSide(400);
    private int skipClicks = 1;
    private double expansionRatio = 1.4;
    private int minCropSize = 200;
    private double recomputeThreshIou = 0.5;
    private double probThresh = 0.5;

    private Builder() {}

    public Builder cropSize(CropSize cropSize) {
      this.cropSize = cropSize;
      return this;
    }

    /** Shorthand for {@code cropSize(new LongestSide(size))}. */
    public Builder targetSize(int size) {
      return cropSize(new LongestSide(size));
    }

    public Builder skipClicks(int skipClicks) {
      this.skipClicks = skipClicks;
      return this;
    }

    public Builder expansionRatio(double expansionRatio) {
      this.expansionRatio = expansionRatio;
      return this;
    }

    public Builder minCropSize(int minCropSize) {
      this.minCropSize = minCropSize;
      return this;
    }

    public Builder recomputeThreshIou(double recomputeThreshIou) {
      this.recomputeThreshIou = recomputeThreshIou;
      return this;
    }

    public Builder probThresh(double probThresh) {
      this.probThresh = probThresh;
      return this;
    }

    public ZoomIn build() {
      return new ZoomIn(cropSize, skipClicks, expansionRatio, minCropSize, recomputeThreshIou, probThresh);
    }
  }
}
