package org.iseg.examples.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.iseg.api.Normalization;
import org.iseg.data.DatasetViews;
import org.iseg.data.RegionDataset;
import org.iseg.data.SegDataset;
import org.iseg.data.datasets.Bsds500Dataset;
import org.iseg.data.selectors.RegionSelectors;
import org.iseg.data.spi.DatasetProvider;
import org.iseg.data.transforms.Transforms;
import org.iseg.engine.training.Trainer;
import org.iseg.engine.training.TrainingCheckpoint;
import org.iseg.engine.training.optim.LrSchedule;
import org.iseg.models.IisNetwork;
import org.iseg.models.IisNetworks;
import org.iseg.models.NetworkConfig;
import org.iseg.models.compact.CompactIisNet;
import org.iseg.models.compact.CompactNetworkProvider;
import org.iseg.models.fusion.Fusion;
import org.iseg.models.fusion.IisNetBlock;
import org.iseg.models.zoo.ModelFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code iseg train}: RITM's ITER-M training (multi-point initial clicks, up to 3 iterative clicks on the model's
 * own predictions, normalized focal loss + 0.4 aux BCE, Adam) of any backbone on any dataset, resumable.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Train an ITER-M model on random regions of a dataset.",
      "The first --val-images images are held out for validation (with --hold-out-test: of BSDS500's test split)."
          + " Checkpoints go to --out every epoch (atomic); running again on the same --out resumes (raise --epochs"
          + " to extend a run; other settings need --force)."
    })
final class TrainCommand implements Callable<Integer> {
  /** Longer side an exported compact network resizes its input to: the default network's. */
  private static final int DEFAULT_WORKING_SIZE = 256;

  @Option(names = "--model", defaultValue = "compact",
      description = "compact (CPU-friendly, the default model's architecture) or a backbone: hrnet18s, hrnet18,"
          + " hrnet32, resnet34, resnet50, mobilenetv2 (default ${DEFAULT-VALUE}).")
  String model;

  @Option(names = "--pretrained", paramLabel = "PATH",
      description = "Backbone weights loaded before training; mobilenetv2 reads a TF.js Keras MobileNetV2 (a folder"
          + " with model.json or nsfwjs's model.min.js, e.g. nsfwjs@4.4.0's dist/models/mobilenet_v2). A resumed run"
          + " continues from its checkpoint; the exported network carries all weights.")
  Optional<Path> pretrained = Optional.empty();

  @Option(names = "--init", paramLabel = "NETWORK",
      description = "Backbone models: start from every weight of a network file of the same model (e.g. an earlier"
          + " stint's export, so that training goes on in a fresh --out with a fresh optimiser and schedule)"
          + " instead of new or --pretrained weights. A resume from --out's checkpoint overrides it.")
  Optional<Path> init = Optional.empty();

  /** The input scalings a backbone can be trained on. */
  enum InputScaling {
    imagenet(Normalization.IMAGENET), unit(Normalization.NONE), symmetric(Normalization.SYMMETRIC);

    final Normalization normalization;

    InputScaling(Normalization normalization) {
      this.normalization = normalization;
    }
  }

  @Option(names = "--normalization",
      description = "For backbones, the input scaling the network is trained on and keeps: imagenet ((x/255 - mean) /"
          + " std, RITM's), unit (x/255, what nsfwjs feeds its MobileNetV2) or symmetric (x/127.5 - 1, Keras's"
          + " ImageNet MobileNetV2). Default: unit for mobilenetv2, imagenet otherwise.")
  Optional<InputScaling> normalization = Optional.empty();

  @Option(names = "--fusion", defaultValue = "intermediate",
      description = "For backbones: ${COMPLETION-CANDIDATES} (intermediate is RITM's maps_transform; default"
          + " ${DEFAULT-VALUE}).")
  Fusion fusion;

  @Option(names = "--width", defaultValue = "default",
      description = "For compact: default, tiny or c1,c2,c3,c4 channel counts.")
  String width;

  @Option(names = "--dataset", defaultValue = "bsds500",
      description = "Dataset kind (bsds500 uses its clean training view), default ${DEFAULT-VALUE}.")
  String dataset;

  @Option(names = "--dataset-root", required = true, paramLabel = "DIR", description = "The dataset's folder.")
  Path datasetRoot;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Checkpoints and metrics.")
  Path out;

  @Option(names = "--crop", defaultValue = "320x480", description = "Crop HxW (default ${DEFAULT-VALUE}, RITM's).")
  String crop;

  @Option(names = "--scale", defaultValue = "0.75,1.4", description = "Random rescale range (default ${DEFAULT-VALUE}).")
  String scale;

  @Option(names = "--hold-out-test",
      description = "bsds500 only: validate on the first --val-images of BSDS500's test split and train on the clean"
          + " training view plus the rest of the test split (the default model's recipe).")
  boolean holdOutTest;

  @Option(names = "--min-area", defaultValue = "80",
      description = "Smallest training region in pixels, after augmentation (RITM's min_object_area; validation"
          + " uses 4x). Default ${DEFAULT-VALUE}.")
  int minArea;

  @Option(names = "--merge-prob", defaultValue = "0.15",
      description = "Probability of merging a second region into the target (default ${DEFAULT-VALUE}).")
  double mergeProbability;

  @Option(names = "--epochs", defaultValue = "10",
      description = "Epochs to train in all; on resume, raise it to extend a run (default ${DEFAULT-VALUE}).")
  int epochs;
  @Option(names = "--samples-per-epoch", defaultValue = "800",
      description = "Training crops per epoch; more than the dataset repeats it with fresh augmentations (default"
          + " ${DEFAULT-VALUE}).")
  int samplesPerEpoch;
  @Option(names = "--batch-size", defaultValue = "8", description = "Lower it if memory runs out (default 8).")
  int batchSize;
  @Option(names = "--workers", defaultValue = "2", description = "Data-loading threads (default 2).") int workers;
  @Option(names = "--lr", defaultValue = "5e-4",
      description = "Peak learning rate of Adam's cosine schedule; the backbone trains at 0.1x (default"
          + " ${DEFAULT-VALUE}, RITM's).")
  double lr;
  @Option(names = "--min-lr", defaultValue = "5e-6",
      description = "Learning rate the cosine schedule ends at (default ${DEFAULT-VALUE}).")
  double minLr;
  @Option(names = "--max-skipped-steps", defaultValue = "0",
      description = "Steps whose gradients turn non-finite under a finite loss that may be skipped (each logged, as"
          + " PyTorch's GradScaler skips them) before the run stops (default ${DEFAULT-VALUE}).")
  int maxSkippedSteps;
  @Option(names = "--max-iter-clicks", defaultValue = "3",
      description = "Most clicks added on the model's own predictions before the trained pass (default"
          + " ${DEFAULT-VALUE}, RITM's).")
  int maxIterClicks;
  @Option(names = "--val-images", defaultValue = "30",
      description = "Images held out for validation after every epoch (default ${DEFAULT-VALUE}).")
  int valImages;
  @Option(names = "--val-clicks", defaultValue = "3",
      description = "Clicks of the IoU-after-k-clicks validation (default ${DEFAULT-VALUE}).")
  int valClicks;
  @Option(names = "--log-every", defaultValue = "10", description = "Batches between progress lines (default 10).")
  int logEvery;

  @Option(names = "--deadline", paramLabel = "ISO-INSTANT",
      description = "Start no epoch that would end after this instant (e.g. 2026-11-24T04:02:00Z).")
  Optional<Instant> deadline = Optional.empty();

  @Option(names = "--schedule-start", paramLabel = "ISO-INSTANT",
      description = "With --deadline: run the cosine schedule over wall-clock time from this instant to the deadline"
          + " instead of over --epochs.")
  Optional<Instant> scheduleStart = Optional.empty();
  @Option(names = "--seed", defaultValue = "1",
      description = "Seed of sampling, augmentation, clicks and initial weights: a run repeats exactly (default"
          + " ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--no-resume", description = "Start over even if --out holds a checkpoint.")
  boolean noResume;

  @Option(names = "--force",
      description = "Resume even though --out's checkpoint was trained with other settings (crop, lr, batch size,"
          + " seed, model, ...); without it such a resume is refused, naming each difference.")
  boolean force;

  @Option(names = "--export", paramLabel = "PATH",
      description = "Write the trained network at the end: an iseg network folder, or one file when PATH ends in"
          + " .safetensors; either loads with --checkpoint PATH.")
  Optional<Path> export = Optional.empty();

  @Option(names = "--working-size", paramLabel = "PIXELS",
      description = "With --export: the longer side the exported network resizes its input (a whole image or a"
          + " ZoomIn crop) to at inference, 0 = the input's own size; sets speed against detail, training is not"
          + " affected (default: 256 for compact, 0 for backbone models).")
  Optional<Integer> workingSize = Optional.empty();

  @Override
  public Integer call() throws Exception {
    List<Integer> hw = pair(crop, "[xX]", Integer::valueOf, "--crop", "320x480");
    List<Double> scales = pair(scale, ",", Double::valueOf, "--scale", "0.75,1.4");
    Ranges.requireAtLeast("--max-skipped-steps", maxSkippedSteps, 0);
    if (workingSize.isPresent()) {
      Ranges.requireAtLeast("--working-size", workingSize.get(), 0);
      if (export.isEmpty()) {
        throw new IllegalArgumentException("--working-size applies to the exported network; add --export PATH");
      }
    }
    if (scheduleStart.isPresent() && deadline.isEmpty()) {
      throw new IllegalArgumentException("--schedule-start needs --deadline (the schedule runs from one to the other)");
    }
    if (init.isPresent() && model.equalsIgnoreCase("compact")) {
      throw new IllegalArgumentException("--init needs a backbone model such as --model mobilenetv2; the compact "
          + "network trains as a bare block (resume it from --out instead)");
    }
    if (init.isPresent() && pretrained.isPresent()) {
      throw new IllegalArgumentException("--init already sets every weight, the backbone's too; drop --pretrained");
    }
    if (holdOutTest && !dataset.equalsIgnoreCase("bsds500")) {
      throw new IllegalArgumentException("--hold-out-test works with --dataset bsds500 only, got " + dataset);
    }
    if (!Files.isDirectory(datasetRoot)) {
      throw new IllegalArgumentException("--dataset-root " + datasetRoot.toAbsolutePath() + " does not exist or is"
          + " not a folder; pass the folder that holds the " + dataset + " dataset (e.g. ../shared/datasets/BSDS500)");
    }
    // outputs are checked before the datasets load and the epochs run
    Outputs.requireWritableFolder(out, "--out");
    export.ifPresent(path -> {
      if (path.getFileName().toString().endsWith(".safetensors")) {
        Outputs.requireWritableFile(path, "--export");
      } else {
        Outputs.requireWritableFolder(path, "--export");
      }
    });
    SegDataset held = holdOutTest ? Bsds500Dataset.open(datasetRoot, Bsds500Dataset.Split.TEST)
        : DatasetProvider.registry().get(dataset).open(datasetRoot);
    if (held.size() <= valImages) {
      throw new IllegalArgumentException("--dataset-root " + datasetRoot + " has " + held.size()
          + " images" + (holdOutTest ? " in its test split" : "") + "; need more than --val-images " + valImages);
    }
    SegDataset valSet = DatasetViews.cached(DatasetViews.range(held, 0, valImages));
    SegDataset rest = DatasetViews.range(held, valImages, held.size());
    SegDataset trainSet = DatasetViews.cached(holdOutTest
        ? DatasetViews.concat("BSDS500-train-clean+test[" + valImages + ":]",
            Bsds500Dataset.trainingView(datasetRoot), rest)
        : rest);
    double mid = (scales.get(0) + scales.get(1)) / 2;
    RegionDataset train = new RegionDataset(trainSet, RegionSelectors.randomLayerObject(minArea, mergeProbability),
        Transforms.ritmTraining(hw.get(0), hw.get(1), scales.get(0), scales.get(1)), seed);
    RegionDataset val = new RegionDataset(valSet, RegionSelectors.randomLayerObject(4 * minArea, 0),
        Transforms.ritmValidation(hw.get(0), hw.get(1), mid), seed + 1);
    System.out.println("training " + model + " on " + trainSet.name() + " (" + trainSet.size() + " images), "
        + "validating on " + valSet.name() + "; crop " + crop + ", scale " + scale + ", out " + out);

    Trainer.Builder builder = Trainer.builder()
        .train(train)
        .validation(val, valImages)
        .validationClicks(valClicks)
        .batchSize(batchSize)
        .epochs(epochs)
        .samplesPerEpoch(samplesPerEpoch)
        .schedule(LrSchedule.cosine(lr, minLr))
        .maxIterClicks(maxIterClicks)
        .maxSkippedSteps(maxSkippedSteps)
        .workers(workers)
        .seed(seed)
        .resume(!noResume)
        .force(force)
        .settings(runSettings())
        .logEvery(logEvery)
        .checkpointDir(out);
    deadline.ifPresent(builder::deadline);
    scheduleStart.ifPresent(start -> builder.timeSchedule(start, deadline.get()));
    Optional<IisNetwork> backbone = Optional.empty();
    CompactIisNet.Width compactWidth = CompactIisNet.Width.parse(width, "--width");
    if (model.equalsIgnoreCase("compact")) {
      if (pretrained.isPresent()) {
        throw new IllegalArgumentException("--pretrained needs a backbone model such as --model mobilenetv2; the "
            + "compact network has no pretrained weights");
      }
      if (normalization.isPresent()) {
        throw new IllegalArgumentException("--normalization is for backbone models such as --model mobilenetv2; the "
            + "compact network normalises its input itself");
      }
      builder.network(new CompactIisNet(compactWidth), true);
    } else {
      NetworkConfig.Builder config = NetworkConfig.ritm(model).toBuilder()
          .fusion(fusion);
      config.normalization(inputScaling().normalization);
      if (init.isPresent()) {
        Path start = init.get();
        try (IisNetwork from = ModelFiles.load(start)) {
          // by state-dict name and shape: a network of another model or fusion is refused, naming the parameter
          backbone = Optional.of(IisNetworks.withParametersOf(config.build(), from.block()));
        }
        System.out.println("initial weights from " + start);
      } else {
        backbone = Optional.of(IisNetworks.create(config.build()));
      }
      if (pretrained.isPresent()) {
        IisNetwork net = backbone.get();
        if (!(net.block() instanceof IisNetBlock block)) {
          throw new IllegalArgumentException("--pretrained: model " + model + " has no backbone to load it into");
        }
        block.backbone().loadPretrained(pretrained.get(), net.manager());
        System.out.println("backbone weights from " + pretrained.get());
      }
      builder.network(backbone.get());
    }
    Files.createDirectories(out);
    try (Trainer trainer = builder.build()) {
      Trainer.Result result = trainer.fit();
      System.out.printf(Locale.ROOT, "done: epoch %d, %d samples seen, %.0f s trained%s%n",
          result.lastEpoch(), result.samplesSeen(), result.elapsedSeconds(),
          result.stoppedByDeadline() ? " (stopped by the deadline)" : "");
      if (export.isPresent()) {
        if (backbone.isPresent() && workingSize.isEmpty()) {
          ModelFiles.save(backbone.get(), export.get());
        } else {
          // the compact network trains as a bare block; either is exported as a network of the asked working size
          NetworkConfig config = backbone.isPresent()
              ? backbone.get().config().toBuilder().workingSize(workingSize.get()).build()
              : CompactNetworkProvider.config(compactWidth, workingSize.orElse(DEFAULT_WORKING_SIZE));
          try (IisNetwork exported = IisNetworks.withParametersOf(config,
              backbone.isPresent() ? backbone.get().block() : trainer.network())) {
            ModelFiles.save(exported, export.get());
          }
        }
        System.out.println("exported to " + export.get());
      }
    } finally {
      backbone.ifPresent(IisNetwork::close);
    }
    return 0;
  }

  /** x in [0, 1] for mobilenetv2: nsfwjs's x / 255, what its features were checked on. */
  private InputScaling inputScaling() {
    return normalization.orElse(model.equalsIgnoreCase("mobilenetv2") ? InputScaling.unit : InputScaling.imagenet);
  }

  /** What a resume must not change (the trainer adds batch size, seed, samples per epoch and the network). */
  private Map<String, String> runSettings() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("model", model.toLowerCase(Locale.ROOT));
    s.put("fusion", model.equalsIgnoreCase("compact") ? "-" : fusion.name().toLowerCase(Locale.ROOT));
    s.put("normalization", model.equalsIgnoreCase("compact") ? "-" : inputScaling().name());
    s.put("width", model.equalsIgnoreCase("compact") ? width : "-");
    s.put("dataset", dataset.toLowerCase(Locale.ROOT));
    s.put("hold-out-test", Boolean.toString(holdOutTest));
    s.put("crop", crop.toLowerCase(Locale.ROOT));
    s.put("scale", scale);
    s.put("min-area", Integer.toString(minArea));
    s.put("merge-prob", Double.toString(mergeProbability));
    s.put("lr", Double.toString(lr));
    s.put("min-lr", Double.toString(minLr));
    s.put("val-images", Integer.toString(valImages));
    s.put("val-clicks", Integer.toString(valClicks));
    return s;
  }

  /** Two numbers joined by {@code separator} (a regex); the message names the option and shows an example. */
  private static <T> List<T> pair(String value, String separator, Function<String, T> parse, String option,
      String example) {
    String[] parts = value.split(separator);
    try {
      if (parts.length == 2) {
        return List.of(parse.apply(parts[0].strip()), parse.apply(parts[1].strip()));
      }
    } catch (NumberFormatException e) {
      // fall through to the message below
    }
    throw new IllegalArgumentException(option + " must look like " + example + ", got '" + value + "'");
  }
}
