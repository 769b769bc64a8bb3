package org.iseg.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Folds inference-mode batch norms into the convolutions that feed them: {@code bn(conv(x)) = conv'(x)} with
 * {@code w' = w * s}, {@code b' = (b - mean) * s + beta}, {@code s = gamma / sqrt(var + eps)} per output channel,
 * computed in float64. Which convolution feeds which batch norm is observed, not declared: one traced forward
 * records every convolution output that a batch norm receives. A pair is folded only when each call of that
 * convolution went to that batch norm and nothing else fed it; the network's outputs are then compared with the
 * unfolded ones on the same input, and any difference beyond float32 rounding undoes every fold (a convolution
 * output that some other layer also reads would show up there).
 *
 * <p>Parameters stay as they were (saving writes the trained values); the folded weights live beside them. A
 * folded network refuses training-mode forwards. Folding saves the batch norms' passes over every feature map:
 * {@code docs/bench/SpeedHarness.java} with {@code -Diseg.fold-batchnorm=false} measures it.
 *
 * <pre>{@code
 * BatchNormFolding.Result r = BatchNormFolding.fold(network.block(), () -> network.forward(x, prev, points).all());
 * }</pre>
 */
public final class BatchNormFolding {
  /** Allowed output change, relative to the outputs' largest magnitude: float32 rounding is ~1e-6 here. */
  static final double TOLERANCE = 1e-4;

  private static final ThreadLocal<Trace> TRACE = new ThreadLocal<>();

  private BatchNormFolding() {}

  /** How many pairs were folded, or why none. */
  public record Result(int folded, int batchNorms, String note) {}

  /**
   * Traces {@code forward} (which runs the network on a fixed input and returns its outputs), folds the pairs it
   * finds, and checks {@code forward} again. Never leaves a network half folded.
   */
  public static Result fold(Block root, Supplier<NDList> forward) {
    Trace trace = new Trace();
    float[][] before;
    TRACE.set(trace);
    try {
      before = values(forward.get());
    } finally {
      TRACE.remove();
    }
    List<Map.Entry<BatchNorm2dBlock, Conv2dBlock>> pairs = trace.pairs();
    if (pairs.isEmpty()) {
      return new Result(0, trace.batchNorms(), "no convolution feeds a batch norm alone");
    }
    List<Map.Entry<BatchNorm2dBlock, Conv2dBlock>> done = new ArrayList<>();
    try {
      for (Map.Entry<BatchNorm2dBlock, Conv2dBlock> pair : pairs) {
        pair.getValue().fold(pair.getKey());
        pair.getKey().setFolded(true);
        done.add(pair);
      }
      double error = maxRelativeDifference(before, values(forward.get()));
      if (!(error <= TOLERANCE)) {
        unfold(done);
        return new Result(0, trace.batchNorms(), "outputs moved by " + error + " when folded: left unfolded");
      }
      return new Result(done.size(), trace.batchNorms(), "folded");
    } catch (RuntimeException e) {
      unfold(done);
      return new Result(0, trace.batchNorms(), "folding failed, left unfolded: " + e.getMessage());
    }
  }

  private static void unfold(List<Map.Entry<BatchNorm2dBlock, Conv2dBlock>> pairs) {
    for (Map.Entry<BatchNorm2dBlock, Conv2dBlock> pair : pairs) {
      pair.getKey().setFolded(false);
      pair.getValue().unfold();
    }
  }

  /** Called by {@link Conv2dBlock} with each output it produces; records it only while a trace runs. */
  static void convolutionOutput(Conv2dBlock conv, NDArray output) {
    Trace t = TRACE.get();
    if (t != null) {
      t.outputs.put(output, conv);
      t.convCalls.merge(conv, 1, Integer::sum);
    }
  }

  /** Called by {@link BatchNorm2dBlock} with each input it receives; records it only while a trace runs. */
  static void batchNormInput(BatchNorm2dBlock bn, NDArray input) {
    Trace t = TRACE.get();
    if (t != null) {
      Conv2dBlock producer = t.outputs.get(input);
      t.bnCalls.computeIfAbsent(bn, k -> new ArrayList<>()).add(producer);
    }
  }

  private static float[][] values(NDList outputs) {
    float[][] v = new float[outputs.size()][];
    for (int i = 0; i < outputs.size(); i++) {
      v[i] = outputs.get(i).toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
    }
    return v;
  }

  private static double maxRelativeDifference(float[][] a, float[][] b) {
    double scale = 1;
    double diff = 0;
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[i].length; j++) {
        scale = Math.max(scale, Math.abs(a[i][j]));
        diff = Math.max(diff, Math.abs(a[i][j] - b[i][j]));
      }
    }
    return Double.isNaN(diff) ? Double.NaN : diff / scale;
  }

  private static final class Trace {
    final Map<NDArray, Conv2dBlock> outputs = new IdentityHashMap<>();
    final Map<Conv2dBlock, Integer> convCalls = new IdentityHashMap<>();
    final Map<BatchNorm2dBlock, List<Conv2dBlock>> bnCalls = new LinkedHashMap<>();

    int batchNorms() {
      return bnCalls.size();
    }

    /** Batch norms whose every input came from one convolution whose every output went to them. */
    List<Map.Entry<BatchNorm2dBlock, Conv2dBlock>> pairs() {
      Map<Conv2dBlock, Integer> claimed = new IdentityHashMap<>();
      Map<BatchNorm2dBlock, Conv2dBlock> candidates = new LinkedHashMap<>();
      for (Map.Entry<BatchNorm2dBlock, List<Conv2dBlock>> e : bnCalls.entrySet()) {
        Conv2dBlock first = e.getValue().get(0);
        if (first != null && e.getValue().stream().allMatch(c -> c == first)) {
          candidates.put(e.getKey(), first);
          claimed.merge(first, e.getValue().size(), Integer::sum);
        }
      }
      List<Map.Entry<BatchNorm2dBlock, Conv2dBlock>> out = new ArrayList<>();
      for (Map.Entry<BatchNorm2dBlock, Conv2dBlock> e : candidates.entrySet()) {
        Conv2dBlock conv = e.getValue();
        // Every call of the convolution must have fed this one batch norm.
        if (claimed.get(conv).equals(convCalls.get(conv)) && bnCalls.get(e.getKey()).size() == convCalls.get(conv)) {
          out.add(Map.entry(e.getKey(), conv));
        }
      }
      return out;
    }
  }
}
