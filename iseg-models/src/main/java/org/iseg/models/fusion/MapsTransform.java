package org.iseg.models.fusion;

import org.iseg.models.nn.Activations;
import org.iseg.models.nn.Conv2dBlock;
import org.iseg.models.nn.ScaleLayer;
import org.iseg.models.nn.Sequential;

/**
 * RITM's {@code maps_transform} for intermediate fusion: {@code Conv2d(c, 16, 1)}, {@code LeakyReLU(0.2)} (or
 * ReLU), {@code Conv2d(16, stem, 3, stride 2, padding 1)}, {@code ScaleLayer(init 0.05, lr_mult 1)}.
 *
 * <pre>{@code
 * Sequential mt = MapsTransform.create(3, 64, true);
 * }</pre>
 */
public final class MapsTransform {
  /** RITM's leaky ReLU slope. */
  public static final float LEAKY_SLOPE = 0.2f;
  /** RITM's ScaleLayer initial value. */
  public static final float SCALE_INIT = 0.05f;

  private MapsTransform() {}

  public static Sequential create(int coordChannels, int stemChannels, boolean leakyRelu) {
    return Sequential.of(
        Conv2dBlock.builder(coordChannels, 16).kernel(1).build(),
        leakyRelu ? Activations.leakyRelu(LEAKY_SLOPE) : Activations.relu(),
        Conv2dBlock.builder(16, stemChannels).kernel(3).stride(2).padding(1).build(),
        new ScaleLayer(SCALE_INIT, 1f));
  }
}
