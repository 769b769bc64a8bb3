package org.iseg.examples.cli;

import ai.djl.training.ParameterStore;
import org.iseg.engine.training.CompactIisModel;
import org.iseg.engine.training.CompactPredictorNetwork;
import org.iseg.engine.training.DefaultModel;

/**
 * The embedded default model (a CompactIisNet trained on BSDS500, shipped inside iseg-engine) that commands use
 * when no --checkpoint is given, behind the same RITM predictor (ZoomIn, flip) as any checkpoint.
 */
final class DefaultModels {
  static final String NAME = "iseg-default";

  private DefaultModels() {}

  static LoadedNetwork load() {
    CompactIisModel base = DefaultModel.load(false);
    return new LoadedNetwork(
        new CompactPredictorNetwork(base.network(), new ParameterStore(base.manager(), false), base.workingSize()),
        base);
  }
}
