package org.iseg.models.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.iseg.models.IisNetwork;
import org.iseg.models.IisNetworks;
import org.iseg.models.NetworkConfig;
import org.iseg.models.checkpoint.IsegCheckpoint;
import org.iseg.models.checkpoint.TensorData;

/**
 * The one place that knows the network file formats, reading and writing all of them; the command line, DJL's
 * {@link IisBlockFactory} and the zoo go through it.
 *
 * <ul>
 *   <li>{@link Format#NETWORK_FOLDER}: {@value #CONFIG_FILE} (the {@link NetworkConfig}), {@value #WEIGHTS_FILE}
 *       (every parameter and running statistic under its state-dict name, DJL's NPZ encoding, readable by numpy)
 *       and {@value #SERVING_FILE}, which lets DJL load the folder with {@code Criteria.optModelPath(dir)};
 *   <li>{@link Format#SAFETENSORS}: one {@link IsegCheckpoint} file ({@value #SINGLE_FILE_SUFFIX}, readable from
 *       Python) with the {@link NetworkConfig} in its metadata, or a RITM checkpoint converted with its RITM config;
 *   <li>{@link Format#RITM_CHECKPOINT}: RITM's {@code torch.save({'state_dict', 'config'})} {@code .pth} (read only).
 * </ul>
 *
 * <pre>{@code
 * ModelFiles.save(network, Path.of("out/model"));               // a folder
 * ModelFiles.save(network, Path.of("model.safetensors"));       // one file
 * try (IisNetwork net = ModelFiles.load(Path.of("coco_lvis_h18s_itermask.pth"))) { ... }
 * }</pre>
 */
public final class ModelFiles {
  /** File names of a network folder. */
  public static final String CONFIG_FILE = "network.json";
  public static final String WEIGHTS_FILE = "weights.npz";
  /** DJL's model-folder description, so {@code Criteria.optModelPath(dir)} finds the block factory. */
  public static final String SERVING_FILE = "serving.properties";
  /** The ending that makes {@link #save} write one {@link IsegCheckpoint} file instead of a folder. */
  public static final String SINGLE_FILE_SUFFIX = ".safetensors";
  /** The ending of RITM's checkpoints. */
  public static final String RITM_SUFFIX = ".pth";
  /** The {@link IsegCheckpoint} config key that holds a {@link NetworkConfig} as JSON. */
  static final String NETWORK_CONFIG_KEY = "iseg_network";

  /** The formats a network can be stored in. */
  public enum Format {
    NETWORK_FOLDER,
    SAFETENSORS,
    RITM_CHECKPOINT
  }

  private ModelFiles() {}

  /**
   * The format of an existing {@code path}: a folder with {@value #CONFIG_FILE}, a {@value #SINGLE_FILE_SUFFIX} file,
   * or any other file (RITM's checkpoints end in {@value #RITM_SUFFIX}, but are read whatever their name); empty
   * when it does not exist or is another folder.
   */
  public static Optional<Format> formatOf(Path path) {
    if (Files.isRegularFile(path.resolve(CONFIG_FILE))) {
      return Optional.of(Format.NETWORK_FOLDER);
    }
    if (!Files.isRegularFile(path)) {
      return Optional.empty();
    }
    // any other file is read as RITM's torch.save zip, which names the file when it is not one
    return Optional.of(path.getFileName().toString().endsWith(SINGLE_FILE_SUFFIX) ? Format.SAFETENSORS
        : Format.RITM_CHECKPOINT);
  }

  /** What {@link #load} accepts, for messages. */
  public static String describeFormats() {
    return "a RITM " + RITM_SUFFIX + " checkpoint, an iseg network folder (" + CONFIG_FILE + " + " + WEIGHTS_FILE
        + ") or an iseg " + SINGLE_FILE_SUFFIX + " file";
  }

  /**
   * The network stored at {@code source}, in any {@link Format}.
   *
   * @throws FileNotFoundException naming {@code source} and the accepted formats when it is none of them
   */
  public static IisNetwork load(Path source) throws IOException {
    Format format = formatOf(source).orElseThrow(() -> new FileNotFoundException(source.toAbsolutePath()
        + (Files.exists(source) ? " is not " : " does not exist; expected ") + describeFormats()));
    return switch (format) {
      case NETWORK_FOLDER -> loadFolder(source);
      case SAFETENSORS -> loadSingleFile(source);
      case RITM_CHECKPOINT -> IisNetworks.fromRitmCheckpoint(source);
    };
  }

  /**
   * A network stored as a class-path resource in {@value #SINGLE_FILE_SUFFIX} form (such as the default model),
   * read like any other file.
   */
  public static IisNetwork loadResource(Class<?> anchor, String resource) throws IOException {
    Path tmp = Files.createTempFile("iseg-network-", SINGLE_FILE_SUFFIX);
    try (InputStream in = anchor.getResourceAsStream(resource)) {
      if (in == null) {
        throw new FileNotFoundException("resource " + resource + " is missing from the class path of "
            + anchor.getName() + "; rebuild the jar that holds it");
      }
      Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
      return loadSingleFile(tmp);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Saves {@code network} at {@code target}: one {@link Format#SAFETENSORS} file when it ends in {@value
   * #SINGLE_FILE_SUFFIX}, else a {@link Format#NETWORK_FOLDER}.
   */
  public static void save(IisNetwork network, Path target) throws IOException {
    Map<String, Parameter> parameters = IisNetworks.parameters(network);
    if (target.getFileName() != null && target.getFileName().toString().endsWith(SINGLE_FILE_SUFFIX)) {
      Map<String, TensorData> tensors = new LinkedHashMap<>();
      for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
        NDArray a = e.getValue().getArray();
        tensors.put(e.getKey(), new TensorData(e.getKey(), a.getShape().getShape(),
            a.toType(DataType.FLOAT32, false).toFloatArray()));
      }
      IsegCheckpoint.write(target, tensors, Map.of(NETWORK_CONFIG_KEY, network.config().toJson()));
      return;
    }
    Files.createDirectories(target);
    Files.writeString(target.resolve(CONFIG_FILE), network.config().toJson(), StandardCharsets.UTF_8);
    Files.writeString(target.resolve(SERVING_FILE), String.join("\n", "# DJL: Criteria.optModelPath(this folder)",
        "engine=PyTorch", "blockFactory=" + IisBlockFactory.class.getName(), "option.hasParameter=false", ""),
        StandardCharsets.UTF_8);
    NDList list = new NDList();
    try (NDManager tmp = network.manager().newSubManager()) {
      for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
        NDArray copy = e.getValue().getArray().duplicate();
        copy.attach(tmp);
        copy.setName(e.getKey());
        list.add(copy);
      }
      try (OutputStream os = Files.newOutputStream(target.resolve(WEIGHTS_FILE))) {
        list.encode(os, NDList.Encoding.NPZ);
      }
    }
  }

  /**
   * The file or folder {@code pathOrName} names: an existing path as it is, else the name of a published RITM
   * checkpoint ({@link PretrainedRegistry#ritm()}), downloaded into the cache when online.
   *
   * @throws IllegalArgumentException naming it and the known names when it is neither
   */
  public static Path resolve(String pathOrName) {
    Path path = Path.of(pathOrName);
    if (Files.exists(path)) {
      return path;
    }
    return WeightsDownloader.builder().build().resolve(pathOrName, PretrainedRegistry.ritm());
  }

  private static IisNetwork loadFolder(Path dir) throws IOException {
    Path configFile = dir.resolve(CONFIG_FILE);
    Path weightsFile = dir.resolve(WEIGHTS_FILE);
    if (!Files.isRegularFile(weightsFile)) {
      throw new FileNotFoundException(dir + " has " + CONFIG_FILE + " but no " + WEIGHTS_FILE
          + "; save the network again with ModelFiles.save(network, folder)");
    }
    NetworkConfig config;
    try {
      config = NetworkConfig.fromJson(Files.readString(configFile, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(configFile + ": " + e.getMessage(), e);
    }
    IisNetwork network = IisNetworks.create(config);
    try (NDManager tmp = network.manager().newSubManager(); InputStream in = Files.newInputStream(weightsFile)) {
      NDList list = NDList.decode(tmp, in);
      Map<String, NDArray> byName = new LinkedHashMap<>();
      for (NDArray a : list) {
        byName.put(a.getName(), a);
      }
      IisNetworks.loadStateDict(network, byName, a -> a.getShape().getShape(),
          a -> a.toType(DataType.FLOAT32, false).toFloatArray(), weightsFile.toString());
      return network;
    } catch (IOException | RuntimeException e) {
      network.close();
      throw e;
    }
  }

  private static IisNetwork loadSingleFile(Path file) {
    IsegCheckpoint checkpoint = IsegCheckpoint.read(file);
    Map<String, Object> config = checkpoint.config();
    IisNetwork network;
    if (config.get(NETWORK_CONFIG_KEY) instanceof String json) {
      try {
        network = IisNetworks.create(NetworkConfig.fromJson(json));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
      }
    } else if (config.containsKey("class")) {
      network = IisNetworks.fromRitmConfig(config);
    } else {
      throw new IllegalArgumentException(file + " holds " + checkpoint.stateDict().size() + " tensors but no network "
          + "config (neither '" + NETWORK_CONFIG_KEY + "' nor a RITM 'class'); write it with ModelFiles.save(network, "
          + "path" + SINGLE_FILE_SUFFIX + ")");
    }
    try {
      IisNetworks.loadStateDict(network, checkpoint.stateDict(), file.toString());
      return network;
    } catch (RuntimeException e) {
      network.close();
      throw e;
    }
  }
}
