package org.iseg.examples.annotator;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.iseg.api.IisModel;
import org.iseg.engine.predictors.PredictorConfig;
import org.iseg.engine.predictors.PredictorNetwork;
import org.iseg.engine.predictors.RitmPredictor;
import org.iseg.engine.predictors.ZoomIn;

/**
 * Connects the annotator's ZoomIn controls to iseg-engine's {@link RitmPredictor}: every settings change builds
 * a predictor over the same network with the chosen ZoomIn (RITM's demo rebuilds its predictor the same way).
 *
 * <pre>{@code
 * PredictorNetwork network = ...;   // the click network, shared by every predictor
 * try (RitmPredictorFactory predictors = RitmPredictorFactory.over("hrnet18s", network,
 *     PredictorConfig.builder().withFlip(true).build())) {
 *   Annotator.open(predictors.defaultPredictor(), Optional.empty(), predictors);
 * }
 * }</pre>
 *
 * Flip averaging and LimitLongestSide come from the base configuration; ZoomIn comes from the annotator's
 * settings; the network clicks limit is applied by the annotator, not here. The predictors share the network
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

  /** A predictor over this factory's network for {@code settings}; this factory closes it. */
  public synchronized IisModel create(PredictorSettings settings) {
    Optional<ZoomIn> zoomIn = settings.zoomIn().enabled()
        ? Optional.of(toEngine(settings.zoomIn())) : Optional.empty();
    RitmPredictor predictor = new RitmPredictor(name, network,
        new PredictorConfig(zoomIn, base.maxSize(), base.withFlip(), OptionalInt.empty()));
    created.add(predictor);
    return predictor;
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
