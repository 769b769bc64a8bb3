package org.iseg.metrics.segmentation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Semantic segmentation metrics (aAcc, mIoU, mAcc, mDice, mFscore) as mmsegmentation's {@code IoUMetric} and
 * EasyCV compute them: per image, pixels whose ground truth is the ignore index are dropped, then the per-class
 * areas of intersection, prediction and label are counted ({@code torch.histc} over 0..C-1: values outside are
 * not counted) and summed over the data set; the ratios come from the totals, not from per-image means.
 *
 * <pre>{@code
 * SemanticSegmentationMetrics metrics = SemanticSegmentationMetrics.create(8, 255);
 * metrics.add(prediction, groundTruth);          // int[] label maps of one image, same length
 * SemanticSegmentationResult r = metrics.result();
 * double mIoU = r.meanIou();                      // 0.5758583314712670 on golden/metrics
 * }</pre>
 *
 * <p>The totals are exact integers and the ratios float64, which is what EasyCV's {@code SegmentationEvaluator}
 * computes (float64 totals); mmseg 1.x sums the per-image float32 histograms in float32, which agrees while a
 * class's total stays below 2²⁴ pixels (on golden/metrics to 8e-8, and to the 2 printed decimals).
 *
 * <p>Not thread-safe: one accumulator per evaluation thread (results can be merged by summing the areas).
 */
public final class SemanticSegmentationMetrics {
  private final int numClasses;
  private final int ignoreIndex;
  private final boolean ignoring;
  private final long[] intersect;
  private final long[] prediction;
  private final long[] label;

  private SemanticSegmentationMetrics(int numClasses, int ignoreIndex, boolean ignoring) {
    if (numClasses <= 0) {
      throw new IllegalArgumentException("numClasses must be positive, got " + numClasses);
    }
    this.numClasses = numClasses;
    this.ignoreIndex = ignoreIndex;
    this.ignoring = ignoring;
    this.intersect = new long[numClasses];
    this.prediction = new long[numClasses];
    this.label = new long[numClasses];
  }

  /** An empty accumulator for classes 0..numClasses-1; ground-truth pixels equal to {@code ignoreIndex} are left out. */
  public static SemanticSegmentationMetrics create(int numClasses, int ignoreIndex) {
    return new SemanticSegmentationMetrics(numClasses, ignoreIndex, true);
  }

  /**
   * An empty accumulator without an ignore index (EasyCV's {@code ignore_index=None}): every pixel counts, and
   * ground-truth values outside 0..numClasses-1 still count for the prediction's area.
   */
  public static SemanticSegmentationMetrics create(int numClasses) {
    return new SemanticSegmentationMetrics(numClasses, 0, false);
  }

  /** Adds one image: prediction and ground truth label maps of the same pixels (any consistent order). */
  public SemanticSegmentationMetrics add(int[] predictionLabels, int[] groundTruthLabels) {
    if (predictionLabels.length != groundTruthLabels.length) {
      throw new IllegalArgumentException("prediction has " + predictionLabels.length
          + " pixels but the ground truth has " + groundTruthLabels.length);
    }
    for (int i = 0; i < groundTruthLabels.length; i++) {
      int g = groundTruthLabels[i];
      if (ignoring && g == ignoreIndex) {
        continue;
      }
      int p = predictionLabels[i];
      boolean pIn = p >= 0 && p < numClasses;
      if (pIn) {
        prediction[p]++;
        if (p == g) {
          intersect[p]++;
        }
      }
      if (g >= 0 && g < numClasses) {
        label[g]++;
      }
    }
    return this;
  }

  /** Adds one image from two label PNGs (greyscale or palette; the stored values are the labels). */
  public SemanticSegmentationMetrics add(Path predictionPng, Path groundTruthPng) {
    LabelImages.LabelMap p = LabelImages.readLabels(predictionPng);
    LabelImages.LabelMap g = LabelImages.readLabels(groundTruthPng);
    if (p.height() != g.height() || p.width() != g.width()) {
      throw new IllegalArgumentException("prediction " + predictionPng + " is " + p.height() + "x" + p.width()
          + " but its ground truth " + groundTruthPng + " is " + g.height() + "x" + g.width());
    }
    return add(p.values(), g.values());
  }

  /**
   * Every {@code *.png} of {@code groundTruthDir} (sorted by name) against the file of the same name in
   * {@code predictionDir}, which must exist.
   */
  public static SemanticSegmentationResult evaluateFolders(Path predictionDir, Path groundTruthDir, int numClasses,
      int ignoreIndex) {
    SemanticSegmentationMetrics metrics = create(numClasses, ignoreIndex);
    List<Path> files;
    try (Stream<Path> s = Files.list(groundTruthDir)) {
      files = s.filter(f -> f.getFileName().toString().endsWith(".png")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + groundTruthDir, e);
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no .png label maps in " + groundTruthDir);
    }
    for (Path gt : files) {
      metrics.add(predictionDir.resolve(gt.getFileName().toString()), gt);
    }
    return metrics.result();
  }

  /** The areas summed so far and the figures derived from them. */
  public SemanticSegmentationResult result() {
    long[] union = new long[numClasses];
    for (int c = 0; c < numClasses; c++) {
      union[c] = prediction[c] + label[c] - intersect[c];
    }
    return new SemanticSegmentationResult(intersect, union, prediction, label);
  }
}
