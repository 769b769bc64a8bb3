package org.iseg.engine.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * A deterministic toy model with an exactly known output, used to check the evaluation protocol against RITM's
 * own outputs ({@code golden/eval-nearest-click}) and wherever a test needs answers it can work out by hand
 * (annotator, server, worked examples): every pixel takes the sign of its nearest click (squared Euclidean
 * distance in pixels, {@code (row - r)^2 + (col - c)^2}); on a tie the earlier click wins; probability 1 for a
 * positive click, 0 for a negative one.
 *
 * <pre>{@code
 * Evaluator.builder().model(NearestClickModel::unbounded).dataset(davis).build().run();
 * }</pre>
 *
 * <p>{@link #withRadius(double)} limits a click's reach: pixels farther than {@code radius} from every click keep
 * the previous prediction (the state's), so the model behaves like an ITER-M model and accepts a start mask
 * ({@link #initialZ(Image, Mask)}). {@link #unbounded()} is the plain nearest-click (Voronoi) model RITM's golden
 * evaluation uses. The model counts its predictions and closes for tests that check who calls it.
 *
 * <p>Incremental: the state keeps, per pixel, the squared distance to its nearest click so far, so a new click
 * only changes the pixels strictly closer to it, and rows farther from it than any of their current distances
 * are skipped. The first prediction made from a state takes its arrays over instead of copying them (the
 * usual forward-only interaction); predicting from a state a second time (an undo) recomputes from its clicks,
 * so every state stays usable. Thread-safe: the model's fields are counters, and a state hands its arrays over
 * once.
 *
 * <p>Lives in iseg-engine's test-jar (type {@code test-jar}, scope {@code test}): a test fixture, never shipped.
 */
public final class NearestClickModel implements IisModel {
  /** Largest side for which squared distances fit in an {@code int}. */
  private static final int MAX_SIDE = 32_000;

  private final double radius;
  private final AtomicInteger predictions = new AtomicInteger();
  private final AtomicInteger closes = new AtomicInteger();

  private NearestClickModel(double radius) {
    this.radius = radius;
  }

  /** The plain nearest-click model: every pixel takes the sign of its nearest click. */
  public static NearestClickModel unbounded() {
    return new NearestClickModel(Double.POSITIVE_INFINITY);
  }

  /** Clicks reach {@code radius} pixels (inclusive); farther pixels keep the previous prediction. */
  public static NearestClickModel withRadius(double radius) {
    return new NearestClickModel(radius);
  }

  /** How many times {@link #predict} ran. */
  public int predictions() {
    return predictions.get();
  }

  /** How many times {@link #close} ran. */
  public int closes() {
    return closes.get();
  }

  @Override
  public String name() {
    return "nearest-click";
  }

  @Override
  public State initialZ(Image x) {
    return Nearest.NONE;
  }

  @Override
  public State initialZ(Image x, Mask startMask) {
    startMask.requireSameSize("start mask", x);
    return new PreviousPrediction(ProbabilityMap.fromMask(startMask));
  }

  @Override
  public Prediction predict(Image x, State z, List<Click> pcs, List<Click> ncs) {
    predictions.incrementAndGet();
    int h = x.height();
    int w = x.width();
    if (h > MAX_SIDE || w > MAX_SIDE) {
      throw new IllegalArgumentException(
          "nearest-click model handles images up to " + MAX_SIDE + " px a side, got " + h + "x" + w);
    }
    List<Click> clicks = new ArrayList<>(pcs.size() + ncs.size());
    clicks.addAll(pcs);
    clicks.addAll(ncs);
    clicks.sort(Comparator.comparingInt(Click::index));
    for (Click c : clicks) {
      c.requireInside(h, w);
    }

    Nearest previous = z instanceof Nearest n && n.continues(clicks, h, w) && n.takeOver() ? n : Nearest.NONE;
    int[] d2;
    float[] probs;
    int[] rowMax;
    if (previous.clicks.isEmpty()) {
      d2 = new int[h * w];
      Arrays.fill(d2, Integer.MAX_VALUE);
      probs = new float[h * w];
      rowMax = new int[h];
      Arrays.fill(rowMax, Integer.MAX_VALUE);
    } else {
      d2 = previous.d2;
      probs = previous.probs;
      rowMax = previous.rowMax;
    }
    for (int k = previous.clicks.size(); k < clicks.size(); k++) {
      apply(clicks.get(k), d2, probs, rowMax, h, w);
    }
    if (radius == Double.POSITIVE_INFINITY) {
      ProbabilityMap y = ProbabilityMap.of(h, w, probs);
      return new Prediction(y, new Nearest(List.copyOf(clicks), h, w, d2, probs, rowMax, y));
    }
    // Pixels beyond every click's reach keep the previous prediction: the state's (a continued state's
    // previous prediction holds them already, since clicks only ever add reach).
    float[] before = previousPrediction(z, h, w);
    double r2 = radius * radius;
    float[] values = new float[h * w];
    for (int i = 0; i < values.length; i++) {
      values[i] = d2[i] != Integer.MAX_VALUE && d2[i] <= r2 ? probs[i] : before[i];
    }
    ProbabilityMap y = ProbabilityMap.of(h, w, values);
    return new Prediction(y, new Nearest(List.copyOf(clicks), h, w, d2, probs, rowMax, y));
  }

  @Override
  public void close() {
    closes.incrementAndGet();
  }

  private static float[] previousPrediction(State z, int h, int w) {
    if (z instanceof PreviousPrediction p) {
      return p.probabilities().toArray();
    }
    if (z instanceof Nearest n && n.height == h && n.width == w) {
      return n.y.toArray();
    }
    return new float[h * w];
  }

  /** Pixels strictly closer to {@code click} than to every earlier click take its sign. */
  private static void apply(Click click, int[] d2, float[] probs, int[] rowMax, int h, int w) {
    int cr = click.row();
    int cc = click.col();
    float value = click.positive() ? 1f : 0f;
    for (int r = 0; r < h; r++) {
      int dr = r - cr;
      int dr2 = dr * dr;
      if (dr2 >= rowMax[r]) {
        continue;   // every pixel of this row is at least as close to an earlier click
      }
      int base = r * w;
      int max = 0;
      for (int c = 0; c < w; c++) {
        int dc = c - cc;
        int d = dr2 + dc * dc;
        int i = base + c;
        if (d < d2[i]) {
          d2[i] = d;
          probs[i] = value;
        }
        max = Math.max(max, d2[i]);
      }
      rowMax[r] = max;
    }
  }

  /**
   * The clicks seen so far, per pixel the squared distance to the nearest one and its sign, and the prediction
   * made from them.
   */
  private static final class Nearest implements State {
    static final Nearest NONE =
        new Nearest(List.of(), 0, 0, new int[0], new float[0], new int[0], ProbabilityMap.zeros(1, 1));

    final List<Click> clicks;
    final int height;
    final int width;
    final int[] d2;
    final float[] probs;
    final int[] rowMax;
    final ProbabilityMap y;
    private final AtomicBoolean available = new AtomicBoolean(true);

    Nearest(List<Click> clicks, int height, int width, int[] d2, float[] probs, int[] rowMax, ProbabilityMap y) {
      this.clicks = clicks;
      this.height = height;
      this.width = width;
      this.d2 = d2;
      this.probs = probs;
      this.rowMax = rowMax;
      this.y = y;
    }

    /** Whether {@code clicks} extends the clicks of this state on an image of the same size. */
    boolean continues(List<Click> next, int h, int w) {
      return !clicks.isEmpty() && height == h && width == w && next.size() >= clicks.size()
          && next.subList(0, clicks.size()).equals(clicks);
    }

    /** True once: the caller may then update this state's arrays in place. */
    boolean takeOver() {
      return available.compareAndSet(true, false);
    }

    @Override
    public String toString() {
      return "NearestClickModel.State[" + clicks.size() + " clicks]";
    }
  }
}
