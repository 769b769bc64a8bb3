package org.iseg.api.spi;

import java.util.Map;
import org.iseg.api.IisModel;

/**
 * Creates models of one kind from string options (a checkpoint path, a device, ...), so that command lines and
 * configuration files can name a model; registered in
 * {@code META-INF/services/org.iseg.api.spi.IisModelProvider}.
 */
public interface IisModelProvider extends NamedProvider {
  /**
   * A new model. Unknown or missing options fail with a message that names the option.
   *
   * @param options provider-specific settings, e.g. {@code checkpoint=/path/model.pth}
   */
  IisModel create(Map<String, String> options);

  /**
   * Refuses options that {@code model} does not know, naming them and the known ones.
   *
   * @throws IllegalArgumentException when {@code options} has a key outside {@code known}
   */
  static void requireKnownOptions(String model, Map<String, String> options, java.util.Set<String> known) {
    java.util.Set<String> unknown = new java.util.TreeSet<>(options.keySet());
    unknown.removeAll(known);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("model '" + model + "' does not know option(s) " + unknown + "; known: "
          + new java.util.TreeSet<>(known));
    }
  }

  static Registry<IisModelProvider> registry() {
    return Registry.load(IisModelProvider.class, "model");
  }
}
