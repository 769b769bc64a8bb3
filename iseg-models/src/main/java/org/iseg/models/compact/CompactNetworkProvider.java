package org.iseg.models.compact;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.iseg.models.DjlIisNetwork;
import org.iseg.models.IisNetwork;
import org.iseg.models.NetworkConfig;
import org.iseg.models.NetworkProvider;
import org.iseg.models.fusion.Fusion;
import org.iseg.api.Normalization;
import org.iseg.api.spi.AbstractNamedProvider;
import org.iseg.models.fusion.TensorClickEncoderProvider;

/**
 * The {@code compact} network kind: a {@link CompactIisNet} whose widths the config's backbone names
 * ({@code compact-c1-c2-c3-c4}, or {@code compact} for {@link CompactIisNet.Width#DEFAULT}), click maps from the
 * config's click encoder ({@value CompactClickMaps#NAME}, disk radius {@code normRadius}), run at {@code
 * workingSize}.
 *
 * <pre>{@code
 * NetworkConfig c = CompactNetworkProvider.config(CompactIisNet.Width.DEFAULT, 256);
 * IisNetwork net = IisNetworks.create(c);
 * }</pre>
 */
public final class CompactNetworkProvider extends AbstractNamedProvider implements NetworkProvider {
  /** The network (and default backbone) name. */
  public static final String NAME = "compact";

  public CompactNetworkProvider() {
    super(NAME, "the CPU-friendly ITER-M network of the default model (backbone compact-c1-c2-c3-c4, workingSize)");
  }

  /** The config of a compact network of {@code width} run at {@code workingSize} (0 = at its input size). */
  public static NetworkConfig config(CompactIisNet.Width width, int workingSize) {
    return NetworkConfig.builder(width.backboneName()).network(NAME).fusion(Fusion.EARLY).useLeakyRelu(false)
        .clickEncoder(CompactClickMaps.NAME).workingSize(workingSize).build();
  }

  @Override
  public IisNetwork create(NetworkConfig config) {
    CompactIisNet.Width width = width(config.backbone());
    if (!config.withPrevMask() || !config.normalization().equals(Normalization.IMAGENET)) {
      throw new IllegalArgumentException("a compact network takes the previous mask and ImageNet normalisation; "
          + "build its config with CompactNetworkProvider.config(width, workingSize), got " + config);
    }
    if (config.workingSize() != NetworkConfig.INPUT_SIZE && config.workingSize() < 16) {
      throw new IllegalArgumentException("a compact network's workingSize must be >= 16 (or 0), got "
          + config.workingSize());
    }
    NDManager manager = NDManager.newBaseManager(Engine.getEngine("PyTorch").getEngineName());
    try {
      CompactIisNet net = new CompactIisNet(width,
          TensorClickEncoderProvider.create(config.clickEncoder(), config.normRadius(), config.spatialScale()));
      net.initialize(manager, DataType.FLOAT32, net.inputShapes(1, 32, 32));
      return new DjlIisNetwork(config, net, manager);
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  private static CompactIisNet.Width width(String backbone) {
    if (backbone.equals(NAME)) {
      return CompactIisNet.Width.DEFAULT;
    }
    if (!backbone.startsWith(NAME + "-")) {
      throw new IllegalArgumentException("a compact network's backbone must be 'compact' or compact-c1-c2-c3-c4, got '"
          + backbone + "'");
    }
    return CompactIisNet.Width.parse(backbone.substring(NAME.length() + 1), "compact backbone '" + backbone + "'");
  }
}
