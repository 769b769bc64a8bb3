package org.iseg.examples.annotator;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.iseg.api.IisModel;
import org.iseg.engine.predictors.BrsConfig;
import org.iseg.engine.predictors.BrsMode;
import org.iseg.engine.predictors.PredictorConfig;
import org.iseg.engine.predictors.PredictorNetwork;
import org.iseg.engine.predictors.RitmPredictor;
import org.iseg.engine.predictors.ZoomIn;

/**
 * Connects the annotator's ZoomIn and BRS controls to iseg-engine's {@link RitmPredictor}: every settings change
 * builds a predictor over the same network with the chosen ZoomIn and BRS type, as RITM's demo
 * ({@code _reset_predictor}) rebuilds its predictor: BRS with the demo's {@code min_iou_diff} 1e-3, the chosen
 * L-BFGS-B {@code maxfun} and network clicks limit.
 *
 * <pre>{@code
 * PredictorNetwork network = ...;   // the click network, shared by every predictor
 * try (RitmPredictorFactory predictors = RitmPredictorFactory.over("hrnet18s", network,
 *     PredictorConfig.builder().withFlip(true).build())) {
 *   Annotator.open(predictors.defaultPredictor(), Optional.empty(), predictors);
 * }
 * }</pre>
 *
 * Flip averaging and LimitLongestSide come from the base configuration; ZoomIn and BRS come from the annotator's
 * settings; with NoBRS the network clicks limit is applied by the annotator, not here. A BRS type the network
 * cannot run (f-BRS without HRNet, any BRS on the embedded compact network) is refused when the predictor is
 * built, with the engine's message. The predictors share the network
 * and never close it; {@link #close()} frees the predictors this factory made.
 */
public final class RitmPredictorFactory implements PredictorFactory, AutoCloseable {
  private final String name;
  private final PredictorNetwork network;
  private final PredictorConfig base;
  private final List<RitmPredictor> created = new ArrayList<>();

  private RitmPredictorFactory(String name, PredictorNetwork network, PredictorConfig base) {
    this.name = Objects.requireNonNull(name, "name");
    this.network = Objects.requireNonNull(network, "network");
    this.base = Objects.requireNonNull(base, "base");
  }

  /** A factory of predictors named {@code name} over {@code network}. */
  public static RitmPredictorFactory over(String name, PredictorNetwork network, PredictorConfig base) {
    return new RitmPredictorFactory(name, network, base);
  }

  /** A predictor for {@link PredictorSettings#defaults()}: the model to hand to {@link Annotator#open}. */
  public IisModel defaultPredictor() {
    return create(PredictorSettings.defaults());
  }

  /** Ignores {@code model} (the network is this factory's) and builds a predictor for {@code settings}. */
  @Override
  public IisModel create(IisModel model, PredictorSettings settings) {
    return create(settings);
  }

  /**
   * A predictor over this factory's network for {@code settings}; this factory closes it.
   *
   * @throws IllegalArgumentException when the network cannot run the BRS type, saying why and what to use
   */
  public synchronized IisModel create(PredictorSettings settings) {
    RitmPredictor predictor = new RitmPredictor(name, network, config(settings));
    created.add(predictor);
    return predictor;
  }

  /** The engine's configuration for {@code settings} over this factory's base (flip, LimitLongestSide). */
  PredictorConfig config(PredictorSettings settings) {
    Optional<ZoomIn> zoomIn = settings.zoomIn().enabled()
        ? Optional.of(toEngine(settings.zoomIn())) : Optional.empty();
    PredictorConfig plain = new PredictorConfig(zoomIn, base.maxSize(), base.withFlip(), OptionalInt.empty());
    if (settings.brsMode() == BrsMode.NO_BRS) {
      return plain;
    }
    // RITM's net_clicks_limit: the first n clicks reach the network (no limit: all of them).
    OptionalInt limit = OptionalInt.of(settings.netClicksLimit().orElse(Integer.MAX_VALUE));
    return new PredictorConfig(zoomIn, base.maxSize(), base.withFlip(), limit)
        .withBrs(BrsConfig.of(settings.brsMode()).withMinIouDiff(1e-3).withMaxFun(settings.lbfgsMaxIterations()));
  }

  @Override
  public boolean supportsBrs() {
    return true;
  }

  /** The engine's ZoomIn for the annotator's settings: fixed crop is a square {@code targetSize} crop. */
  public static ZoomIn toEngine(PredictorSettings.ZoomIn settings) {
    int size = settings.targetSize();
    return ZoomIn.builder()
        .cropSize(settings.fixedCrop() ? new ZoomIn.Fixed(size, size) : new ZoomIn.LongestSide(size))
        .skipClicks(settings.skipClicks())
        .expansionRatio(settings.expansionRatio())
        .build();
  }

  @Override
  public synchronized void close() {
    for (RitmPredictor predictor : created) {
      predictor.close();
    }
    created.clear();
  }
}
