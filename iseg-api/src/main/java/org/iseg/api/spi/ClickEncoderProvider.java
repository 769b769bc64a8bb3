package org.iseg.api.spi;

import org.iseg.api.ClickEncoder;

/**
 * Creates click encoders of one kind ({@code disks}, {@code distance}, {@code gaussian}, ...);
 * registered in {@code META-INF/services/org.iseg.api.spi.ClickEncoderProvider}.
 */
public interface ClickEncoderProvider extends NamedProvider {
  /** An encoder with the given radius in pixels (the meaning of radius is the encoder's). */
  ClickEncoder create(double radius);

  static Registry<ClickEncoderProvider> registry() {
    return Registry.load(ClickEncoderProvider.class, "click encoder");
  }
}
