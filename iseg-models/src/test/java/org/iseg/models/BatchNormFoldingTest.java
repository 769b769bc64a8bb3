package org.iseg.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.iseg.api.testing.SharedData;
import org.iseg.models.checkpoint.TorchCheckpoint;
import org.iseg.models.nn.Activations;
import org.iseg.models.nn.BatchNorm2dBlock;
import org.iseg.models.nn.BatchNormFolding;
import org.iseg.models.nn.Conv2dBlock;
import org.iseg.models.nn.Sequential;
import org.iseg.models.nn.StateDicts;
import org.iseg.models.nn.TorchModule;
import org.junit.jupiter.api.Test;

/**
 * Batch-norm folding computes the same network: exactly (float64, to rounding) on RITM's hrnet18s checkpoint and
 * RITM's recorded input, within the golden's float32 bounds in float32, and it refuses a convolution whose output
 * another layer also reads.
 */
class BatchNormFoldingTest {
  private static Path hrnet18s() {
    return SharedData.golden("ritm-models/hrnet18s_itermask");
  }

  /** RITM's recorded input, points and outputs of hrnet18s. */
  private static NDList goldenIo(NDManager m) throws IOException {
    try (InputStream in = Files.newInputStream(hrnet18s().resolve("net-io.npz"))) {
      return NDList.decode(m, in);
    }
  }

  @Test
  void foldedHrnetIsTheSameFunctionInFloat64() throws Exception {
    try (IisNetwork net = IisNetworks.fromRitmCheckpoint(TorchCheckpoint.read(hrnet18s().resolve("checkpoint.pth")));
        NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      NDList io = goldenIo(m);
      for (var p : StateDicts.parameters(net.block()).values()) {
        p.getArray().intern(p.getArray().toType(DataType.FLOAT64, false));
      }
      NDArray input = io.get("input").toType(DataType.FLOAT64, false);
      NDArray points = io.get("points").toType(DataType.FLOAT64, false);
      NDList before = outputs(net, input, points);

      BatchNormFolding.Result r = BatchNormFolding.fold(net.block(), () -> outputs(net, input, points));
      NDList after = outputs(net, input, points);

      // hrnet18s has 153 batch norms, each right after a convolution (stem, blocks, transitions, fuse, OCR).
      assertEquals(153, r.batchNorms(), r.toString());
      assertEquals(153, r.folded(), r.toString());
      double diff = Math.max(maxAbs(before.get(0), after.get(0)), maxAbs(before.get(1), after.get(1)));
      System.out.printf(Locale.ROOT, "hrnet18s float64: max |folded - unfolded| %.3g%n", diff);
      // Float64 rounding of w * s and (b - mean) * s + beta; leaving out the mean or the epsilon moves it by > 1e-2.
      assertTrue(diff <= 1e-9, "folded float64 logits moved by " + diff);
    }
  }

  @Test
  void foldedHrnetStaysWithinTheGoldenFloat32Bounds() throws Exception {
    try (IisNetwork net = IisNetworks.fromRitmCheckpoint(TorchCheckpoint.read(hrnet18s().resolve("checkpoint.pth")));
        NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      NDList io = goldenIo(m);
      NDArray input = io.get("input");
      NDArray points = io.get("points");
      NDList before = outputs(net, input, points);
      BatchNormFolding.Result r = IisNetworks.forInference(net);
      assertEquals(153, r.folded(), r.toString());
      NDList after = outputs(net, input, points);
      double diff = maxAbs(before.get(0), after.get(0));
      double toGolden = maxAbs(after.get(0), io.get("instances"));
      System.out.printf(Locale.ROOT, "hrnet18s float32: max |folded - unfolded| %.3g, |folded - golden| %.3g%n",
          diff, toGolden);
      // RitmParityTest's bounds: our float32 rounding 1.5e-4, the golden's within 2e-4 of ours.
      assertTrue(diff <= 1.5e-4, "folding moved float32 logits by " + diff);
      assertTrue(toGolden <= 2e-4, "folded logits vs the golden " + toGolden);
      // An inference-only network: a training forward is refused, the saved parameters are unchanged.
      assertThrows(IllegalStateException.class, () -> net.block().forward(new ParameterStore(m, false),
          new NDList(input.get(new NDIndex(":, 0:3")), input.get(new NDIndex(":, 3:4")), points), true));
    }
  }

  @Test
  void foldsConvBnReluAndKeepsParameters() {
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      Conv2dBlock conv = Conv2dBlock.builder(3, 8).kernel(3).padding(1).build();
      BatchNorm2dBlock bn = new BatchNorm2dBlock(8);
      Sequential net = Sequential.of(conv, bn, Activations.relu());
      net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 12, 12));
      randomStatistics(net, m);
      float[] weightsBefore = conv.getParameters().get("weight").getArray().toFloatArray();
      NDArray x = m.randomUniform(-1f, 1f, new Shape(2, 3, 12, 12));
      NDArray y = m.randomUniform(-1f, 1f, new Shape(1, 3, 12, 12)); // not the input folding is checked on
      NDArray expected = net.forward(new ParameterStore(m, false), new NDList(y), false).head();

      BatchNormFolding.Result r = BatchNormFolding.fold(net,
          () -> net.forward(new ParameterStore(m, false), new NDList(x), false));

      assertEquals(1, r.folded(), r.toString());
      NDArray folded = net.forward(new ParameterStore(m, false), new NDList(y), false).head();
      assertTrue(maxAbs(expected, folded) < 1e-5, "folded conv-bn-relu moved by " + maxAbs(expected, folded));
      assertEquals(java.util.Arrays.toString(weightsBefore),
          java.util.Arrays.toString(conv.getParameters().get("weight").getArray().toFloatArray()));
    }
  }

  @Test
  void refusesAConvolutionWhoseOutputIsAlsoReadElsewhere() {
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      ResidualOnRawConv net = new ResidualOnRawConv();
      net.initialize(m, DataType.FLOAT32, new Shape(1, 4, 10, 10));
      randomStatistics(net, m);
      NDArray x = m.randomUniform(-1f, 1f, new Shape(1, 4, 10, 10));
      NDArray expected = net.forward(new ParameterStore(m, false), new NDList(x), false).head();

      BatchNormFolding.Result r = BatchNormFolding.fold(net,
          () -> net.forward(new ParameterStore(m, false), new NDList(x), false));

      assertEquals(0, r.folded(), r.toString());
      assertTrue(r.note().contains("left unfolded"), r.note());
      NDArray again = net.forward(new ParameterStore(m, false), new NDList(x), false).head();
      assertEquals(0.0, maxAbs(expected, again), "a refused fold must leave the network exactly as it was");
    }
  }

  /** {@code bn(conv(x)) + conv(x)}: folding the pair would change the second term. */
  private static final class ResidualOnRawConv extends TorchModule {
    private final Conv2dBlock conv = child("conv", Conv2dBlock.builder(4, 4).kernel(3).padding(1).build());
    private final BatchNorm2dBlock bn = child("bn", new BatchNorm2dBlock(4));

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
        PairList<String, Object> params) {
      NDArray c = call1(conv, ps, inputs.singletonOrThrow(), training);
      return new NDList(call1(bn, ps, c, training).add(c));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
      return inputShapes;
    }
  }

  /** Non-trivial running statistics and affine parameters, so that folding has something to fold. */
  private static void randomStatistics(ai.djl.nn.Block net, NDManager m) {
    for (var e : StateDicts.parameters(net).entrySet()) {
      NDArray a = e.getValue().getArray();
      if (e.getKey().endsWith("running_var")) {
        a.intern(m.randomUniform(0.5f, 2f, a.getShape()));
      } else if (e.getKey().endsWith("running_mean") || e.getKey().endsWith("bn.bias") || e.getKey().endsWith(
          "1.bias")) {
        a.intern(m.randomUniform(-0.5f, 0.5f, a.getShape()));
      } else if (e.getKey().endsWith("bn.weight") || e.getKey().endsWith("1.weight")) {
        a.intern(m.randomUniform(0.5f, 1.5f, a.getShape()));
      }
    }
  }

  private static NDList outputs(IisNetwork net, NDArray input, NDArray points) {
    NetOutput out = net.forward(input.get(new NDIndex(":, 0:3")), Optional.of(input.get(new NDIndex(":, 3:4"))),
        points);
    return new NDList(out.instances(), out.instancesAux().orElseThrow());
  }

  private static double maxAbs(NDArray a, NDArray b) {
    return a.toType(DataType.FLOAT64, false).sub(b.toType(DataType.FLOAT64, false)).abs().max().getDouble();
  }
}
