package org.iseg.examples.annotator;

import org.iseg.api.IisModel;

/**
 * Turns the user's model and the annotator's {@link PredictorSettings} into the model the annotator calls, for
 * example a ZoomIn predictor wrapping the network. The annotator asks for a new predictor whenever the settings
 * change, as RITM's demo resets its predictor.
 *
 * <pre>{@code
 * PredictorFactory zoomIn = (model, settings) ->
 *     settings.zoomIn().enabled() ? new MyZoomInPredictor(model, settings.zoomIn()) : model;
 * Annotator.open(model, Optional.empty(), zoomIn);
 * }</pre>
 *
 * With NoBRS the network clicks limit is applied by the annotator itself (it decides which clicks to pass), so
 * a factory only has to handle ZoomIn; a factory that {@linkplain #supportsBrs() runs RITM's BRS types} also
 * gets the BRS type, RITM's network clicks limit and the optimiser's evaluations. The annotator never closes
 * what a factory returns: a factory that allocates resources frees them itself ({@link RitmPredictorFactory#close()} does).
 */
@FunctionalInterface
public interface PredictorFactory {

  /** The model to call for the given settings; must not close {@code model}. */
  IisModel create(IisModel model, PredictorSettings settings);

  /** Whether this factory honours {@link PredictorSettings#zoomIn()}; the view greys ZoomIn out otherwise. */
  default boolean supportsZoomIn() {
    return true;
  }

  /**
   * Whether this factory runs {@link PredictorSettings#brsMode()} other than NoBRS; the view greys the BRS type
   * out otherwise, and the controller refuses one with a message.
   */
  default boolean supportsBrs() {
    return false;
  }

  /** Calls the model on the whole image whatever the settings say (no ZoomIn available). */
  PredictorFactory PLAIN = new PredictorFactory() {
    @Override
    public IisModel create(IisModel model, PredictorSettings settings) {
      return model;
    }

    @Override
    public boolean supportsZoomIn() {
      return false;
    }

    @Override
    public String toString() {
      return "PredictorFactory.PLAIN";
    }
  };
}
