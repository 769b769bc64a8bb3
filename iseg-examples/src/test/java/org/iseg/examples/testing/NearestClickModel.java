package org.iseg.examples.testing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.iseg.api.Click;
import org.iseg.api.IisModel;
import org.iseg.api.Image;
import org.iseg.api.Mask;
import org.iseg.api.Prediction;
import org.iseg.api.PreviousPrediction;
import org.iseg.api.ProbabilityMap;
import org.iseg.api.State;

/**
 * A deterministic model whose answers a test can work out by hand: every pixel within {@code radius} of a click
 * takes the sign of its nearest click (ties go to the earlier click) as probability 1 or 0; pixels farther than
 * {@code radius} from every click keep the previous prediction (so it behaves like an ITER-M model and accepts a
 * start mask). With an infinite radius it is the plain nearest-click (Voronoi) model.
 */
public final class NearestClickModel implements IisModel {
  private final double radius;
  private final AtomicInteger predictions = new AtomicInteger();
  private final AtomicInteger closes = new AtomicInteger();

  private NearestClickModel(double radius) {
    this.radius = radius;
  }

  public static NearestClickModel unbounded() {
    return new NearestClickModel(Double.POSITIVE_INFINITY);
  }

  public static NearestClickModel withRadius(double radius) {
    return new NearestClickModel(radius);
  }

  public int predictions() {
    return predictions.get();
  }

  public int closes() {
    return closes.get();
  }

  @Override
  public String name() {
    return "nearest-click";
  }

  @Override
  public Prediction predict(Image x, State z, List<Click> pcs, List<Click> ncs) {
    predictions.incrementAndGet();
    int h = x.height();
    int w = x.width();
    float[] previous = z instanceof PreviousPrediction p ? p.probabilities().toArray() : new float[h * w];
    List<Click> clicks = new ArrayList<>(pcs);
    clicks.addAll(ncs);
    clicks.sort(Comparator.comparingInt(Click::index));
    double r2 = radius * radius;
    float[] y = new float[h * w];
    for (int r = 0; r < h; r++) {
      for (int c = 0; c < w; c++) {
        long best = Long.MAX_VALUE;
        boolean positive = false;
        for (Click click : clicks) {
          long dr = r - click.row();
          long dc = c - click.col();
          long d2 = dr * dr + dc * dc;
          if (d2 < best) { // strict: an equally near later click loses
            best = d2;
            positive = click.positive();
          }
        }
        int i = r * w + c;
        y[i] = best <= r2 ? (positive ? 1f : 0f) : previous[i];
      }
    }
    ProbabilityMap map = ProbabilityMap.of(h, w, y);
    return new Prediction(map, new PreviousPrediction(map));
  }

  @Override
  public State initialZ(Image x, Mask startMask) {
    startMask.requireSameSize("start mask", x);
    return new PreviousPrediction(ProbabilityMap.fromMask(startMask));
  }

  @Override
  public void close() {
    closes.incrementAndGet();
  }
}
