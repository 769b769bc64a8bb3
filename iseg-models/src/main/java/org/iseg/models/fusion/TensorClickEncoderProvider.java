package org.iseg.models.fusion;

import java.util.List;
import org.iseg.api.spi.ClickEncoderProvider;

/**
 * A {@link ClickEncoderProvider} whose encoders also run on tensors ({@link TensorClickEncoder}); registered in
 * {@code META-INF/services/org.iseg.api.spi.ClickEncoderProvider} with the CPU encoders, and named by a network's
 * {@link org.iseg.models.NetworkConfig#clickEncoder()}.
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

  /** {@code ritm-disks}: RITM's {@link DistMaps} with {@code use_disks=True}. */
  final class RitmDisks implements TensorClickEncoderProvider {
    @Override
    public String name() {
      return "ritm-disks";
    }

    @Override
    public String description() {
      return "RITM's DistMaps disks on tensors (d^2 <= radius^2), positive then negative channel";
    }

    @Override
    public TensorClickEncoder create(double radius, double spatialScale) {
      return new DistMaps((float) radius, (float) spatialScale, true);
    }
  }

  /** {@code ritm-distance}: RITM's {@link DistMaps} distance maps ({@code use_disks=False}). */
  final class RitmDistance implements TensorClickEncoderProvider {
    @Override
    public String name() {
      return "ritm-distance";
    }

    @Override
    public String description() {
      return "RITM's DistMaps tanh(2 d / radius) on tensors, positive then negative channel";
    }

    @Override
    public TensorClickEncoder create(double radius, double spatialScale) {
      return new DistMaps((float) radius, (float) spatialScale, false);
    }
  }
}
