package org.iseg.models.nn;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.util.Pair;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * PyTorch-style state-dict names for a DJL block tree, and loading a state dict into it.
 *
 * <p>A parameter's name is the path of child names from the root, then its own name, joined by dots
 * ({@code feature_extractor.layer1.0.conv1.weight}), exactly as {@code nn.Module.state_dict()} names it. DJL
 * prefixes child names with a position ({@code 01conv1}); that prefix is removed here. Children of DJL's own
 * {@code SequentialBlock} are named by position ({@code 0}, {@code 1}, ...), as in PyTorch's {@code nn.Sequential}.
 *
 * <pre>{@code
 * Map<String, Parameter> named = StateDicts.parameters(network.block());
 * StateDicts.load(network.block(), tensors, TensorData::shape, TensorData::values, manager, "checkpoint.pth");
 * }</pre>
 */
public final class StateDicts {
  /** Buffers PyTorch saves that have no DJL counterpart; present in a checkpoint, they are skipped. */
  private static final String NUM_BATCHES_TRACKED = "num_batches_tracked";

  private StateDicts() {}

  /** Every parameter (trainable or not) of {@code root}, in state-dict order, by state-dict name. */
  public static Map<String, Parameter> parameters(Block root) {
    Map<String, Parameter> out = new LinkedHashMap<>();
    collect(root, "", out);
    return Collections.unmodifiableMap(out);
  }

  /** The number of trainable values ({@code sum(p.numel() for p in model.parameters())} in PyTorch). */
  public static long trainableCount(Block root) {
    long total = 0;
    for (Parameter p : parameters(root).values()) {
      if (p.requiresGradient()) {
        total += p.getShape().size();
      }
    }
    return total;
  }

  /** The attribute name a child was added under, without DJL's position prefix. */
  public static String childName(int position, String djlName) {
    String prefix = String.format(Locale.ROOT, "%02d", position + 1);
    if (!djlName.startsWith(prefix)) {
      throw new IllegalStateException("unexpected DJL child name " + djlName + " at position " + position);
    }
    return djlName.substring(prefix.length());
  }

  private static void collect(Block block, String prefix, Map<String, Parameter> out) {
    for (Pair<String, Parameter> p : block.getDirectParameters()) {
      out.put(prefix + p.getKey(), p.getValue());
    }
    int i = 0;
    // DJL's SequentialBlock names each child after its class, so siblings collide; PyTorch's nn.Sequential
    // names them by position, and so do we.
    boolean byPosition = block instanceof SequentialBlock;
    for (Pair<String, Block> c : block.getChildren()) {
      String name = byPosition ? Integer.toString(i) : childName(i, c.getKey());
      i++;
      collect(c.getValue(), prefix + name + ".", out);
    }
  }

  /**
   * Copies the tensors of a state dict into the parameters of {@code root}. Every parameter must be present
   * with its exact shape, and every tensor must name a parameter (PyTorch's {@code num_batches_tracked} buffers
   * are skipped); otherwise nothing is changed and an exception lists all missing and unexpected names and
   * every shape mismatch.
   *
   * @param source names the checkpoint in messages (a file name)
   */
  public static <T> void load(Block root, Map<String, T> stateDict, Function<T, long[]> shapeOf,
      Function<T, float[]> valuesOf, NDManager manager, String source) {
    Map<String, Parameter> params = parameters(root);
    List<String> missing = new ArrayList<>();
    List<String> unexpected = new ArrayList<>();
    List<String> mismatched = new ArrayList<>();
    for (Map.Entry<String, Parameter> e : params.entrySet()) {
      T tensor = stateDict.get(e.getKey());
      if (tensor == null) {
        missing.add(e.getKey());
        continue;
      }
      long[] expected = e.getValue().getShape().getShape();
      long[] actual = shapeOf.apply(tensor);
      if (!Arrays.equals(expected, actual)) {
        mismatched.add(e.getKey() + ": checkpoint has " + Arrays.toString(actual) + ", network expects "
            + Arrays.toString(expected));
      }
    }
    for (String name : stateDict.keySet()) {
      if (!params.containsKey(name) && !name.endsWith("." + NUM_BATCHES_TRACKED)
          && !name.equals(NUM_BATCHES_TRACKED)) {
        unexpected.add(name);
      }
    }
    if (!missing.isEmpty() || !unexpected.isEmpty() || !mismatched.isEmpty()) {
      throw new StateDictMismatchException(source, missing, unexpected, mismatched);
    }
    for (Map.Entry<String, Parameter> e : params.entrySet()) {
      T tensor = stateDict.get(e.getKey());
      float[] values = valuesOf.apply(tensor);
      Parameter p = e.getValue();
      Shape shape = p.getShape();
      if (values.length != shape.size()) {
        throw new IllegalArgumentException(source + ": tensor " + e.getKey() + " has " + values.length
            + " values for shape " + shape);
      }
      if (!p.isInitialized()) {
        p.initialize(manager, DataType.FLOAT32);
      }
      p.getArray().set(FloatBuffer.wrap(values));
    }
  }

  /** The values of every parameter, by state-dict name (for saving or comparing). */
  public static Map<String, float[]> values(Block root) {
    Map<String, float[]> out = new LinkedHashMap<>();
    parameters(root).forEach((name, p) -> out.put(name, p.getArray().toFloatArray()));
    return out;
  }
}
