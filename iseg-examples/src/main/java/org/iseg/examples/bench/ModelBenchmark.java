package org.iseg.examples.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.iseg.models.IisNetwork;
import org.iseg.models.IisNetworks;
import org.iseg.models.NetworkConfig;

/**
 * Milliseconds per forward pass of the RITM ITER-M networks on this CPU (PyTorch engine, inference, no
 * gradients), the achieved GFLOP/s from RITM's published FLOP counts, and a GEMM peak measured in the same run.
 *
 * <p>Run: {@code java -cp <classpath> org.iseg.examples.bench.ModelBenchmark [--reps N] [--nets hrnet18s,hrnet18]
 * [--threads 1,2]}. Timings are the best of N after one warm-up; the load of the machine shows in them.
 * Thread counts follow DJL's {@code -Dai.djl.pytorch.num_threads} / {@code num_interop_threads}.
 */
public final class ModelBenchmark {
  /** RITM's README: GFLOPs per forward at 400 x 400. */
  private static final String[] NETS = {"hrnet18s", "hrnet18", "hrnet32"};
  private static final double[] GFLOPS_400 = {17.9, 31.0, 83.1};
  private static final int[][] SIZES = {{400, 400}, {320, 480}};

  private ModelBenchmark() {}

  public static void main(String[] args) {
    int reps = 5;
    String nets = String.join(",", NETS);
    String threads = "";
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--reps" -> reps = Integer.parseInt(args[++i]);
        case "--nets" -> nets = args[++i];
        case "--threads" -> threads = args[++i];
        default -> throw new IllegalArgumentException(
            "unknown argument " + args[i] + "; use --reps N, --nets a,b, --threads 1,2");
      }
    }
    Engine engine = Engine.getEngine("PyTorch");
    String[] threadCounts = threads.isEmpty() ? new String[] {Integer.toString(JniUtils.getNumThreads())}
        : threads.split(",");
    for (String t : threadCounts) {
      // libtorch's intra-op pool can be resized at run time; inter-op threads only at start-up.
      JniUtils.setNumThreads(Integer.parseInt(t.trim()));
      run(engine, nets, reps);
    }
  }

  private static void run(Engine engine, String nets, int reps) {
    System.out.printf(Locale.ROOT, "engine %s %s, intra-op threads %d, inter-op threads %d, cores %d%n",
        engine.getEngineName(), engine.getVersion(), JniUtils.getNumThreads(), JniUtils.getNumInteropThreads(),
        Runtime.getRuntime().availableProcessors());
    double matmulPeak = gemmPeak(engine);
    double convPeak = convGemmPeak(engine);
    // libtorch's matmul goes through MKL, convolutions through oneDNN; on AMD CPUs MKL may pick a slower code path,
    // so the larger of the two GEMMs is the peak the networks are compared with.
    double peak = Math.max(matmulPeak, convPeak);
    System.out.printf(Locale.ROOT, "GEMM peak: matmul 2048^3 %.1f GFLOP/s, 1x1 conv 1024->1024 on 64x64 %.1f GFLOP/s"
        + " (best of 5 each); peak used: %.1f%n", matmulPeak, convPeak, peak);
    System.out.println("network    size     ms/forward  GFLOP  GFLOP/s  % of GEMM peak");
    for (String net : nets.split(",")) {
      int index = Arrays.asList(NETS).indexOf(net);
      if (index < 0) {
        throw new IllegalArgumentException("unknown network " + net + "; known: " + String.join(", ", NETS));
      }
      try (IisNetwork network = IisNetworks.create(NetworkConfig.ritm(net))) {
        for (int[] size : SIZES) {
          double ms = timeForward(network, size[0], size[1], reps);
          double gflop = GFLOPS_400[index] * size[0] * size[1] / (400.0 * 400.0);
          double rate = gflop / (ms / 1000.0);
          System.out.printf(Locale.ROOT, "%-9s  %dx%d  %9.1f  %6.1f  %7.1f  %5.1f%%%n", net, size[0], size[1], ms, gflop,
              rate, 100.0 * rate / peak);
        }
      }
    }
  }

  private static double timeForward(IisNetwork network, int h, int w, int reps) {
    double best = Double.MAX_VALUE;
    for (int r = -1; r < reps; r++) {
      try (NDManager call = network.manager().newSubManager()) {
        NDArray image = call.randomUniform(0f, 1f, new Shape(1, 3, h, w), DataType.FLOAT32);
        NDArray prev = call.zeros(new Shape(1, 1, h, w));
        NDArray points = call.create(new float[] {h / 2f, w / 2f, 0, -1, -1, -1}, new Shape(1, 2, 3));
        long t0 = System.nanoTime();
        network.forward(image, Optional.of(prev), points).instances().toFloatArray();
        double ms = (System.nanoTime() - t0) / 1e6;
        if (r >= 0) {
          best = Math.min(best, ms);
        }
      }
    }
    return best;
  }

  /** A large 1x1 convolution is a GEMM run by the same kernels as the networks' convolutions. */
  static double convGemmPeak(Engine engine) {
    int c = 1024;
    int hw = 64;
    try (NDManager m = engine.newBaseManager()) {
      NDArray x = m.randomUniform(-1f, 1f, new Shape(1, c, hw, hw), DataType.FLOAT32);
      NDArray w = m.randomUniform(-1f, 1f, new Shape(c, c, 1, 1), DataType.FLOAT32);
      double best = Double.MAX_VALUE;
      for (int r = 0; r < 6; r++) {
        try (NDManager call = m.newSubManager()) {
          long t0 = System.nanoTime();
          NDArray y = ai.djl.nn.convolutional.Conv2d.conv2d(x, w).singletonOrThrow();
          y.attach(call);
          y.getFloat(0, 0, 0, 0);
          double s = (System.nanoTime() - t0) / 1e9;
          if (r > 0) {
            best = Math.min(best, s);
          }
        }
      }
      return 2.0 * c * c * hw * hw / best / 1e9;
    }
  }

  static double gemmPeak(Engine engine) {
    int n = 2048;
    try (NDManager m = engine.newBaseManager()) {
      NDArray a = m.randomUniform(-1f, 1f, new Shape(n, n), DataType.FLOAT32);
      NDArray b = m.randomUniform(-1f, 1f, new Shape(n, n), DataType.FLOAT32);
      double best = Double.MAX_VALUE;
      for (int r = 0; r < 6; r++) {
        try (NDManager call = m.newSubManager()) {
          long t0 = System.nanoTime();
          NDArray c = a.matMul(b);
          c.attach(call);
          c.getFloat(0, 0);
          double s = (System.nanoTime() - t0) / 1e9;
          if (r > 0) {
            best = Math.min(best, s);
          }
        }
      }
      return 2.0 * n * n * n / best / 1e9;
    }
  }
}
