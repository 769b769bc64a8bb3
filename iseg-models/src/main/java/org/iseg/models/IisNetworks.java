package org.iseg.models;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.nio.file.Path;
import org.iseg.api.spi.AbstractNamedProvider;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.iseg.models.backbones.Backbone;
import org.iseg.models.backbones.BackboneConfig;
import org.iseg.models.backbones.BackboneProvider;
import org.iseg.models.backbones.HighResolutionNet;
import org.iseg.models.backbones.HrnetBackbone;
import org.iseg.models.checkpoint.TensorData;
import org.iseg.models.checkpoint.TorchCheckpoint;
import org.iseg.models.nn.BatchNormFolding;
import org.iseg.models.nn.ConvolutionKernels;
import org.iseg.models.nn.NativeCheck;
import org.iseg.models.fusion.Fusion;
import org.iseg.models.fusion.IisNetBlock;
import org.iseg.models.fusion.TensorClickEncoderProvider;
import org.iseg.models.nn.Ops;
import org.iseg.models.nn.StateDicts;

/**
 * Builds {@link IisNetwork}s: from a {@link NetworkConfig} (through the {@link NetworkProvider} it names) and from
 * RITM's checkpoint config; loads state dicts by RITM's parameter names. Files of every format are read and
 * written by {@link org.iseg.models.zoo.ModelFiles}.
 *
 * <pre>{@code
 * IisNetwork net = IisNetworks.create(NetworkConfig.ritm("hrnet18s"));            // untrained
 * IisNetwork ritm = IisNetworks.fromRitmConfig(checkpoint.config());            // RITM architecture
 * IisNetworks.loadStateDict(ritm, checkpoint.stateDict(), "model.pth");          // RITM weights
 * }</pre>
 */
public final class IisNetworks {
  private static final Pattern CUSTOM_HRNET = Pattern.compile("hrnet-w(\\d+)-ocr(\\d+)(-small)?");
  private static final Shape NOMINAL = new Shape(1, 3, 64, 64);

  private IisNetworks() {}

  /**
   * A network with freshly initialised parameters on the PyTorch engine, built by the {@link NetworkProvider}
   * that {@link NetworkConfig#network()} names.
   */
  public static IisNetwork create(NetworkConfig config) {
    NativeCheck.requireSoundFloat32();
    return NetworkProvider.registry().get(config.network()).create(config);
  }

  private static IisNetwork createRitm(NetworkConfig config) {
    NDManager manager = Engine.getEngine("PyTorch").newBaseManager();
    try {
      int coordChannels = IisNetBlock.coordChannels(config.withPrevMask());
      int inChannels = config.fusion() == Fusion.EARLY ? 3 + coordChannels : 3;
      Backbone backbone = backbone(config.backbone(), BackboneConfig.withInputChannels(inChannels));
      IisNetBlock block = new IisNetBlock(backbone, config.fusion(),
          TensorClickEncoderProvider.create(config.clickEncoder(), config.normRadius(), config.spatialScale()),
          config.withPrevMask(),
          config.useLeakyRelu(), config.normalization());
      Shape mask = new Shape(1, 1, NOMINAL.get(2), NOMINAL.get(3));
      Shape points = new Shape(1, 2, 3);
      if (config.withPrevMask()) {
        block.initialize(manager, DataType.FLOAT32, NOMINAL, mask, points);
      } else {
        block.initialize(manager, DataType.FLOAT32, NOMINAL, points);
      }
      return new DjlIisNetwork(config, block, manager);
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /** A backbone by registry name, or {@code hrnet-w<W>-ocr<O>[-small]} for any HRNet+OCR size. */
  public static Backbone backbone(String name, BackboneConfig config) {
    Matcher m = CUSTOM_HRNET.matcher(name);
    if (m.matches()) {
      return HrnetBackbone.create(
          new HighResolutionNet.Spec(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), m.group(3) != null),
          config);
    }
    return BackboneProvider.registry().get(name).create(config);
  }

  /**
   * The architecture described by RITM's checkpoint config ({@code {'class': ..., 'params': {...}}}, as in
   * {@code model._config}), with untrained parameters. Only {@code isegm.model.is_hrnet_model.HRNetModel} is
   * supported; other classes or unsupported options fail naming them.
   */
  public static IisNetwork fromRitmConfig(Map<String, Object> ritmConfig) {
    return create(RitmConfig.parse(ritmConfig).toNetworkConfig());
  }

  /**
   * Loads a state dict (names exactly as in PyTorch, e.g. {@code feature_extractor.conv1.weight}); every
   * parameter must be present with its shape, unknown tensors are refused (PyTorch's {@code num_batches_tracked}
   * is skipped). Fails with {@link org.iseg.models.nn.StateDictMismatchException} naming {@code source} and each
   * missing/unexpected tensor and shape mismatch, before changing anything.
   *
   * @param shapeOf the shape of a tensor of the map
   * @param valuesOf its values as float32, row-major
   */
  public static <T> void loadStateDict(IisNetwork network, Map<String, T> stateDict, Function<T, long[]> shapeOf,
      Function<T, float[]> valuesOf, String source) {
    StateDicts.load(network.block(), stateDict, shapeOf, valuesOf, network.manager(), source);
  }

  /** {@link #loadStateDict(IisNetwork, Map, Function, Function, String)} for a checkpoint's tensors. */
  public static void loadStateDict(IisNetwork network, Map<String, TensorData> stateDict, String source) {
    loadStateDict(network, stateDict, TensorData::shape, TensorData::values, source);
  }

  /**
   * A RITM checkpoint ({@code torch.save({'state_dict': ..., 'config': model._config})}, e.g. the official
   * {@code coco_lvis_h18s_itermask.pth}) as a network: the architecture from its config, then its weights.
   *
   * @throws IllegalArgumentException naming the file when the config is absent or unsupported, or the weights do
   *     not fit ({@link org.iseg.models.nn.StateDictMismatchException})
   */
  public static IisNetwork fromRitmCheckpoint(TorchCheckpoint checkpoint) {
    String source = checkpoint.file().toString();
    if (checkpoint.config().isEmpty()) {
      throw new IllegalArgumentException(source + " holds no RITM 'config'; build the network with "
          + "IisNetworks.create(NetworkConfig...) and load its state dict with loadStateDict");
    }
    NetworkConfig config;
    try {
      config = RitmConfig.parse(checkpoint.config()).toNetworkConfig();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
    IisNetwork network = create(config);
    try {
      loadStateDict(network, checkpoint.stateDict(), source);
      return network;
    } catch (RuntimeException e) {
      network.close();
      throw e;
    }
  }

  /** {@link #fromRitmCheckpoint(TorchCheckpoint)} of a {@code .pth} file. */
  public static IisNetwork fromRitmCheckpoint(Path pthFile) {
    return fromRitmCheckpoint(TorchCheckpoint.read(pthFile));
  }

  /**
   * Prepares a network that will only run inference: folds its batch norms into the convolutions before them
   * ({@link BatchNormFolding}), checked on a fixed input, and lets its convolutions pick their CPU kernels
   * ({@link ConvolutionKernels}). Afterwards the network refuses training-mode forwards; saving still writes its
   * parameters unchanged. {@code -Diseg.fold-batchnorm=false} leaves the batch norms as they are.
   */
  public static BatchNormFolding.Result forInference(IisNetwork network) {
    ConvolutionKernels.useFor(network.block());
    if (!Boolean.parseBoolean(System.getProperty("iseg.fold-batchnorm", "true"))) {
      return new BatchNormFolding.Result(0, 0, "-Diseg.fold-batchnorm=false");
    }
    try (NDManager m = network.manager().newSubManager()) {
      int h = 96;
      int w = 128;
      // Deterministic, varied values: every channel and position is exercised.
      NDArray image = Ops.mul(Ops.mul(m.arange(0f, 3f * h * w, 1f), 0.013f).sin().add(1f), 0.5f).reshape(1, 3, h, w);
      Optional<NDArray> prev = network.withPrevMask()
          ? Optional.of(Ops.mul(Ops.mul(m.arange(0f, (float) h * w, 1f), 0.007f).cos().add(1f), 0.5f).reshape(1, 1, h, w))
          : Optional.empty();
      NDArray points = m.create(new float[] {40, 60, 0, 10, 20, 1}, new Shape(1, 2, 3));
      return BatchNormFolding.fold(network.block(), () -> {
        NetOutput out = network.forward(image, prev, points);
        NDList list = new NDList(out.instances());
        out.instancesAux().ifPresent(list::add);
        return list;
      });
    }
  }

  /**
   * A network of {@code config} holding a copy of the parameters of {@code trained}, a block of the same
   * architecture trained outside an {@link IisNetwork} (such as a {@code CompactIisNet} given to the engine's
   * trainer), so it can be saved and used like any network.
   */
  public static IisNetwork withParametersOf(NetworkConfig config, Block trained) {
    IisNetwork network = create(config);
    try {
      loadStateDict(network, StateDicts.parameters(trained), p -> p.getShape().getShape(),
          p -> p.getArray().toType(DataType.FLOAT32, false).toFloatArray(), "trained " + trained);
      return network;
    } catch (RuntimeException e) {
      network.close();
      throw e;
    }
  }

  /**
   * Which parameters (by state-dict name) train at RITM's {@code backbone_lr_mult}: those of the feature extractor
   * its {@link Backbone#trainsAtBackboneRate backbone} names; none for a network without one.
   */
  public static Predicate<String> atBackboneRate(IisNetwork network) {
    if (!(network.block() instanceof IisNetBlock block)) {
      return name -> false;
    }
    Backbone backbone = block.backbone();
    String prefix = IisNetBlock.FEATURE_EXTRACTOR + ".";
    return name -> name.startsWith(prefix) && backbone.trainsAtBackboneRate(name.substring(prefix.length()));
  }

  /** The network's parameters by state-dict name. */
  public static Map<String, Parameter> parameters(IisNetwork network) {
    return StateDicts.parameters(network.block());
  }

  /**
   * The {@value NetworkConfig#RITM} networks: RITM's {@code ISModel} (normalisation, click maps, fusion) around
   * a {@link org.iseg.models.backbones.BackboneProvider backbone}.
   */
  public static final class RitmNetworkProvider extends AbstractNamedProvider implements NetworkProvider {
    public RitmNetworkProvider() {
      super(NetworkConfig.RITM,
          "RITM's ISModel around a backbone (hrnet18s, hrnet18, hrnet32, resnet34, resnet50, hrnet-w<W>-ocr<O>)");
    }

    @Override
    public IisNetwork create(NetworkConfig config) {
      return createRitm(config);
    }
  }
}
