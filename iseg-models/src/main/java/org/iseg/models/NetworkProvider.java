package org.iseg.models;

import org.iseg.api.spi.NamedProvider;
import org.iseg.api.spi.Registry;

/**
 * Builds one kind of {@link IisNetwork} from a {@link NetworkConfig} whose {@link NetworkConfig#network()} is this
 * provider's name ({@code ritm}, {@code compact}); found with {@link java.util.ServiceLoader} through
 * {@code META-INF/services/org.iseg.models.NetworkProvider}, so a jar can add a network kind that
 * {@link IisNetworks#create} and every saved-network format then handle like the built-in ones.
 *
 * <pre>{@code
 * IisNetwork net = NetworkProvider.registry().get("compact").create(NetworkConfig.builder("compact")
 *     .network("compact").workingSize(256).build());
 * }</pre>
 */
public interface NetworkProvider extends NamedProvider {
  /** A network with freshly initialised (untrained) parameters, on the PyTorch engine. */
  IisNetwork create(NetworkConfig config);

  /** All network kinds on the class path; an unknown name fails listing the known ones. */
  static Registry<NetworkProvider> registry() {
    return Registry.load(NetworkProvider.class, "network");
  }
}
