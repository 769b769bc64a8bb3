package org.iseg.engine.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Supplier;
import org.iseg.api.IisModel;
import org.iseg.data.EvaluationDataset;
import org.iseg.data.spi.DatasetProvider;
import org.iseg.engine.evaluation.Evaluator;
import org.iseg.engine.predictors.PredictorConfig;
import org.iseg.engine.predictors.RitmPredictor;
import org.iseg.engine.predictors.ZoomIn;
import org.iseg.metrics.Protocol;
import org.iseg.models.IisNetwork;
import org.iseg.models.IisNetworks;
import org.iseg.models.compact.CompactIisNet;
import org.iseg.models.compact.CompactNetworkProvider;
import org.iseg.models.compact.DefaultNetwork;
import org.iseg.models.zoo.ModelFiles;

/**
 * NoC evaluation (RITM protocol: 20 clicks, threshold 0.49, stop at IoU 0.90, RITM robot) of a {@link
 * CompactIisNet} model — the shipped default or any weights/checkpoint file — through the {@link Evaluator}.
 *
 * <pre>
 * java -cp ... org.iseg.engine.training.EvaluateCommand --datasets-root /data --datasets GrabCut,Berkeley,DAVIS \
 *     --out runs/eval-default [--weights runs/default/last.ckpt --width default --working-size 256] \
 *     [--predictor plain|zoom] [--flip true] [--workers 2]
 * </pre>
 *
 * <p>Both run RITM's predictor over the network, which resizes its input to the working size: {@code --predictor
 * plain} on the whole image, {@code zoom} with ZoomIn (target 400, 600 on DAVIS).
 */
public final class EvaluateCommand {
  private static final Set<String> KEYS = Set.of("datasets-root", "datasets", "out", "weights", "width",
      "working-size", "predictor", "flip", "workers");

  private EvaluateCommand() {}

  public static void main(String[] args) {
    Map<String, String> o = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      String key = args[i].replaceFirst("^--", "");
      if (!KEYS.contains(key)) {
        throw new IllegalArgumentException("unknown option " + args[i] + "; known: " + KEYS);
      }
      o.put(key, args[i + 1]);
    }
    Path root = Path.of(o.getOrDefault("datasets-root", "../shared/datasets"));
    String predictor = o.getOrDefault("predictor", "plain");
    boolean flip = Boolean.parseBoolean(o.getOrDefault("flip", "false"));
    Optional<Path> weights = Optional.ofNullable(o.get("weights")).map(Path::of);
    CompactIisNet.Width width = TrainCommand.width(o.getOrDefault("width", "default"));
    int workingSize = Integer.parseInt(o.getOrDefault("working-size", "256"));
    int workers = Integer.parseInt(o.getOrDefault("workers", "2"));
    for (String name : o.getOrDefault("datasets", "GrabCut,Berkeley,DAVIS").split(",")) {
      EvaluationDataset ds = DatasetProvider.registry().get(name.toLowerCase(Locale.ROOT))
          .openEvaluation(root.resolve(name));
      Supplier<IisModel> factory = () -> model(weights, width, workingSize, predictor, flip, name);
      Evaluator.Builder b = Evaluator.builder().dataset(ds).model(factory)
          .modelName("compact-" + predictor + (flip ? "-flip" : "") + "-" + workingSize)
          .protocol(Protocol.ritm()).workers(workers).plots(false);
      if (o.containsKey("out")) {
        b.outputDir(Path.of(o.get("out")));
      }
      b.build().run();
    }
  }

  /** One model instance (the evaluator asks for one per worker thread). */
  static IisModel model(Optional<Path> weights, CompactIisNet.Width width, int workingSize, String predictor,
      boolean flip, String dataset) {
    Optional<ZoomIn> zoom = switch (predictor) {
      case "plain" -> Optional.empty();
      case "zoom" -> Optional.of(ZoomIn.builder().targetSize("DAVIS".equalsIgnoreCase(dataset) ? 600 : 400).build());
      default -> throw new IllegalArgumentException("--predictor must be plain or zoom, got " + predictor);
    };
    IisNetwork network = weights.isPresent() ? network(weights.get(), width, workingSize) : DefaultNetwork.load();
    String name = weights.map(w -> w.getFileName().toString()).orElse(DefaultNetwork.NAME);
    return RitmPredictor.owning(name + "-" + predictor, network,
        new PredictorConfig(zoom, OptionalInt.empty(), flip, OptionalInt.empty()));
  }

  /** A training checkpoint ({@code .ckpt}) of a compact network, or any network file {@link ModelFiles} reads. */
  private static IisNetwork network(Path file, CompactIisNet.Width width, int workingSize) {
    try {
      if (!file.toString().endsWith(".ckpt")) {
        return ModelFiles.load(file);
      }
      IisNetwork network = IisNetworks.create(CompactNetworkProvider.config(width, workingSize));
      try {
        TrainingCheckpoint.read(file, network.block(), Optional.empty(), network.manager());
        return network;
      } catch (IOException | RuntimeException e) {
        network.close();
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
