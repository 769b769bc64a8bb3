package org.iseg.examples.cli;

import org.iseg.models.IisNetwork;

/** The embedded default model that commands use when no --checkpoint is given. */
final class DefaultModels {
  static final String NAME = "iseg-default";

  private DefaultModels() {}

  static IisNetwork loadNetwork() {
    throw new IllegalStateException("this build has no embedded default model yet; pass --checkpoint PATH");
  }
}
