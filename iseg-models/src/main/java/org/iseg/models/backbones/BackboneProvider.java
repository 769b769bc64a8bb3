package org.iseg.models.backbones;

import org.iseg.api.spi.NamedProvider;
import org.iseg.api.spi.Registry;

/**
 * Creates backbones by name ({@code hrnet18s}, {@code hrnet18}, {@code hrnet32}, ...); found with
 * {@link java.util.ServiceLoader} through {@code META-INF/services/org.iseg.models.backbones.BackboneProvider}.
 *
 * <pre>{@code
 * Backbone b = BackboneProvider.registry().get("hrnet18").create(BackboneConfig.rgb());
 * }</pre>
 */
public interface BackboneProvider extends NamedProvider {
  /** A new backbone with freshly initialised (untrained) parameters once its block is initialised. */
  Backbone create(BackboneConfig config);

  /** All backbones on the class path; an unknown name fails listing the known ones. */
  static Registry<BackboneProvider> registry() {
    return Registry.load(BackboneProvider.class, "backbone");
  }
}
