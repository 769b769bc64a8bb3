package org.iseg.engine.training;

import java.util.Arrays;
import java.util.Locale;

/**
 * What one training epoch did: mean training loss, samples and speed, learning rate, and the validation figures
 * (loss with the sampled initial clicks; mean IoU after 1..k clicks of the RITM robot).
 *
 * @param epoch the 1-based epoch number
 * @param trainLoss mean loss over the epoch's batches
 * @param samples training samples in the epoch
 * @param seconds wall time of the epoch (training and validation)
 * @param lr learning rate at the end of the epoch
 * @param valLoss validation loss, NaN without a validation set
 * @param valIou mean IoU after 1, 2, ... clicks (empty without a validation set)
 */
public record EpochMetrics(int epoch, double trainLoss, long samples, double seconds, double lr, double valLoss,
    double[] valIou) {
  public EpochMetrics {
    valIou = valIou.clone();
  }

  @Override
  public double[] valIou() {
    return valIou.clone();
  }

  /** The IoU after the last validated click, NaN without validation. */
  public double finalValIou() {
    return valIou.length == 0 ? Double.NaN : valIou[valIou.length - 1];
  }

  static String csvHeader(int clicks) {
    StringBuilder sb = new StringBuilder("epoch,train_loss,samples,seconds,samples_per_second,lr,val_loss");
    for (int k = 1; k <= clicks; k++) {
      sb.append(",val_iou@").append(k);
    }
    return sb.toString();
  }

  String csvRow() {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%d,%.6f,%d,%.1f,%.3f,%.3e,%.6f", epoch,
        trainLoss, samples, seconds, samples / Math.max(seconds, 1e-9), lr, valLoss));
    for (double v : valIou) {
      sb.append(String.format(Locale.ROOT, ",%.5f", v));
    }
    return sb.toString();
  }

  /** Parses a row written by {@link #csvRow} (seconds and lr at the row's precision). */
  static EpochMetrics fromCsvRow(String row) {
    String[] f = row.split(",");
    if (f.length < 7) {
      throw new IllegalArgumentException("not a metrics row (fewer than 7 fields): " + row);
    }
    double[] iou = new double[f.length - 7];
    for (int i = 0; i < iou.length; i++) {
      iou[i] = Double.parseDouble(f[7 + i]);
    }
    return new EpochMetrics(Integer.parseInt(f[0]), Double.parseDouble(f[1]), Long.parseLong(f[2]),
        Double.parseDouble(f[3]), Double.parseDouble(f[5]), Double.parseDouble(f[6]), iou);
  }

  String json() {
    StringBuilder iou = new StringBuilder("[");
    for (int i = 0; i < valIou.length; i++) {
      iou.append(i == 0 ? "" : ", ").append(num(valIou[i]));
    }
    iou.append(']');
    return String.format(Locale.ROOT, "{\"epoch\": %d, \"train_loss\": %s, \"samples\": %d, \"seconds\": %.2f, "
        + "\"lr\": %s, \"val_loss\": %s, \"val_iou\": %s}", epoch, num(trainLoss), samples, seconds, num(lr),
        num(valLoss), iou);
  }

  private static String num(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "null";
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "epoch %d: train loss %.4f, %d samples in %.1f s, lr %.2e, val loss %.4f,"
        + " val IoU %s", epoch, trainLoss, samples, seconds, lr, valLoss, Arrays.toString(valIou));
  }
}
