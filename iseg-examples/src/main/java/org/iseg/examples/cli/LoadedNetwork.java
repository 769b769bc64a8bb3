package org.iseg.examples.cli;

import org.iseg.engine.predictors.PredictorNetwork;

/** A network ready for RITM's predictor, with the resource that frees it. */
record LoadedNetwork(PredictorNetwork network, AutoCloseable owner) implements AutoCloseable {
  @Override
  public void close() throws Exception {
    owner.close();
  }
}
