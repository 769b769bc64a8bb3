package org.iseg.engine.session;

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
 * A model whose answers are worked out by hand: a disk of {@code radius} around each click takes the click's
 * sign (1 or 0), later clicks painting over earlier ones; outside every disk the previous prediction stays, so
 * it is an ITER-M model and takes a start mask. Counts its calls so tests can tell when it ran.
 */
final class DiskClickModel implements IisModel {
  final AtomicInteger predictions = new AtomicInteger();
  final AtomicInteger starts = new AtomicInteger();
  private final int radius;

  DiskClickModel(int radius) {
    this.radius = radius;
  }

  @Override
  public String name() {
    return "disks";
  }

  @Override
  public State initialZ(Image x) {
    starts.incrementAndGet();
    return IisModel.super.initialZ(x);
  }

  @Override
  public State initialZ(Image x, Mask startMask) {
    starts.incrementAndGet();
    return new PreviousPrediction(ProbabilityMap.fromMask(startMask));
  }

  @Override
  public Prediction predict(Image x, State z, List<Click> pcs, List<Click> ncs) {
    predictions.incrementAndGet();
    float[] y = ((PreviousPrediction) z).probabilities().toArray();
    List<Click> clicks = new ArrayList<>(pcs);
    clicks.addAll(ncs);
    clicks.sort(Comparator.comparingInt(Click::index));
    for (Click click : clicks) {
      for (int r = 0; r < x.height(); r++) {
        for (int c = 0; c < x.width(); c++) {
          int dr = r - click.row();
          int dc = c - click.col();
          if (dr * dr + dc * dc <= radius * radius) {
            y[r * x.width() + c] = click.positive() ? 1f : 0f;
          }
        }
      }
    }
    ProbabilityMap map = ProbabilityMap.of(x.height(), x.width(), y);
    return new Prediction(map, new PreviousPrediction(map));
  }

  /** The disk of this model's radius around (row, col) in an h x w image. */
  Mask disk(int h, int w, int row, int col) {
    return Mask.fromPredicate(h, w, i -> {
      int dr = i / w - row;
      int dc = i % w - col;
      return dr * dr + dc * dc <= radius * radius;
    });
  }
}
