package org.iseg.examples.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.iseg.models.mask2former.Mask2FormerConfig;
import org.iseg.models.mask2former.Mask2FormerFlops;
import org.iseg.models.mask2former.Mask2FormerModel;
import org.iseg.models.mask2former.Mask2FormerNetwork;
import org.iseg.models.nn.StateDicts;

/**
 * {@code iseg bench mask2former [--checkpoint EXPORT] [--r50] [--swin-t] [--threads N] [--reps N] [--size HxW]}:
 * seconds per Mask2Former forward at 800 x 1344 (EasyCV's 1333 x 800 test scale padded to 32) of an EasyCV export
 * and/or of EasyCV's R50 instance configuration with random weights (with its ResNet-50 or a Swin-T backbone), with
 * its FLOPs counted from the layer shapes ({@link Mask2FormerFlops}) and the GFLOP/s reached, next to the GEMM peak
 * measured in the same run (as {@code bench model}). Best of N after one warm-up; the machine's load shows in the figures.
 */
public final class Mask2FormerBenchmark {
  /** The larger GEMM peak of this run, GFLOP/s. */
  private static double peak;

  private Mask2FormerBenchmark() {}

  public static void main(String[] args) throws Exception {
    List<Path> checkpoints = new ArrayList<>();
    boolean r50 = false;
    boolean swinT = false;
    int threads = 1;
    int reps = 3;
    int height = 800;
    int width = 1344;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--checkpoint" -> checkpoints.add(Path.of(args[++i]));
        case "--r50" -> r50 = true;
        case "--swin-t" -> swinT = true;
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--reps" -> reps = Integer.parseInt(args[++i]);
        case "--size" -> {
          String[] hw = args[++i].split("x");
          height = Integer.parseInt(hw[0]);
          width = Integer.parseInt(hw[1]);
        }
        default -> throw new IllegalArgumentException("unknown argument " + args[i]
            + "; use --checkpoint EXPORT, --r50, --swin-t, --threads N, --reps N, --size HxW");
      }
    }
    if (checkpoints.isEmpty() && !r50 && !swinT) {
      throw new IllegalArgumentException("give --checkpoint EXPORT, --r50 and/or --swin-t");
    }
    Engine engine = Engine.getEngine("PyTorch");
    JniUtils.setNumThreads(threads);
    double matmulPeak = ModelBenchmark.gemmPeak(engine);
    double convPeak = ModelBenchmark.convGemmPeak(engine);
    peak = Math.max(matmulPeak, convPeak);
    System.out.printf(Locale.ROOT, "engine %s %s, intra-op threads %d, cores %d; GEMM peak: matmul %.1f GFLOP/s, "
        + "1x1 conv %.1f GFLOP/s%n", engine.getEngineName(), engine.getVersion(), JniUtils.getNumThreads(),
        Runtime.getRuntime().availableProcessors(), matmulPeak, convPeak);
    System.out.println("FLOPs: 2 per multiply-add of convolutions, linear layers, attention products, deformable "
        + "sampling and mask products (Mask2FormerFlops)");
    for (Path p : checkpoints) {
      try (Mask2FormerModel model = Mask2FormerModel.load(p)) {
        report(p.getFileName().toString(), model, height, width, reps);
      }
    }
    if (r50) {
      random("EasyCV R50 instance (random weights)", r50Instance(), height, width, reps);
    }
    if (swinT) {
      random("R50 instance with Swin-T (random)", swinTInstance(), height, width, reps);
    }
  }

  /** Times the network of {@code config} with random weights (BatchNorm variances positive). */
  private static void random(String name, Map<String, Object> config, int height, int width, int reps) {
    try (NDManager weights = Engine.getEngine("PyTorch").newBaseManager()) {
      Mask2FormerNetwork net = new Mask2FormerNetwork(Mask2FormerConfig.fromEasyCv(config, name));
      // timing does not depend on the values
      for (Map.Entry<String, Parameter> e : StateDicts.parameters(net).entrySet()) {
        Parameter p = e.getValue();
        p.initialize(weights, DataType.FLOAT32);
        NDArray v = e.getKey().endsWith("running_var")
            ? weights.randomUniform(0.5f, 1.5f, p.getShape()) : weights.randomNormal(0f, 0.02f, p.getShape(),
            DataType.FLOAT32);
        p.getArray().set(java.nio.FloatBuffer.wrap(v.toFloatArray()));
      }
      time(name, net.config(), net.parameterCount(),
          image -> net.predict(new ai.djl.training.ParameterStore(weights, false), image, null), height, width,
          reps);
    }
  }

  private static void report(String name, Mask2FormerModel model, int height, int width, int reps) {
    time(name, model.config(), model.network().parameterCount(), model::predict, height, width, reps);
  }

  private static void time(String name, Mask2FormerConfig config, long parameters,
      java.util.function.Function<NDArray, ?> forward, int height, int width, int reps) {
    try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
      NDArray image = m.randomUniform(-2f, 2f, new Shape(1, 3, height, width));
      double best = Double.MAX_VALUE;
      for (int r = 0; r <= reps; r++) {
        try (NDManager call = m.newSubManager()) {
          NDArray x = image.duplicate();
          x.attach(call);
          long t0 = System.nanoTime();
          forward.apply(x);
          double s = (System.nanoTime() - t0) / 1e9;
          if (r > 0) {
            best = Math.min(best, s);
          }
        }
      }
      Mask2FormerFlops.Count flops = Mask2FormerFlops.count(config, height, width, 1);
      double gflop = flops.total() / 1e9;
      System.out.printf(Locale.ROOT, "%-40s %,12d parameters  %dx%d  %.2f s/forward  %.1f GFLOP (backbone %.1f, "
          + "pixel decoder %.1f, decoder %.1f)  %.1f GFLOP/s  %.0f%% of GEMM peak%n", name, parameters, height, width,
          best, gflop, flops.backbone() / 1e9, flops.pixelDecoder() / 1e9, flops.decoder() / 1e9, gflop / best,
          100 * gflop / best / peak);
    }
  }

  /** {@link #r50Instance()} with EasyCV's Swin-T backbone ({@code SwinTransformer} defaults) in place of the ResNet. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> swinTInstance() {
    Map<String, Object> model = new LinkedHashMap<>((Map<String, Object>) r50Instance().get("model"));
    model.put("backbone", Map.of("type", "SwinTransformer", "embed_dim", 96L, "depths", List.of(2L, 2L, 6L, 2L),
        "num_heads", List.of(3L, 6L, 12L, 24L), "window_size", 7L, "out_indices", List.of(0L, 1L, 2L, 3L)));
    Map<String, Object> head = new LinkedHashMap<>((Map<String, Object>) model.get("head"));
    Map<String, Object> pixel = new LinkedHashMap<>((Map<String, Object>) head.get("pixel_decoder"));
    pixel.put("input_channel", List.of(96L, 192L, 384L, 768L));
    head.put("pixel_decoder", pixel);
    model.put("head", head);
    return Map.of("model", model);
  }

  /** EasyCV's {@code mask2former_r50_8xb2_e50_instance.py} model (the parts the importer reads). */
  static Map<String, Object> r50Instance() {
    Map<String, Object> backbone = new LinkedHashMap<>(Map.of("type", "ResNet", "depth", 50L, "num_stages", 4L,
        "out_indices", List.of(1L, 2L, 3L, 4L)));
    Map<String, Object> pixel = new LinkedHashMap<>();
    pixel.put("input_stride", List.of(4L, 8L, 16L, 32L));
    pixel.put("input_channel", List.of(256L, 512L, 1024L, 2048L));
    pixel.put("transformer_nheads", 8L);
    pixel.put("transformer_dim_feedforward", 1024L);
    pixel.put("transformer_enc_layers", 6L);
    pixel.put("conv_dim", 256L);
    pixel.put("mask_dim", 256L);
    pixel.put("norm", "GN");
    pixel.put("transformer_in_features", List.of(1L, 2L, 3L));
    pixel.put("common_stride", 4L);
    Map<String, Object> decoder = new LinkedHashMap<>();
    decoder.put("in_channels", 256L);
    decoder.put("num_classes", 80L);
    decoder.put("hidden_dim", 256L);
    decoder.put("num_queries", 100L);
    decoder.put("nheads", 8L);
    decoder.put("dim_feedforward", 2048L);
    decoder.put("dec_layers", 9L);
    decoder.put("pre_norm", false);
    decoder.put("mask_dim", 256L);
    decoder.put("enforce_input_project", false);
    Map<String, Object> head = new LinkedHashMap<>(Map.of("pixel_decoder", pixel, "transformer_decoder", decoder,
        "num_things_classes", 80L, "num_stuff_classes", 0L));
    Map<String, Object> model = new LinkedHashMap<>(Map.of("type", "Mask2Former", "backbone", backbone, "head", head,
        "test_cfg", Map.of("instance_on", true, "max_per_image", 100L)));
    return Map.of("model", model);
  }
}
