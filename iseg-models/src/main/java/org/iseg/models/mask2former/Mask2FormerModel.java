package org.iseg.models.mask2former;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.iseg.models.checkpoint.CheckpointException;
import org.iseg.models.checkpoint.TensorData;
import org.iseg.models.checkpoint.TorchCheckpoint;
import org.iseg.models.nn.NativeCheck;
import org.iseg.models.nn.StateDicts;

/**
 * A Mask2Former network with its weights, imported from an EasyCV export ({@code tools/export.py}:
 * {@code torch.save({'state_dict', 'meta': {'config': ConfigDict}, 'author'})}) without Python: the network is built
 * from the checkpoint's own {@code meta.config}, which also gives the classes, palette, test pipeline and
 * post-processing settings.
 *
 * <pre>{@code
 * try (Mask2FormerModel model = Mask2FormerModel.load(Path.of("mask2former_r50_instance_export.pth"));
 *     NDManager scope = NDManager.newBaseManager()) {
 *   Mask2FormerNetwork.Output out = model.predict(scope.create(pixels, new Shape(1, 3, h, w)));
 * }
 * }</pre>
 */
public final class Mask2FormerModel implements AutoCloseable {
  private final Path file;
  private final NDManager manager;
  private final Mask2FormerNetwork network;
  private final ParameterStore parameters;
  private final DataType precision;

  private Mask2FormerModel(Path file, NDManager manager, Mask2FormerNetwork network, DataType precision) {
    this.file = file;
    this.precision = precision;
    this.manager = manager;
    this.network = network;
    this.parameters = new ParameterStore(manager, false);
  }

  /**
   * Reads an EasyCV Mask2Former export.
   *
   * @throws CheckpointException naming the file when it is not a PyTorch checkpoint, not an EasyCV export, not a
   *     Mask2Former config this port can build, or when its tensors do not fit the network its config describes
   */
  public static Mask2FormerModel load(Path file) {
    return fromCheckpoint(TorchCheckpoint.read(file), DataType.FLOAT32);
  }

  /**
   * {@link #load} computing in {@code precision}: {@link DataType#FLOAT32} (PyTorch's) or {@link DataType#FLOAT64},
   * about twice as slow but free of our own float32 rounding, so that its results differ from EasyCV's float32 ones
   * only by EasyCV's rounding (the masked attention's hard threshold makes a float32 port flip a decision that sits
   * within its rounding noise of 0).
   */
  public static Mask2FormerModel load(Path file, DataType precision) {
    return fromCheckpoint(TorchCheckpoint.read(file), precision);
  }

  /** {@link #load} from a checkpoint already read. */
  public static Mask2FormerModel fromCheckpoint(TorchCheckpoint checkpoint, DataType precision) {
    if (precision != DataType.FLOAT32 && precision != DataType.FLOAT64) {
      throw new IllegalArgumentException("Mask2Former computes in float32 or float64, not " + precision);
    }
    Path file = checkpoint.file();
    Mask2FormerConfig config = configOf(checkpoint);
    Mask2FormerNetwork network = new Mask2FormerNetwork(config);
    Map<String, TensorData> weights = new LinkedHashMap<>();
    checkpoint.stateDict().forEach((name, tensor) -> {
      if (!name.startsWith("criterion.")) {   // SetCriterion's class weights: training only
        weights.put(name.startsWith("module.") ? name.substring("module.".length()) : name, tensor);
      }
    });
    NDManager manager = Engine.getEngine("PyTorch").newBaseManager();
    try {
      StateDicts.load(network, weights, TensorData::shape, TensorData::values, manager, file.toString());
    } catch (RuntimeException e) {
      manager.close();
      throw new CheckpointException("checkpoint " + file + " does not fit the Mask2Former network its own config "
          + "describes: " + e.getMessage(), e);
    }
    if (precision == DataType.FLOAT64) {
      for (Parameter p : StateDicts.parameters(network).values()) {
        p.getArray().intern(p.getArray().toType(DataType.FLOAT64, false));
      }
    }
    return new Mask2FormerModel(file, manager, network, precision);
  }

  /**
   * The Mask2Former config of an EasyCV export.
   *
   * @throws CheckpointException when the checkpoint holds no EasyCV config or not a Mask2Former one
   */
  public static Mask2FormerConfig configOf(TorchCheckpoint checkpoint) {
    Path file = checkpoint.file();
    Map<String, Object> cfg = checkpoint.config();
    if (cfg.isEmpty()) {
      throw new CheckpointException("checkpoint " + file + " is not an EasyCV export: it has no meta.config (expected "
          + "torch.save({'state_dict': ..., 'meta': {'config': ...}}) as EasyCV's tools/export.py writes it)");
    }
    if (!(cfg.get("model") instanceof Map<?, ?>)) {
      String hint = checkpoint.configClass().map(c -> " (it looks like a RITM checkpoint of " + c + ")").orElse("");
      throw new CheckpointException("checkpoint " + file + " is not an EasyCV Mask2Former export: its config has no "
          + "'model' entry" + hint);
    }
    try {
      return Mask2FormerConfig.fromEasyCv(cfg, file.toString());
    } catch (IllegalArgumentException e) {
      throw new CheckpointException(e.getMessage(), e);
    }
  }

  public Path file() {
    return file;
  }

  public Mask2FormerConfig config() {
    return network.config();
  }

  public Mask2FormerNetwork network() {
    return network;
  }

  /** The type the network computes in. */
  public DataType precision() {
    return precision;
  }

  /**
   * One forward pass on a preprocessed B x 3 x H x W batch (converted to {@link #precision()}); every result belongs
   * to {@code image}'s manager.
   */
  public Mask2FormerNetwork.Output predict(NDArray image) {
    return predict(image, null);
  }

  /** {@link #predict(NDArray)} that also records the intermediates under the golden {@code net-io.npz} names. */
  public Mask2FormerNetwork.Output predict(NDArray image, Map<String, NDArray> taps) {
    NativeCheck.requireSoundFloat32();
    if (image.getDataType() != precision) {
      image = image.toType(precision, false);
    }
    return network.predict(parameters, image, taps);
  }

  /**
   * The training forward pass ({@link Mask2FormerNetwork#forwardTrain}): parameters whose arrays require gradients
   * receive them from a {@code GradientCollector}'s backward pass. Results belong to {@code image}'s manager.
   */
  public Mask2FormerNetwork.Output forwardTrain(NDArray image) {
    NativeCheck.requireSoundFloat32();
    if (image.getDataType() != precision) {
      image = image.toType(precision, false);
    }
    return network.forwardTrain(parameters, image);
  }

  /** The network's parameters and buffers by their state-dict names (the arrays themselves, not copies). */
  public Map<String, NDArray> stateArrays() {
    Map<String, NDArray> out = new LinkedHashMap<>();
    StateDicts.parameters(network).forEach((name, p) -> out.put(name, p.getArray()));
    return out;
  }

  /**
   * Writes the export this model was loaded from to {@code target} with the model's current weights (EasyCV's
   * format: the same config, {@code state_dict} tensors replaced), e.g. after fine-tuning; {@code segment} and
   * EasyCV's predictor load it like the original.
   */
  public void saveExport(Path target) {
    Map<String, float[]> values = new LinkedHashMap<>();
    TorchCheckpoint original = TorchCheckpoint.read(file);
    StateDicts.parameters(network).forEach((name, p) -> {
      String key = original.stateDict().containsKey(name) ? name : "module." + name;
      if (original.dtype(key) == org.iseg.models.checkpoint.TorchDtype.FLOAT32) {
        values.put(key, p.getArray().toType(DataType.FLOAT32, false).toFloatArray());
      }
    });
    TorchCheckpoint.rewriteFloat32(file, values, target);
  }

  /** Arrays the model's own manager holds (its parameters); a forward pass must not add to them. */
  int heldArrays() {
    return manager.getManagedArrays().size();
  }

  @Override
  public void close() {
    manager.close();
  }
}
