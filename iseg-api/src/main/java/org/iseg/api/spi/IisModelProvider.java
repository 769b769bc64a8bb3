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

  static Registry<IisModelProvider> registry() {
    return Registry.load(IisModelProvider.class, "model");
  }
}
