package org.iseg.engine.training.mask2former;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;
import org.iseg.data.datasets.CocoDataset;
import org.iseg.engine.segmentation.SegmentationEvaluation;
import org.iseg.engine.training.TrainingCheckpoint;
import org.iseg.engine.training.TrainingException;
import org.iseg.engine.training.optim.AdamOptimizer;
import org.iseg.models.checkpoint.TorchCheckpoint;
import org.iseg.models.mask2former.Mask2FormerModel;
import org.iseg.models.mask2former.Mask2FormerNetwork;

/**
 * Fine-tunes an EasyCV Mask2Former export on a COCO-format set the way EasyCV trains it, one image per step:
 * {@link Mask2FormerTrainPipeline} (flip, large-scale jitter, crop, pad), the training forward pass,
 * {@link Mask2FormerCriterion} (with deep supervision), gradient clipping to the config's global norm, and AdamW
 * with the config's per-parameter rates and decays ({@link Mask2FormerTrainSettings}) under its per-iteration
 * schedule. BatchNorm layers keep their statistics ({@code norm_eval}); the backbone's BatchNorm affine parameters
 * stay frozen when the config says {@code requires_grad=False}.
 *
 * <p>Checkpoints are the ITER-M trainer's {@link TrainingCheckpoint}s ({@code last.ckpt}: written atomically with a
 * content hash, the run's settings and the loss rows), every {@code checkpointEvery} steps and at the end; a new run
 * on the same folder resumes after the last saved step (refusing changed settings unless forced). Each step's data
 * augmentation and random points come from {@code seed} and the step number, so a resumed run draws what the
 * uninterrupted run would have. At the end the weights are also written as an EasyCV export ({@code model.pth},
 * the original file with its tensors replaced) that {@code iseg segment} and {@code segment-eval} load.
 *
 * <pre>{@code
 * Mask2FormerTrainer.Result r = Mask2FormerTrainer.builder(Path.of("export.pth"), data, Path.of("runs/m2f"))
 *     .steps(200).crop(256).build().fit();
 * }</pre>
 */
public final class Mask2FormerTrainer {
  private final Builder cfg;

  private Mask2FormerTrainer(Builder cfg) {
    this.cfg = cfg;
  }

  /** A trainer of {@code export} on {@code data}, writing into {@code out}. */
  public static Builder builder(Path export, CocoDataset data, Path out) {
    return new Builder(export, data, out);
  }

  /**
   * What a run did.
   *
   * @param losses the mean total loss of each logging window, in order (resumed windows included)
   * @param export the fine-tuned EasyCV export ({@code last.ckpt} when the run stopped early)
   */
  public record Result(long steps, List<Double> losses, Path export, double seconds) {}

  /** Settings of a run. */
  public static final class Builder {
    private final Path export;
    private final CocoDataset data;
    private final Path out;
    private long steps = 100;
    private int logEvery = 10;
    private int checkpointEvery = 50;
    private long seed = 0;
    private Integer crop;
    private Double lr;
    private Integer numPoints;
    private boolean force;
    private long stopAfter = Long.MAX_VALUE;
    private int maxSkippedSteps;
    private Consumer<String> log = System.out::println;

    private Builder(Path export, CocoDataset data, Path out) {
      this.export = export;
      this.data = data;
      this.out = out;
    }

    /** Total optimisation steps (one image each), also the schedule's {@code max_iters}. */
    public Builder steps(long n) {
      this.steps = n;
      return this;
    }

    public Builder logEvery(int n) {
      this.logEvery = n;
      return this;
    }

    public Builder checkpointEvery(int n) {
      this.checkpointEvery = n;
      return this;
    }

    public Builder seed(long s) {
      this.seed = s;
      return this;
    }

    /** A square crop (multiple of 32) instead of the config's, for small CPU runs; the jitter's scale stays. */
    public Builder crop(int size) {
      this.crop = size;
      return this;
    }

    /** Another base rate (the config's multipliers stay). */
    public Builder lr(double rate) {
      this.lr = rate;
      return this;
    }

    /** Points per mask in the matcher and mask losses instead of the config's {@code num_points}. */
    public Builder numPoints(int n) {
      this.numPoints = n;
      return this;
    }

    /** Resume even when {@code last.ckpt} was written under other settings. */
    public Builder force(boolean f) {
      this.force = f;
      return this;
    }

    /**
     * Stops once {@code step} steps are done (checkpointed there), as an interrupted run would; a later fit resumes.
     * The schedule still runs to {@link #steps}.
     */
    public Builder stopAfter(long step) {
      this.stopAfter = step;
      return this;
    }

    /**
     * Steps with non-finite gradients under a finite loss that may be skipped (gradients zeroed, logged, as the
     * ITER-M trainer and PyTorch's GradScaler do) before the run stops; default 0.
     */
    public Builder maxSkippedSteps(int n) {
      this.maxSkippedSteps = n;
      return this;
    }

    public Builder log(Consumer<String> l) {
      this.log = l;
      return this;
    }

    public Mask2FormerTrainer build() {
      if (steps <= 0 || logEvery <= 0 || checkpointEvery <= 0) {
        throw new IllegalArgumentException("steps, logEvery and checkpointEvery must be positive");
      }
      if (crop != null && (crop < 32 || crop % 32 != 0)) {
        throw new IllegalArgumentException("crop must be a positive multiple of 32 (the network's stride), got "
            + crop);
      }
      return new Mask2FormerTrainer(this);
    }
  }

  /** The settings a run uses: the export's config with this builder's overrides. */
  public Mask2FormerTrainSettings settings() {
    Mask2FormerTrainSettings s = Mask2FormerTrainSettings.fromConfig(TorchCheckpoint.read(cfg.export).config(),
        cfg.export.toString());
    if (cfg.crop != null) {
      s = s.withCrop(cfg.crop);
    }
    if (cfg.lr != null) {
      s = s.withLr(cfg.lr);
    }
    if (cfg.numPoints != null) {
      s = s.withNumPoints(cfg.numPoints);
    }
    return s;
  }

  /** Trains to {@code steps}, resuming from {@code out/last.ckpt} when present. */
  public Result fit() {
    Mask2FormerTrainSettings s = settings();
    if (s.cropHeight() % 32 != 0 || s.cropWidth() % 32 != 0) {
      throw new IllegalArgumentException("the crop " + s.cropHeight() + "x" + s.cropWidth() + " is not a multiple of "
          + "32; pass a crop size");
    }
    long t0 = System.nanoTime();
    try (Mask2FormerModel model = Mask2FormerModel.load(cfg.export)) {
      long[] ids = SegmentationEvaluation.categoryIds(model.config(), cfg.data.categories(), cfg.data.name().isEmpty()
          ? cfg.export : Path.of(cfg.data.name()));
      Map<String, String> settings = new LinkedHashMap<>(s.describe());
      settings.put("export", cfg.export.toAbsolutePath().normalize().toString());
      settings.put("steps", Long.toString(cfg.steps));
      settings.put("seed", Long.toString(cfg.seed));
      settings.put("images", Integer.toString(cfg.data.size()));
      AdamOptimizer adam = new AdamOptimizer(s.beta1(), s.beta2(), s.eps());
      Files.createDirectories(cfg.out);
      Path last = cfg.out.resolve("last.ckpt");
      long start = 0;
      List<String> rows = new ArrayList<>();
      NDManager manager = Engine.getEngine("PyTorch").newBaseManager();
      try {
        if (Files.exists(last)) {
          TrainingCheckpoint.Header saved = TrainingCheckpoint.readHeader(last);
          checkSettings(last, saved.settings(), settings);
          TrainingCheckpoint.Header h = TrainingCheckpoint.read(last, model.stateArrays(), Optional.of(adam), manager);
          start = h.optimizerSteps();
          rows.addAll(h.metricsRows());
          cfg.log.accept("resuming " + last + " after step " + start);
        }
        Map<String, NDArray> trainable = trainable(model, s);
        double windowSum = 0;
        int windowN = 0;
        for (long step = start; step < cfg.steps; step++) {
          int index = order(step);
          Random random = new Random(cfg.seed * 0x9E3779B97F4A7C15L + step);
          Mask2FormerTrainPipeline.Sample sample = Mask2FormerTrainPipeline.apply(cfg.data, index, ids, model.config(),
              s, random);
          double factor = s.factor(step, cfg.steps);
          double loss = step(model, s, trainable, adam, sample, PointDraws.seeded(random.nextLong()), factor, manager,
              step);
          if (!Double.isFinite(loss)) {
            throw new TrainingException(String.format(Locale.ROOT, "the loss became %s at step %d; training stopped "
                + "before this step touched the weights; the last checkpoint is %s. Lower the rate (--lr) and "
                + "resume.", loss, step + 1, last));
          }
          windowSum += loss;
          windowN++;
          if ((step + 1) % cfg.logEvery == 0 || step + 1 == cfg.steps) {
            String row = String.format(Locale.ROOT, "%d,%.6f,%.3e", step + 1, windowSum / windowN, s.lr() * factor);
            rows.add(row);
            cfg.log.accept(String.format(Locale.ROOT, "step %d/%d  loss %.4f  lr %.2e  (%.1f s)", step + 1,
                cfg.steps, windowSum / windowN, s.lr() * factor, (System.nanoTime() - t0) / 1e9));
            windowSum = 0;
            windowN = 0;
          }
          boolean stop = step + 1 >= cfg.stopAfter;
          if ((step + 1) % cfg.checkpointEvery == 0 || step + 1 == cfg.steps || stop) {
            TrainingCheckpoint.write(last, new TrainingCheckpoint.Header((int) ((step + 1) / cfg.data.size()),
                step + 1, step + 1, (System.nanoTime() - t0) / 1e9, "Mask2FormerNetwork", settings, rows),
                model.stateArrays(), Optional.of(adam));
            writeMetrics(rows);
          }
          if (stop && step + 1 < cfg.steps) {
            cfg.log.accept("stopped after step " + (step + 1) + " of " + cfg.steps + "; run again to resume");
            return new Result(step + 1, losses(rows), last, (System.nanoTime() - t0) / 1e9);
          }
        }
        Path exported = cfg.out.resolve("model.pth");
        model.saveExport(exported);
        return new Result(cfg.steps, losses(rows), exported, (System.nanoTime() - t0) / 1e9);
      } finally {
        manager.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write into " + cfg.out, e);
    }
  }

  private static List<Double> losses(List<String> rows) {
    List<Double> losses = new ArrayList<>();
    for (String r : rows) {
      losses.add(Double.parseDouble(r.split(",")[1]));
    }
    return losses;
  }

  /** The image of {@code step}: a fresh seeded permutation of the set per pass. */
  private int order(long step) {
    int n = cfg.data.size();
    long pass = step / n;
    int[] perm = new int[n];
    for (int i = 0; i < n; i++) {
      perm[i] = i;
    }
    Random r = new Random(cfg.seed + 31 * pass);
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    return perm[(int) (step % n)];
  }

  private void writeMetrics(List<String> rows) throws IOException {
    StringBuilder sb = new StringBuilder("step,loss,lr\n");
    rows.forEach(r -> sb.append(r).append('\n'));
    Path tmp = cfg.out.resolve("metrics.csv.tmp");
    Files.writeString(tmp, sb.toString(), StandardCharsets.UTF_8);
    Files.move(tmp, cfg.out.resolve("metrics.csv"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  private void checkSettings(Path file, Map<String, String> saved, Map<String, String> now) {
    List<String> diff = new ArrayList<>();
    for (String k : now.keySet()) {
      if (!saved.containsKey(k) || !saved.get(k).equals(now.get(k))) {
        diff.add(k + ": " + saved.getOrDefault(k, "(absent)") + " -> " + now.get(k));
      }
    }
    if (diff.isEmpty()) {
      return;
    }
    if (cfg.force) {
      cfg.log.accept("resuming " + file + " under changed settings (forced): " + diff);
      return;
    }
    throw new TrainingException("cannot resume from " + file + ": it was trained with other settings: " + diff
        + ". Run with the original settings, force the resume (--force), or choose another --out");
  }

  /**
   * The parameters AdamW updates, by state-dict name, with gradients switched on: everything but BatchNorm's
   * statistics and, when the config freezes them, the backbone's BatchNorm affine parameters.
   */
  public static Map<String, NDArray> trainable(Mask2FormerModel model, Mask2FormerTrainSettings s) {
    Map<String, NDArray> all = model.stateArrays();
    Map<String, NDArray> out = new LinkedHashMap<>();
    for (Map.Entry<String, NDArray> e : all.entrySet()) {
      String name = e.getKey();
      if (name.endsWith(".running_mean") || name.endsWith(".running_var") || name.endsWith(".num_batches_tracked")) {
        continue;
      }
      String owner = name.substring(0, name.lastIndexOf('.') + 1);
      boolean batchNorm = all.containsKey(owner + "running_mean");
      if (batchNorm && !s.trainBackboneNorm() && name.startsWith("backbone.")) {
        continue;
      }
      NDArray a = e.getValue();
      if (!a.hasGradient()) {
        a.setRequiresGradient(true);
      }
      out.put(name, a);
    }
    return out;
  }

  /**
   * The total loss of one image through the training forward pass (what a step back-propagates); arrays belong to
   * {@code input}'s manager.
   */
  public static Mask2FormerLosses losses(Mask2FormerModel model, Mask2FormerTrainSettings s, NDArray input,
      MaskSetTarget target, PointDraws draws) {
    Mask2FormerNetwork.Output out = model.forwardTrain(input);
    List<MaskSetPrediction> predictions = new ArrayList<>();
    predictions.add(new MaskSetPrediction(out.logits(), out.masks()));
    if (s.deepSupervision()) {
      for (NDArray[] aux : out.aux()) {
        predictions.add(new MaskSetPrediction(aux[0], aux[1]));
      }
    }
    return s.criterion().compute(predictions, List.of(target), draws);
  }

  private double step(Mask2FormerModel model, Mask2FormerTrainSettings s, Map<String, NDArray> trainable,
      AdamOptimizer adam, Mask2FormerTrainPipeline.Sample sample, PointDraws draws, double factor,
      NDManager manager, long stepIndex) {
    double value;
    try (NDManager scope = manager.newSubManager()) {
      NDArray input = scope.create(sample.chw(), new Shape(1, 3, sample.height(), sample.width()));
      try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
        NDArray total = losses(model, s, input, sample.target(), draws).total();
        value = total.getFloat();
        if (!Double.isFinite(value)) {
          return value;
        }
        gc.backward(total);
      }
    }
    if (!finiteGradients(trainable, stepIndex)) {
      return value;
    }
    clip(trainable, s.gradClipMaxNorm());
    adam.step(trainable, factor, name -> s.baseLr(name), s::weightDecay, manager);
    return value;
  }

  private int skipped;

  private boolean finiteGradients(Map<String, NDArray> trainable, long step) {
    List<String> bad = new ArrayList<>();
    for (Map.Entry<String, NDArray> p : trainable.entrySet()) {
      try (NDArray g = p.getValue().getGradient(); NDArray sum = g.sum()) {
        if (!Float.isFinite(sum.getFloat())) {
          bad.add(p.getKey());
        }
      }
    }
    if (bad.isEmpty()) {
      return true;
    }
    String where = String.format(Locale.ROOT, "the gradients of %d of %d parameters became non-finite at step %d "
        + "while the loss was finite (first %s, last %s)", bad.size(), trainable.size(), step + 1, bad.get(0),
        bad.get(bad.size() - 1));
    if (skipped < cfg.maxSkippedSteps) {
      skipped++;
      for (NDArray w : trainable.values()) {
        try (NDArray g = w.getGradient()) {
          g.set(g.isNaN().logicalOr(g.isInfinite()), 0f);
          g.subi(g);
        }
      }
      cfg.log.accept(where + "; step skipped (" + skipped + " of at most " + cfg.maxSkippedSteps + ")");
      return false;
    }
    throw new TrainingException(where + "; training stopped before this step touched the weights; the last "
        + "checkpoint is " + cfg.out.resolve("last.ckpt") + ". Occasional such steps can be skipped "
        + "(--max-skipped-steps).");
  }

  /**
   * {@code torch.nn.utils.clip_grad_norm_(params, max_norm, 2)}: scales every gradient by
   * {@code max_norm / (total_norm + 1e-6)} when that is below 1; returns the total norm.
   */
  public static double clip(Map<String, NDArray> params, double maxNorm) {
    double sq = 0;
    for (NDArray a : params.values()) {
      try (NDArray g = a.getGradient(); NDArray n = g.square().sum()) {
        sq += n.getFloat();
      }
    }
    double total = Math.sqrt(sq);
    if (maxNorm > 0) {
      double coef = maxNorm / (total + 1e-6);
      if (coef < 1) {
        for (NDArray a : params.values()) {
          try (NDArray g = a.getGradient()) {
            g.muli((float) coef);
          }
        }
      }
    }
    return total;
  }
}
