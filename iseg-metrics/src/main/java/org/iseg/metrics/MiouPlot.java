package org.iseg.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A PNG plot of mIoU against the number of clicks, one line per model, like RITM's
 * {@code scripts/plot_ious_analysis.py} ("mIoU after every click for &lt;dataset&gt;"). Draws headless: the
 * {@code java.awt.headless} property is set to {@code true} unless the caller chose otherwise.
 *
 * <pre>{@code
 * MiouPlot.write(dir.resolve("GrabCut-miou.png"), List.of(resultA, resultB));   // same dataset
 * }</pre>
 */
public final class MiouPlot {
  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private MiouPlot() {}

  /** Plots the curves of results on one dataset (labels: model and pipeline) to {@code png}. */
  public static void write(Path png, List<DatasetResult> results) {
    if (results.isEmpty()) {
      throw new IllegalArgumentException("no results to plot");
    }
    String dataset = results.get(0).dataset();
    Map<String, float[]> curves = new LinkedHashMap<>();
    for (DatasetResult r : results) {
      if (!r.dataset().equals(dataset)) {
        throw new IllegalArgumentException(
            "one plot shows one dataset; got " + dataset + " and " + r.dataset() + ": plot them separately");
      }
      String label = r.model() + " (" + r.pipeline() + ")";
      if (curves.containsKey(label)) {
        label = label + " #" + (curves.size() + 1);
      }
      curves.put(label, r.miouAtClick());
    }
    write(png, "mIoU after every click for " + dataset, curves);
  }

  /** Plots named mIoU curves ({@code curve[k]} = mIoU after k + 1 clicks) to {@code png}. */
  public static void write(Path png, String title, Map<String, float[]> curves) {
    byte[] bytes = toPng(title, curves);
    try {
      Path parent = png.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.write(png, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write plot " + png + ": " + e.getMessage(), e);
    }
  }

  /** The PNG bytes of the plot. */
  public static byte[] toPng(String title, Map<String, float[]> curves) {
    if (curves.isEmpty()) {
      throw new IllegalArgumentException("no curves to plot");
    }
    XYChart chart = new XYChartBuilder().width(1000).height(600).title(title)
        .xAxisTitle("Number of clicks").yAxisTitle("mIoU").build();
    Styler styler = chart.getStyler();
    styler.setLegendPosition(Styler.LegendPosition.InsideSE);
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setYAxisMax(1.0);
    chart.getStyler().setXAxisDecimalPattern("#");
    chart.getStyler().setYAxisDecimalPattern("0.00");
    for (Map.Entry<String, float[]> e : curves.entrySet()) {
      float[] y = e.getValue();
      if (y.length == 0) {
        throw new IllegalArgumentException("curve '" + e.getKey() + "' is empty");
      }
      double[] xs = new double[y.length];
      double[] ys = new double[y.length];
      for (int i = 0; i < y.length; i++) {
        xs[i] = i + 1;
        ys[i] = y[i];
      }
      chart.addSeries(e.getKey(), xs, ys).setMarker(SeriesMarkers.CIRCLE);
    }
    try {
      return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode the mIoU plot as PNG: " + e.getMessage(), e);
    }
  }
}
