package org.iseg.models.fusion;

import java.util.List;
import org.iseg.api.spi.AbstractNamedProvider;
import org.iseg.api.spi.ClickEncoderProvider;

/**
 * A {@link ClickEncoderProvider} whose encoders also run on tensors ({@link TensorClickEncoder}); registered in
 * {@code META-INF/services/org.iseg.api.spi.ClickEncoderProvider} with the CPU encoders, and named by a network's
 * network's configuration ({@code NetworkConfig.clickEncoder}).
 */
public interface TensorClickEncoderProvider extends ClickEncoderProvider {

  /**
   * An encoder with {@code radius} in pixels of the network input, for click coordinates multiplied by {@code
   * spatialScale} (RITM's {@code DistMaps(norm_radius, spatial_scale)}).
   */
  TensorClickEncoder create(double radius, double spatialScale);

  @Override
  default TensorClickEncoder create(double radius) {
    return create(radius, 1);
  }

  /**
   * The tensor encoder registered as {@code name}.
   *
   * @throws IllegalArgumentException when no encoder has that name, or it encodes on the CPU only; the message
   *     lists the tensor encoders
   */
  static TensorClickEncoder create(String name, double radius, double spatialScale) {
    ClickEncoderProvider provider = ClickEncoderProvider.registry().get(name);
    if (provider instanceof TensorClickEncoderProvider tensors) {
      return tensors.create(radius, spatialScale);
    }
    List<String> usable = ClickEncoderProvider.registry().providers().stream()
        .filter(p -> p instanceof TensorClickEncoderProvider).map(ClickEncoderProvider::name).toList();
    throw new IllegalArgumentException("click encoder '" + name + "' encodes clicks on the CPU only; a network needs"
        + " one that encodes tensors: " + String.join(", ", usable));
  }

  /** RITM's {@link DistMaps}: {@code ritm-disks} ({@code use_disks=True}) and {@code ritm-distance}. */
  abstract class Ritm extends AbstractNamedProvider implements TensorClickEncoderProvider {
    private final boolean useDisks;

    Ritm(boolean useDisks) {
      super(useDisks ? DistMaps.DISKS : DistMaps.DISTANCE, "RITM's DistMaps on tensors, "
          + (useDisks ? "disks d^2 <= radius^2" : "tanh(2 d / radius)") + "; positive then negative channel");
      this.useDisks = useDisks;
    }

    @Override
    public TensorClickEncoder create(double radius, double spatialScale) {
      return new DistMaps((float) radius, (float) spatialScale, useDisks);
    }
  }

  /** {@code ritm-disks}. */
  final class RitmDisks extends Ritm {
    public RitmDisks() {
      super(true);
    }
  }

  /** {@code ritm-distance}. */
  final class RitmDistance extends Ritm {
    public RitmDistance() {
      super(false);
    }
  }
}
