package org.iseg.models;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.iseg.models.backbones.Backbone;
import org.iseg.models.backbones.BackboneConfig;
import org.iseg.models.backbones.BackboneProvider;
import org.iseg.models.backbones.HighResolutionNet;
import org.iseg.models.backbones.HrnetBackbone;
import org.iseg.models.checkpoint.IsegCheckpoint;
import org.iseg.models.checkpoint.TensorData;
import org.iseg.models.checkpoint.TorchCheckpoint;
import org.iseg.models.fusion.DistMaps;
import org.iseg.models.fusion.Fusion;
import org.iseg.models.fusion.IisNetBlock;
import org.iseg.models.nn.StateDicts;
import org.iseg.models.ritm.RitmConfig;
import org.iseg.models.zoo.IisBlockFactory;

/**
 * Builds {@link IisNetwork}s: from a {@link NetworkConfig}, from RITM's checkpoint config, and from our own
 * saved checkpoints; loads state dicts by RITM's parameter names.
 *
 * <pre>{@code
 * IisNetwork net = IisNetworks.create(NetworkConfig.ritm("hrnet18s"));            // untrained
 * IisNetwork ritm = IisNetworks.fromRitmConfig(checkpoint.config());            // RITM architecture
 * IisNetworks.loadStateDict(ritm, checkpoint.stateDict(), "model.pth");          // RITM weights
 * IisNetworks.save(ritm, Path.of("out/model"));  IisNetworks.load(Path.of("out/model"));              // folder
 * IisNetworks.save(ritm, Path.of("model.safetensors"));  IisNetworks.load(Path.of("model.safetensors")); // one file
 * }</pre>
 */
public final class IisNetworks {
  /** File names of our own checkpoints (a directory). */
  public static final String CONFIG_FILE = "network.json";
  public static final String WEIGHTS_FILE = "weights.npz";
  /** DJL's model-folder description, so {@code Criteria.optModelPath(dir)} finds the block factory. */
  public static final String SERVING_FILE = "serving.properties";
  /** The ending that makes {@link #save} write one {@link IsegCheckpoint} file instead of a folder. */
  public static final String SINGLE_FILE_SUFFIX = ".safetensors";
  /** The {@link IsegCheckpoint} config key that holds a {@link NetworkConfig} as JSON. */
  static final String NETWORK_CONFIG_KEY = "iseg_network";

  private static final Pattern CUSTOM_HRNET = Pattern.compile("hrnet-w(\\d+)-ocr(\\d+)(-small)?");
  private static final Shape NOMINAL = new Shape(1, 3, 64, 64);

  private IisNetworks() {}

  /** A network with freshly initialised parameters on the PyTorch engine. */
  public static IisNetwork create(NetworkConfig config) {
    NDManager manager = Engine.getEngine("PyTorch").newBaseManager();
    try {
      int coordChannels = IisNetBlock.coordChannels(config.withPrevMask());
      int inChannels = config.fusion() == Fusion.EARLY ? 3 + coordChannels : 3;
      Backbone backbone = backbone(config.backbone(), BackboneConfig.withInputChannels(inChannels));
      IisNetBlock block = new IisNetBlock(backbone, config.fusion(),
          new DistMaps(config.normRadius(), config.spatialScale(), config.useDisks()), config.withPrevMask(),
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

  /** The network's parameters by state-dict name. */
  public static Map<String, Parameter> parameters(IisNetwork network) {
    return StateDicts.parameters(network.block());
  }

  /**
   * Saves {@code network} at {@code target}. A path ending in {@value #SINGLE_FILE_SUFFIX} becomes one
   * {@link IsegCheckpoint} file (safetensors, readable from Python; the {@link NetworkConfig} in its metadata).
   * Any other path becomes a directory: {@value #CONFIG_FILE} (its {@link NetworkConfig}) and
   * {@value #WEIGHTS_FILE} (every parameter and running statistic under its state-dict name, DJL's NPZ encoding,
   * readable by numpy), and {@value #SERVING_FILE}, which lets DJL load the folder with {@code optModelPath(dir)}
   * (see {@link org.iseg.models.zoo.IisBlockFactory}).
   */
  public static void save(IisNetwork network, Path target) throws IOException {
    if (isSingleFile(target)) {
      Map<String, TensorData> tensors = new LinkedHashMap<>();
      for (Map.Entry<String, Parameter> e : parameters(network).entrySet()) {
        NDArray a = e.getValue().getArray();
        tensors.put(e.getKey(), new TensorData(e.getKey(), a.getShape().getShape(),
            a.toType(DataType.FLOAT32, false).toFloatArray()));
      }
      IsegCheckpoint.write(target, tensors, Map.of(NETWORK_CONFIG_KEY, network.config().toJson()));
      return;
    }
    Path dir = target;
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(CONFIG_FILE), network.config().toJson(), StandardCharsets.UTF_8);
    Files.writeString(dir.resolve(SERVING_FILE), String.join("\n", "# DJL: Criteria.optModelPath(this folder)",
        "engine=PyTorch", "blockFactory=" + IisBlockFactory.class.getName(), "option.hasParameter=false", ""),
        StandardCharsets.UTF_8);
    NDList list = new NDList();
    try (NDManager tmp = network.manager().newSubManager()) {
      for (Map.Entry<String, Parameter> e : parameters(network).entrySet()) {
        NDArray copy = e.getValue().getArray().duplicate();
        copy.attach(tmp);
        copy.setName(e.getKey());
        list.add(copy);
      }
      try (OutputStream os = Files.newOutputStream(dir.resolve(WEIGHTS_FILE))) {
        list.encode(os, NDList.Encoding.NPZ);
      }
    }
  }

  /**
   * Loads a network saved by {@link #save}: a directory, or a {@value #SINGLE_FILE_SUFFIX} file (which may also be
   * a RITM checkpoint converted with its RITM config, as {@code iseg bench checkpoint} writes).
   */
  public static IisNetwork load(Path source) throws IOException {
    if (isSingleFile(source) && Files.isRegularFile(source)) {
      return loadSingleFile(source);
    }
    Path dir = source;
    Path configFile = dir.resolve(CONFIG_FILE);
    Path weightsFile = dir.resolve(WEIGHTS_FILE);
    if (!Files.isRegularFile(configFile) || !Files.isRegularFile(weightsFile)) {
      throw new NoSuchFileException(dir.toString(), null,
          "an iseg network directory needs " + CONFIG_FILE + " and " + WEIGHTS_FILE);
    }
    NetworkConfig config;
    try {
      config = NetworkConfig.fromJson(Files.readString(configFile, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(configFile + ": " + e.getMessage(), e);
    }
    IisNetwork network = create(config);
    try (NDManager tmp = network.manager().newSubManager(); InputStream in = Files.newInputStream(weightsFile)) {
      NDList list = NDList.decode(tmp, in);
      Map<String, NDArray> byName = new LinkedHashMap<>();
      for (NDArray a : list) {
        byName.put(a.getName(), a);
      }
      loadStateDict(network, byName, a -> a.getShape().getShape(),
          a -> a.toType(DataType.FLOAT32, false).toFloatArray(), weightsFile.toString());
      return network;
    } catch (IOException | RuntimeException e) {
      network.close();
      throw e;
    }
  }

  private static boolean isSingleFile(Path path) {
    return path.getFileName() != null && path.getFileName().toString().endsWith(SINGLE_FILE_SUFFIX);
  }

  private static IisNetwork loadSingleFile(Path file) {
    IsegCheckpoint checkpoint = IsegCheckpoint.read(file);
    Map<String, Object> config = checkpoint.config();
    IisNetwork network;
    if (config.get(NETWORK_CONFIG_KEY) instanceof String json) {
      try {
        network = create(NetworkConfig.fromJson(json));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
      }
    } else if (config.containsKey("class")) {
      network = fromRitmConfig(config);
    } else {
      throw new IllegalArgumentException(file + " holds " + checkpoint.stateDict().size() + " tensors but no network "
          + "config (neither '" + NETWORK_CONFIG_KEY + "' nor a RITM 'class'); write it with IisNetworks.save(network, "
          + "path" + SINGLE_FILE_SUFFIX + ")");
    }
    try {
      loadStateDict(network, checkpoint.stateDict(), file.toString());
      return network;
    } catch (RuntimeException e) {
      network.close();
      throw e;
    }
  }
}
