package org.iseg.engine.training;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.iseg.api.Click;
import org.iseg.api.ClickHistory;
import org.iseg.api.Mask;
import org.iseg.clicking.robots.RitmRobot;
import org.iseg.clicking.robots.TrainingClicker;
import org.iseg.clicking.sampling.InitialClickSampler;
import org.iseg.clicking.sampling.MultiPointSampler;
import org.iseg.data.RegionDataset;
import org.iseg.data.RegionSample;
import org.iseg.engine.RunSettings;
import org.iseg.engine.training.loss.RitmLoss;
import org.iseg.engine.training.optim.AdamOptimizer;
import org.iseg.engine.training.optim.LrSchedule;
import org.iseg.metrics.Iou;
import org.iseg.models.nn.NativeCheck;
import org.iseg.models.IisNetwork;
import org.iseg.models.backbones.HrnetBackbone;
import org.iseg.models.fusion.IisNetBlock;
import org.iseg.models.compact.CompactIisNet;

/**
 * RITM's iterative training with mask guidance (ITER-M; {@code isegm/engine/trainer.py}) for any DJL network that
 * takes {@code NDList(image, prevMask, points)} (or {@code NDList(image, points)} without the previous mask) and
 * returns {@code NDList(instances[, instancesAux])} logits at the input size — any {@link IisNetwork} of the
 * models module (every backbone and fusion), or {@link CompactIisNet}.
 *
 * <p>Every batch: the samples of a {@link RegionDataset} (augmented crops, one target region each) get initial
 * clicks from iseg-clicking's RITM sampler ({@link MultiPointSampler}, up to 24 of each sign); then {@code
 * 0..maxIterClicks} times (uniformly drawn), the network predicts without gradients in evaluation mode, the
 * prediction is fed back as the previous mask and a {@link TrainingClicker} adds one click on its error; finally the
 * network runs in training mode and {@link RitmLoss} (normalized focal loss + 0.4 x auxiliary BCE) is minimised with
 * {@link AdamOptimizer} (lr 5e-4, backbone x 0.1, see {@link #isRitmBackbone}) under DJL autograd. Data loading runs on worker threads; everything is seeded, so a run is reproducible.
 *
 * <p>After every epoch: validation (loss with the sampled clicks, mean IoU after 1..k clicks of the RITM robot),
 * {@code metrics.csv} / {@code metrics.json}, and an atomically written checkpoint {@code last.ckpt} (plus
 * {@code best.ckpt} by validation loss); a new {@code fit()} on the same folder resumes after the last saved
 * epoch, unless the checkpoint was written under other {@link Builder#settings settings} (refused, naming each
 * difference, unless {@link Builder#force forced}) or fails its content hash. The checkpoint carries every epoch's
 * metrics row, so a kill between it and the metrics files loses no row. A NaN loss stops the run with the last good
 * checkpoint intact.
 *
 * <pre>{@code
 * CompactIisNet net = new CompactIisNet(CompactIisNet.Width.DEFAULT);
 * RegionDataset train = new RegionDataset(Bsds500Dataset.trainingView(root),
 *     RegionSelectors.randomLayerObject(80, 0.15), Transforms.ritmTraining(320, 480, 0.75, 1.4), 1);
 * try (Trainer trainer = Trainer.builder().network(net, true).train(train).validation(val, 64)
 *     .batchSize(8).epochs(20).checkpointDir(Path.of("runs/first")).seed(1).build()) {
 *   Trainer.Result r = trainer.fit();
 * }
 * }</pre>
 */
public final class Trainer implements AutoCloseable {
  private final Config cfg;
  private final NDManager manager;
  private final boolean ownsManager;
  private final ParameterStore store;
  private final AdamOptimizer adam = AdamOptimizer.pytorchDefaults();
  private List<Prepared> validationSet;
  private int skippedSteps;

  private Trainer(Config cfg) {
    NativeCheck.requireSoundFloat32();
    this.cfg = cfg;
    this.ownsManager = cfg.manager().isEmpty();
    this.manager = cfg.manager()
        .orElseGet(() -> NDManager.newBaseManager(Engine.getEngine("PyTorch").getEngineName()));
    this.store = new ParameterStore(manager, false);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The network being trained (initialised on the first {@link #fit}). */
  public Block network() {
    return cfg.network();
  }

  /** The configuration the builder made. */
  public Config config() {
    return cfg;
  }

  /** The outcome of {@link #fit}. */
  public record Result(List<EpochMetrics> epochs, int lastEpoch, long samplesSeen, double elapsedSeconds,
      Optional<Path> checkpoint, boolean stoppedByDeadline) {
    public Result {
      epochs = List.copyOf(epochs);
    }
  }

  /** A sample ready for batching: CHW image in [0, 1], labels 1/0/-1, target mask and initial clicks. */
  private record Prepared(String id, int height, int width, float[] image, float[] labels, Mask target,
      List<Click> positives, List<Click> negatives) {}

  /**
   * Where the wall time of one training step went, in nanoseconds: waiting for the data-loading workers and
   * batching their samples, simulating {@code clickIterations} clicks (no-gradient forwards plus the clicker),
   * the trained forward with the loss, the backward pass, and the optimiser (gradient check plus Adam).
   */
  public record StepTiming(int batchSize, int clickIterations, long dataNanos, long clickNanos, long forwardNanos,
      long backwardNanos, long optimizerNanos) {
    public long totalNanos() {
      return dataNanos + clickNanos + forwardNanos + backwardNanos + optimizerNanos;
    }
  }

  /** What one epoch of training did (before validation). */
  private record EpochTraining(double meanLoss, double lastLr, long samples) {}

  /**
   * Trains until {@code epochs} epochs are done (resuming from {@code checkpointDir/last.ckpt} when present), or
   * until the deadline would be passed by another epoch.
   */
  public Result fit() {
    RegionDataset train = cfg.train();
    if (train.size() == 0) {
      throw new IllegalArgumentException("training dataset " + train.name() + " is empty; point it at a folder "
          + "with images and annotations");
    }
    Instant started = Instant.now();
    Prepared probe = prepare(train, 0, cfg.seed(), 0);
    ensureInitialized(probe.height(), probe.width());

    int startEpoch = 0;
    long samplesSeen = 0;
    double elapsedBefore = 0;
    List<EpochMetrics> history = new ArrayList<>();
    Optional<Path> last = cfg.checkpointDir().map(d -> d.resolve("last.ckpt"));
    cfg.checkpointDir().ifPresent(Trainer::deleteStaleTemporaries);
    if (last.isPresent() && cfg.resume() && Files.isRegularFile(last.get())) {
      try {
        TrainingCheckpoint.Header saved = TrainingCheckpoint.readHeader(last.get());
        checkSettings(last.get(), saved.settings());
        TrainingCheckpoint.Header h = TrainingCheckpoint.read(last.get(), cfg.network(), Optional.of(adam), manager);
        startEpoch = h.epoch();
        samplesSeen = h.samplesSeen();
        elapsedBefore = h.elapsedSeconds();
        Path dir = cfg.checkpointDir().get();
        if (h.metricsRows().isEmpty()) { // a checkpoint written before the rows travelled with it
          history.addAll(readHistory(dir.resolve("metrics.csv"), startEpoch));
        } else {
          h.metricsRows().forEach(row -> history.add(EpochMetrics.fromCsvRow(row)));
          writeMetrics(dir, history); // recovers a row lost to a kill between the checkpoint and the metrics
        }
        log(String.format(Locale.ROOT, "resumed from %s: epoch %d done, %d samples seen, %.0f s trained",
            last.get(), startEpoch, samplesSeen, elapsedBefore));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read checkpoint " + last.get(), e);
      }
    }
    if (cfg.validation().isPresent() && validationSet == null) {
      validationSet = prepareValidation(cfg.validation().get());
    }
    boolean stopped = false;
    double lastEpochSeconds = 0;
    ExecutorService workers = Executors.newFixedThreadPool(cfg.workers(), r -> {
      Thread t = new Thread(r, "iseg-train-data");
      t.setDaemon(true);
      return t;
    });
    try {
      for (int epoch = startEpoch; epoch < cfg.epochs(); epoch++) {
        if (cfg.deadline().isPresent()
            && Instant.now().plusSeconds((long) Math.ceil(lastEpochSeconds)).isAfter(cfg.deadline().get())) {
          log("deadline " + cfg.deadline().get() + " reached before epoch " + (epoch + 1) + "; stopping");
          stopped = true;
          break;
        }
        long t0 = System.nanoTime();
        EpochTraining done = trainEpoch(epoch, workers);
        long samples = done.samples();
        samplesSeen += samples;
        double valLoss = Double.NaN;
        double[] valIou = new double[0];
        if (validationSet != null) {
          valLoss = validationLoss();
          valIou = validationIou(cfg.validationClicks());
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        lastEpochSeconds = seconds;
        EpochMetrics m = new EpochMetrics(epoch + 1, done.meanLoss(), samples, seconds, done.lastLr(), valLoss, valIou);
        history.add(m);
        log(m.toString());
        if (cfg.checkpointDir().isPresent()) {
          double elapsed = elapsedBefore + Duration.between(started, Instant.now()).toMillis() / 1e3;
          saveEpoch(cfg.checkpointDir().get(), m, history, new TrainingCheckpoint.Header(epoch + 1, samplesSeen,
              adam.steps(), elapsed, cfg.networkName(), runSettings(),
              history.stream().map(EpochMetrics::csvRow).toList()));
        }
      }
    } finally {
      workers.shutdownNow();
    }
    double elapsed = elapsedBefore + Duration.between(started, Instant.now()).toMillis() / 1e3;
    int lastEpoch = history.isEmpty() ? startEpoch : history.get(history.size() - 1).epoch();
    return new Result(history, lastEpoch, samplesSeen, elapsed, last.filter(Files::isRegularFile), stopped);
  }

  /** Validation figures of the current weights. */
  public record Validation(double loss, double[] iou) {
    public Validation {
      iou = iou.clone();
    }

    @Override
    public double[] iou() {
      return iou.clone();
    }
  }

  /**
   * Validates the network as it is now (initialising it first if needed): what {@link #fit} reports after each
   * epoch, e.g. to compare with the untrained network.
   */
  public Validation validate() {
    RegionDataset val = cfg.validation().orElseThrow(() -> new IllegalStateException(
        "no validation set; configure one with validation(regionDataset, samples)"));
    if (validationSet == null) {
      validationSet = prepareValidation(val);
    }
    ensureInitialized(validationSet.get(0).height(), validationSet.get(0).width());
    return new Validation(validationLoss(), validationIou(cfg.validationClicks()));
  }

  /**
   * What this run may not change on resume: the caller's {@link Builder#settings} plus what the trainer itself
   * knows. Epochs are left out on purpose (raising them extends a run).
   */
  Map<String, String> runSettings() {
    Map<String, String> s = new LinkedHashMap<>(cfg.settings());
    s.putIfAbsent("network", cfg.networkName());
    s.putIfAbsent("batch-size", Integer.toString(cfg.batchSize()));
    s.putIfAbsent("seed", Long.toString(cfg.seed()));
    s.putIfAbsent("samples-per-epoch", Integer.toString(cfg.samplesPerEpoch()));
    s.putIfAbsent("max-iter-clicks", Integer.toString(cfg.maxIterClicks()));
    s.putIfAbsent("with-prev-mask", Boolean.toString(cfg.withPrevMask()));
    return s;
  }

  /** Refuses to resume a checkpoint written under other settings unless forced; lists every difference. */
  private void checkSettings(Path checkpoint, Map<String, String> saved) {
    if (saved.isEmpty()) {
      return; // written before settings were recorded: nothing to compare
    }
    List<String> differences = RunSettings.differences(saved, runSettings());
    if (differences.isEmpty()) {
      return;
    }
    String list = String.join("; ", differences);
    if (cfg.force()) {
      log("resuming " + checkpoint + " under changed settings (forced): " + list);
      return;
    }
    throw new TrainingException("cannot resume from " + checkpoint + ": it was trained with other settings: " + list
        + ". Run with the original settings, force the resume (--force / Builder.force(true)), or start over "
        + "(--no-resume, or another output folder)");
  }

  private void ensureInitialized(int h, int w) {
    if (!cfg.network().isInitialized()) {
      // parameter initialisation draws from the engine's generator: seed it so runs repeat
      manager.getEngine().setRandomSeed((int) (cfg.seed() ^ (cfg.seed() >>> 32)));
      Shape[] shapes = cfg.withPrevMask()
          ? new Shape[] {new Shape(1, 3, h, w), new Shape(1, 1, h, w), new Shape(1, 2, 3)}
          : new Shape[] {new Shape(1, 3, h, w), new Shape(1, 2, 3)};
      cfg.network().initialize(manager, DataType.FLOAT32, shapes);
    }
  }

  // ---------------------------------------------------------------- training

  private EpochTraining trainEpoch(int epoch, ExecutorService workers) {
    RegionDataset train = cfg.train();
    int size = train.size();
    int perEpoch = cfg.samplesPerEpoch() > 0 ? cfg.samplesPerEpoch() : size;
    int batches = perEpoch / cfg.batchSize();
    if (batches == 0) {
      throw new IllegalArgumentException("an epoch of " + perEpoch + " samples holds no full batch of "
          + cfg.batchSize() + "; lower batchSize or raise samplesPerEpoch");
    }
    int total = batches * cfg.batchSize();
    int[] order = new int[total];
    int[] pass = new int[total];
    for (int j = 0; j < total; j += size) {
      int p = j / size;
      int[] perm = permutation(size, new Random(mix(cfg.seed(), epoch * 100_003L + p)));
      for (int k = 0; k < size && j + k < total; k++) {
        order[j + k] = perm[k];
        pass[j + k] = p;
      }
    }
    long totalSteps = (long) cfg.epochs() * batches;
    List<Future<Prepared>> pending = new ArrayList<>(total);
    int window = Math.max(2 * cfg.batchSize(), cfg.workers() * 4);
    int submitted = 0;
    double lossSum = 0;
    double lastLr = 0;
    long t0 = System.nanoTime();
    for (int b = 0; b < batches; b++) {
      while (submitted < total && submitted < (b + 1) * cfg.batchSize() + window) {
        final int j = submitted++;
        final long dsSeed = mix(cfg.seed(), epoch * 1_000_003L + pass[j]);
        pending.add(workers.submit(() -> prepare(train, order[j], dsSeed, j)));
      }
      long waitStart = System.nanoTime();
      List<Prepared> batch = new ArrayList<>(cfg.batchSize());
      for (int k = b * cfg.batchSize(); k < (b + 1) * cfg.batchSize(); k++) {
        batch.add(await(pending.get(k)));
        pending.set(k, null);
      }
      long waited = System.nanoTime() - waitStart;
      double progress = cfg.timeSchedule().isPresent()
          ? cfg.timeSchedule().get().progress(Instant.now())
          : (epoch * (double) batches + b) / totalSteps;
      double lr = cfg.schedule().lr(epoch, progress);
      lastLr = lr;
      double loss = step(batch, lr, new Random(mix(cfg.seed() ^ 0x5DEECE66DL, epoch * 1_000_003L + b)), epoch, b,
          waited);
      lossSum += loss;
      long now = System.nanoTime();
      if ((b + 1) % cfg.logEvery() == 0 || b + 1 == batches) {
        double secs = (now - t0) / 1e9;
        double speed = (b + 1) * cfg.batchSize() / secs;
        double eta = (batches - b - 1) * cfg.batchSize() / Math.max(speed, 1e-9);
        log(String.format(Locale.ROOT, "epoch %d [%d/%d] loss %.4f (avg %.4f) %.2f samples/s lr %.2e eta %.0fs",
            epoch + 1, b + 1, batches, loss, lossSum / (b + 1), speed, lr, eta));
      }
    }
    return new EpochTraining(lossSum / batches, lastLr, total);
  }

  /** One optimisation step on a batch; returns the loss. */
  private double step(List<Prepared> batch, double lr, Random random, int epoch, int batchIndex, long waited) {
    long t0 = System.nanoTime();
    try (NDManager bm = manager.newSubManager()) {
      int n = batch.size();
      int h = batch.get(0).height();
      int w = batch.get(0).width();
      NDArray image = images(bm, batch);
      NDArray labels = labels(bm, batch);
      List<List<Click>> pos = clickLists(batch, Prepared::positives);
      List<List<Click>> neg = clickLists(batch, Prepared::negatives);
      int iters = random.nextInt(cfg.maxIterClicks() + 1);
      long t1 = System.nanoTime();
      NDArray prev = bm.zeros(new Shape(n, 1, h, w));
      for (int it = 0; it < iters; it++) {
        NDArray out = cfg.network().forward(store, inputs(image, prev, points(bm, pos, neg)), false).get(0);
        prev = out.getNDArrayInternal().sigmoid().stopGradient();
        float[] probs = prev.toFloatArray();
        for (int s = 0; s < n; s++) {
          int index = pos.get(s).size() + neg.get(s).size();
          Optional<Click> c = cfg.clicker().next(probs, s * h * w, batch.get(s).target(), index, random);
          if (c.isPresent()) {
            (c.get().positive() ? pos : neg).get(s).add(c.get());
          }
        }
      }
      if (iters > 0 && cfg.prevMaskDropProbability() > 0) {
        float[] keep = new float[n];
        for (int s = 0; s < n; s++) {
          keep[s] = random.nextDouble() < cfg.prevMaskDropProbability() ? 0f : 1f;
        }
        prev = prev.mul(bm.create(keep, new Shape(n, 1, 1, 1)));
      }
      NDArray pts = points(bm, pos, neg);
      double value;
      long t2 = System.nanoTime();
      long t3;
      try (GradientCollector gc = manager.getEngine().newGradientCollector()) {
        NDArray loss = loss(cfg.network().forward(store, inputs(image, prev, pts), true), labels);
        value = loss.getFloat();
        if (!Double.isFinite(value)) {
          throw new TrainingException(String.format(Locale.ROOT, "the loss became %s at epoch %d, batch %d "
              + "(lr %.2e); training stopped before this step touched the weights. The last good checkpoint is %s. "
              + "Lower the learning rate (e.g. builder.lr(...)/--lr) and resume.", value, epoch + 1,
              batchIndex + 1, lr, cfg.checkpointDir().map(d -> d.resolve("last.ckpt").toString())
                  .orElse("absent (no checkpointDir)")));
        }
        t3 = System.nanoTime();
        gc.backward(loss);
      }
      long t4 = System.nanoTime();
      Map<String, NDArray> trainable = trainableParameters();
      if (finiteGradients(trainable, epoch, batchIndex, lr)) {
        adam.step(trainable, lr, name -> isBackbone(name) ? cfg.backboneLrMult() : 1.0, manager);
      } // else skipped, gradients zeroed: the weights and Adam's moments are untouched
      cfg.stepTimings().accept(new StepTiming(n, iters, waited + (t1 - t0), t2 - t1, t3 - t2, t4 - t3,
          System.nanoTime() - t4));
      return value;
    } catch (EngineException e) {
      throw outOfMemory(e, batch).orElseThrow(() -> e);
    } catch (OutOfMemoryError e) {
      throw outOfMemory(e, batch).orElseThrow(() -> e);
    }
  }

  private Optional<TrainingException> outOfMemory(Throwable e, List<Prepared> batch) {
    String msg = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    if (e instanceof OutOfMemoryError || msg.contains("memory") || msg.contains("alloc")) {
      return Optional.of(new TrainingException(String.format(Locale.ROOT, "a batch of %d samples of %dx%d does "
          + "not fit in memory (%s); lower the batch size (builder.batchSize / --batch-size, now %d) or the crop "
          + "size, and resume from the last checkpoint", batch.size(), batch.get(0).height(), batch.get(0).width(),
          e.getMessage(), cfg.batchSize()), e));
    }
    return Optional.empty();
  }

  private boolean isBackbone(String name) {
    return cfg.isBackbone().test(name);
  }

  /**
   * Whether RITM's HRNetModel trains a parameter at the backbone rate: everything under
   * {@code feature_extractor.} except the OCR modules ({@code ocr_distri_head}, {@code ocr_gather_head},
   * {@code conv3x3_ocr}), which RITM resets to the full rate.
   */
  public static boolean isRitmBackbone(String parameterName) {
    String prefix = IisNetBlock.FEATURE_EXTRACTOR + ".";
    return parameterName.startsWith(prefix) && !HrnetBackbone.isOcrModule(parameterName.substring(prefix.length()));
  }

  /**
   * A finite loss can still have NaN or infinite gradients (an operation whose derivative blows up); Adam would
   * write them into every weight and the next checkpoint would save them, so stop before the update instead.
   */
  /**
   * Whether every gradient is finite. A finite loss can still have NaN or infinite gradients (an operation whose
   * derivative blows up); Adam would write them into every weight and the next checkpoint would save them. Such a
   * step is skipped (gradients zeroed, as PyTorch's GradScaler skips steps with non-finite gradients) at most
   * {@link Builder#maxSkippedSteps} times in a run, each logged; beyond that the run stops.
   */
  private boolean finiteGradients(Map<String, NDArray> trainable, int epoch, int batchIndex, double lr) {
    List<String> bad = new ArrayList<>();
    for (Map.Entry<String, NDArray> p : trainable.entrySet()) {
      // both handles are closed: they stay attached to the parameter's long-lived manager otherwise, two per
      // parameter per step
      try (NDArray g = p.getValue().getGradient(); NDArray sum = g.sum()) {
        if (!Float.isFinite(sum.getFloat())) { // NaN or infinite when any element is
          bad.add(p.getKey());
        }
      }
    }
    if (bad.isEmpty()) {
      return true;
    }
    log("non-finite gradients: " + String.join(" ", bad));
    // gradients flow from the output back: the non-finite parameter registered last sits nearest the output, and
    // the operation that broke lies between it and the next parameter whose gradient is still finite
    String where = String.format(Locale.ROOT, "the gradients of %d of %d parameters became non-finite at epoch %d, "
        + "batch %d (lr %.2e) while the loss was finite (first %s, last %s)", bad.size(), trainable.size(),
        epoch + 1, batchIndex + 1, lr, bad.get(0), bad.get(bad.size() - 1));
    if (skippedSteps < cfg.maxSkippedSteps()) {
      skippedSteps++;
      for (NDArray w : trainable.values()) {
        try (NDArray g = w.getGradient(); NDArray nan = g.isNaN(); NDArray inf = g.isInfinite();
            NDArray nonFinite = nan.logicalOr(inf)) {
          g.set(nonFinite, 0f); // g - g alone would keep NaN and infinities as NaN
          g.subi(g);
        }
      }
      log(where + "; step skipped (" + skippedSteps + " of at most " + cfg.maxSkippedSteps() + " in this run)");
      return false;
    }
    throw new TrainingException(where + "; training stopped before this step touched the weights"
        + (cfg.maxSkippedSteps() > 0 ? " (" + skippedSteps + " steps skipped already)" : "") + ". The last good "
        + "checkpoint is " + cfg.checkpointDir().map(d -> d.resolve("last.ckpt").toString())
            .orElse("absent (no checkpointDir)") + ". An operation in the network or loss has an unbounded "
        + "derivative there; lowering the learning rate does not help. Occasional such steps can be skipped "
        + "(Builder.maxSkippedSteps / --max-skipped-steps).");
  }

  private Map<String, NDArray> trainableParameters() {
    Map<String, NDArray> out = new LinkedHashMap<>();
    if (cfg.parameters().isPresent()) {
      for (Map.Entry<String, Parameter> p : cfg.parameters().get().get().entrySet()) {
        if (p.getValue().requiresGradient()) {
          out.put(p.getKey(), p.getValue().getArray());
        }
      }
      return out;
    }
    for (Pair<String, Parameter> p : cfg.network().getParameters()) {
      if (p.getValue().requiresGradient()) {
        out.put(p.getKey(), p.getValue().getArray());
      }
    }
    return out;
  }

  /** RITM's loss of the network's output (instances and, when present, the auxiliary instances). */
  private NDArray loss(NDList out, NDArray labels) {
    Optional<NDArray> aux = out.size() > 1 ? Optional.of(out.get(1)) : Optional.empty();
    return cfg.loss().total(out.get(0), aux, labels);
  }

  /** Each sample's clicks of one sign, in lists the click simulation may extend. */
  private static List<List<Click>> clickLists(List<Prepared> batch, Function<Prepared, List<Click>> sign) {
    List<List<Click>> out = new ArrayList<>(batch.size());
    for (Prepared p : batch) {
      out.add(new ArrayList<>(sign.apply(p)));
    }
    return out;
  }

  private NDList inputs(NDArray image, NDArray prev, NDArray points) {
    return cfg.withPrevMask() ? new NDList(image, prev, points) : new NDList(image, points);
  }

  /** Points N x 2K x 3 (row, col, index), positives in the first K rows; unused rows are -1. */
  static NDArray points(NDManager m, List<List<Click>> pos, List<List<Click>> neg) {
    int n = pos.size();
    int k = 1;
    for (int s = 0; s < n; s++) {
      k = Math.max(k, Math.max(pos.get(s).size(), neg.get(s).size()));
    }
    float[] data = new float[n * 2 * k * 3];
    java.util.Arrays.fill(data, -1f);
    for (int s = 0; s < n; s++) {
      fill(data, (s * 2 * k) * 3, pos.get(s));
      fill(data, (s * 2 * k + k) * 3, neg.get(s));
    }
    return m.create(data, new Shape(n, 2L * k, 3));
  }

  private static void fill(float[] data, int offset, List<Click> clicks) {
    for (int i = 0; i < clicks.size(); i++) {
      Click c = clicks.get(i);
      data[offset + 3 * i] = c.row();
      data[offset + 3 * i + 1] = c.col();
      data[offset + 3 * i + 2] = c.index();
    }
  }

  /** The batch's images, N x 3 x H x W; every sample must have the first one's size. */
  private static NDArray images(NDManager m, List<Prepared> batch) {
    int h = batch.get(0).height();
    int w = batch.get(0).width();
    float[] out = new float[batch.size() * 3 * h * w];
    for (int s = 0; s < batch.size(); s++) {
      Prepared p = batch.get(s);
      if (p.height() != h || p.width() != w) {
        throw new IllegalArgumentException("samples of one batch differ in size (" + batch.get(0).id() + " is "
            + h + "x" + w + ", " + p.id() + " is " + p.height() + "x" + p.width() + "); give the dataset a crop "
            + "transform (Transforms.ritmTraining(h, w, minScale, maxScale)) so every sample has the same size");
      }
      System.arraycopy(p.image(), 0, out, s * 3 * h * w, 3 * h * w);
    }
    return m.create(out, new Shape(batch.size(), 3, h, w));
  }

  /** The batch's labels (1, 0, -1), N x 1 x H x W, after {@link #images} checked the sizes. */
  private static NDArray labels(NDManager m, List<Prepared> batch) {
    int h = batch.get(0).height();
    int w = batch.get(0).width();
    float[] out = new float[batch.size() * h * w];
    for (int s = 0; s < batch.size(); s++) {
      System.arraycopy(batch.get(s).labels(), 0, out, s * h * w, h * w);
    }
    return m.create(out, new Shape(batch.size(), 1, h, w));
  }

  // ---------------------------------------------------------------- data

  /** Sample {@code index} with a target that has object pixels, trying other draws and samples if needed. */
  private Prepared prepare(RegionDataset data, int index, long seed, int salt) {
    int size = data.size();
    for (int attempt = 0; attempt < cfg.maxSampleAttempts(); attempt++) {
      int idx = (int) ((index + (long) attempt * 7919) % size);
      RegionSample s = data.withSeed(mix(seed, attempt)).get(idx);
      if (s.target().area() > 0) {
        Random r = new Random(mix(seed ^ 0x9E3779B97F4A7C15L, idx * 31L + attempt));
        return toPrepared(s, cfg.sampler().sample(s.target(), Optional.empty(), r));
      }
    }
    throw new TrainingException("the region selector yielded no object in " + cfg.maxSampleAttempts()
        + " draws around sample " + index + " of " + data.name() + "; check the dataset's annotations and the "
        + "selector's minimum area (the crop may be too small for it)");
  }

  private static Prepared toPrepared(RegionSample s, List<Click> clicks) {
    int h = s.image().height();
    int w = s.image().width();
    byte[] rgb = s.image().toRgbBytes();
    float[] image = new float[3 * h * w];
    int plane = h * w;
    for (int i = 0; i < plane; i++) {
      image[i] = (rgb[3 * i] & 0xFF) / 255f;
      image[plane + i] = (rgb[3 * i + 1] & 0xFF) / 255f;
      image[2 * plane + i] = (rgb[3 * i + 2] & 0xFF) / 255f;
    }
    float[] labels = new float[plane];
    Mask t = s.target();
    for (int i = 0; i < plane; i++) {
      labels[i] = t.labelAt(i);
    }
    List<Click> positives = clicks.stream().filter(Click::positive).toList();
    List<Click> negatives = clicks.stream().filter(c -> !c.positive()).toList();
    return new Prepared(s.id(), h, w, image, labels, t, positives, negatives);
  }

  private List<Prepared> prepareValidation(RegionDataset val) {
    if (val.size() == 0) {
      throw new IllegalArgumentException("validation dataset " + val.name() + " is empty");
    }
    int n = cfg.validationSamples() > 0 ? Math.min(cfg.validationSamples(), val.size()) : val.size();
    List<Prepared> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(prepare(val, i, mix(cfg.seed(), -1), i));
    }
    return out;
  }

  // ---------------------------------------------------------------- validation

  /** Mean loss with the sampled initial clicks and no previous mask, network in evaluation mode. */
  private double validationLoss() {
    double sum = 0;
    int count = 0;
    for (List<Prepared> batch : batches(validationSet)) {
      try (NDManager bm = manager.newSubManager()) {
        int n = batch.size();
        NDArray image = images(bm, batch);
        NDArray labels = labels(bm, batch);
        NDArray points = points(bm, clickLists(batch, Prepared::positives), clickLists(batch, Prepared::negatives));
        // no previous mask: zeros of the labels' shape, N x 1 x H x W
        NDList out = cfg.network().forward(store, inputs(image, bm.zeros(labels.getShape()), points), false);
        sum += loss(out, labels).getFloat() * n;
        count += n;
      }
    }
    return sum / count;
  }

  /** Mean IoU after 1..clicks clicks of the RITM robot, previous prediction fed back (threshold 0.49). */
  private double[] validationIou(int clicks) {
    double[] sum = new double[clicks];
    RitmRobot robot = new RitmRobot(1);
    for (List<Prepared> batch : batches(validationSet)) {
      try (NDManager bm = manager.newSubManager()) {
        int n = batch.size();
        int h = batch.get(0).height();
        int w = batch.get(0).width();
        NDArray image = images(bm, batch);
        NDArray prev = bm.zeros(new Shape(n, 1, h, w));
        ClickHistory[] histories = new ClickHistory[n];
        Mask[] preds = new Mask[n];
        for (int s = 0; s < n; s++) {
          histories[s] = ClickHistory.empty();
          preds[s] = Mask.empty(h, w);
        }
        for (int k = 0; k < clicks; k++) {
          List<List<Click>> pos = new ArrayList<>();
          List<List<Click>> neg = new ArrayList<>();
          for (int s = 0; s < n; s++) {
            histories[s] = histories[s].plus(robot.next(preds[s], batch.get(s).target(), histories[s]));
            pos.add(histories[s].positives());
            neg.add(histories[s].negatives());
          }
          NDArray out = cfg.network().forward(store, inputs(image, prev, points(bm, pos, neg)), false).get(0);
          prev = out.getNDArrayInternal().sigmoid();
          float[] probs = prev.toFloatArray();
          for (int s = 0; s < n; s++) {
            byte[] labels = new byte[h * w];
            for (int i = 0; i < labels.length; i++) {
              labels[i] = probs[s * h * w + i] > 0.49f ? Mask.OBJECT : Mask.BACKGROUND;
            }
            preds[s] = Mask.fromLabels(h, w, labels);
            sum[k] += Iou.of(preds[s], batch.get(s).target());
          }
        }
      }
    }
    for (int k = 0; k < clicks; k++) {
      sum[k] /= validationSet.size();
    }
    return sum;
  }

  private List<List<Prepared>> batches(List<Prepared> all) {
    List<List<Prepared>> out = new ArrayList<>();
    for (int i = 0; i < all.size(); i += cfg.batchSize()) {
      out.add(all.subList(i, Math.min(all.size(), i + cfg.batchSize())));
    }
    return out;
  }

  // ---------------------------------------------------------------- files

  private void saveEpoch(Path dir, EpochMetrics m, List<EpochMetrics> history, TrainingCheckpoint.Header header) {
    try {
      Files.createDirectories(dir);
      Path last = dir.resolve("last.ckpt");
      TrainingCheckpoint.write(last, header, cfg.network(), Optional.of(adam));
      if (Double.isFinite(m.valLoss())) {
        double best = Double.POSITIVE_INFINITY;
        for (EpochMetrics e : history.subList(0, history.size() - 1)) {
          best = Math.min(best, e.valLoss());
        }
        if (m.valLoss() < best) {
          Path tmp = Files.createTempFile(dir, "best", ".tmp");
          Files.copy(last, tmp, StandardCopyOption.REPLACE_EXISTING);
          Files.move(tmp, dir.resolve("best.ckpt"), StandardCopyOption.ATOMIC_MOVE,
              StandardCopyOption.REPLACE_EXISTING);
        }
      }
      // the checkpoint above already holds this epoch's row: a kill before these lines loses nothing
      writeMetrics(dir, history);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the checkpoint or metrics to " + dir, e);
    }
  }

  private void writeMetrics(Path dir, List<EpochMetrics> history) throws IOException {
    StringBuilder csv = new StringBuilder(EpochMetrics.csvHeader(cfg.validationClicks())).append('\n');
    StringBuilder json = new StringBuilder("[\n");
    for (int i = 0; i < history.size(); i++) {
      csv.append(history.get(i).csvRow()).append('\n');
      json.append("  ").append(history.get(i).json()).append(i + 1 < history.size() ? ",\n" : "\n");
    }
    json.append("]\n");
    writeAtomically(dir.resolve("metrics.csv"), csv.toString());
    writeAtomically(dir.resolve("metrics.json"), json.toString());
  }

  private static void writeAtomically(Path file, String text) throws IOException {
    Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName().toString(), ".tmp");
    try {
      Files.writeString(tmp, text);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Deletes the temporary files a killed run left behind ({@code last.ckpt123.tmp}, {@code best456.tmp},
   * {@code metrics.csv789.tmp}, ...); only names this trainer writes are touched.
   */
  static void deleteStaleTemporaries(Path dir) {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (var files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        String name = f.getFileName().toString();
        if (name.endsWith(".tmp") && (name.startsWith("last.ckpt") || name.startsWith("best")
            || name.startsWith("metrics.csv") || name.startsWith("metrics.json"))) {
          Files.deleteIfExists(f);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clean temporary files in " + dir, e);
    }
  }

  /** The metrics of epochs 1..upTo from an earlier run's CSV (empty if absent). */
  static List<EpochMetrics> readHistory(Path csv, int upTo) throws IOException {
    List<EpochMetrics> out = new ArrayList<>();
    if (!Files.isRegularFile(csv)) {
      return out;
    }
    List<String> lines = Files.readAllLines(csv);
    for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
      if (line.split(",").length < 7) {
        continue;
      }
      EpochMetrics m = EpochMetrics.fromCsvRow(line);
      if (m.epoch() <= upTo) {
        out.add(m);
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- helpers

  private void log(String line) {
    cfg.log().accept(line);
  }

  private static <T> T await(Future<T> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TrainingException("interrupted while loading training data", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException re) {
        throw re;
      }
      throw new TrainingException("loading a training sample failed: " + c, c);
    }
  }

  private static int[] permutation(int n, Random random) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  static long mix(long seed, long salt) {
    long z = seed * 0x9E3779B97F4A7C15L + salt + 0x632BE59BD9B4E019L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  @Override
  public void close() {
    if (ownsManager) {
      manager.close();
    }
  }

  /** A wall-clock window over which the learning-rate schedule runs instead of over the epochs. */
  public record TimeWindow(Instant start, Instant end) {
    public TimeWindow {
      Objects.requireNonNull(start, "start");
      Objects.requireNonNull(end, "end");
      checkArgument(end.isAfter(start), "time schedule end " + end + " must come after its start " + start);
    }

    /** The fraction of the window passed at {@code now}, in [0, 1]. */
    public double progress(Instant now) {
      double total = Duration.between(start, end).toMillis();
      double done = Duration.between(start, now).toMillis();
      return Math.max(0, Math.min(1, done / total));
    }
  }

  /**
   * The trainer's configuration, made by {@link Builder#build()} (see the builder's methods for each value).
   * Immutable apart from what its parts are: the network block and datasets are used, not copied.
   */
  public record Config(
      Block network,
      String networkName,
      boolean withPrevMask,
      Predicate<String> isBackbone,
      double backboneLrMult,
      Optional<Supplier<Map<String, Parameter>>> parameters,
      RegionDataset train,
      Optional<RegionDataset> validation,
      int validationSamples,
      int validationClicks,
      int batchSize,
      int epochs,
      int samplesPerEpoch,
      LrSchedule schedule,
      Optional<TimeWindow> timeSchedule,
      InitialClickSampler sampler,
      TrainingClicker clicker,
      int maxIterClicks,
      double prevMaskDropProbability,
      RitmLoss loss,
      long seed,
      int workers,
      Optional<Path> checkpointDir,
      boolean resume,
      Map<String, String> settings,
      boolean force,
      int logEvery,
      Consumer<String> log,
      Consumer<StepTiming> stepTimings,
      Optional<Instant> deadline,
      int maxSampleAttempts,
      int maxSkippedSteps,
      Optional<NDManager> manager) {
    public Config {
      Objects.requireNonNull(network, "network");
      Objects.requireNonNull(networkName, "networkName");
      Objects.requireNonNull(isBackbone, "isBackbone");
      Objects.requireNonNull(parameters, "parameters");
      Objects.requireNonNull(train, "train");
      Objects.requireNonNull(validation, "validation");
      Objects.requireNonNull(schedule, "schedule");
      Objects.requireNonNull(timeSchedule, "timeSchedule");
      Objects.requireNonNull(sampler, "sampler");
      Objects.requireNonNull(clicker, "clicker");
      Objects.requireNonNull(loss, "loss");
      Objects.requireNonNull(checkpointDir, "checkpointDir");
      settings = Map.copyOf(settings);
      Objects.requireNonNull(log, "log");
      Objects.requireNonNull(stepTimings, "stepTimings");
      Objects.requireNonNull(deadline, "deadline");
      Objects.requireNonNull(manager, "manager");
    }
  }

  /** Builds a {@link Config} and the trainer on it; defaults follow RITM's ITER-M setting where it has one. */
  public static final class Builder {
    private Block network;
    private String networkName = "";
    private boolean withPrevMask = true;
    private Predicate<String> isBackbone = Trainer::isRitmBackbone;
    private double backboneLrMult = 0.1;
    private Optional<Supplier<Map<String, Parameter>>> parameters = Optional.empty();
    private RegionDataset train;
    private Optional<RegionDataset> validation = Optional.empty();
    private int validationSamples;
    private int validationClicks = 3;
    private int batchSize = 8;
    private int epochs = 1;
    private int samplesPerEpoch;
    private LrSchedule schedule = LrSchedule.cosine(5e-4, 5e-6);
    private Optional<TimeWindow> timeSchedule = Optional.empty();
    private InitialClickSampler sampler = MultiPointSampler.builder().maxNumPoints(24).probGamma(0.8).build();
    private TrainingClicker clicker = TrainingClicker.ritm();
    private int maxIterClicks = 3;
    private double prevMaskDropProbability;
    private RitmLoss loss = RitmLoss.hrnetDefaults();
    private long seed = 1;
    private int workers = 2;
    private Optional<Path> checkpointDir = Optional.empty();
    private boolean resume = true;
    private Map<String, String> settings = Map.of();
    private boolean force;
    private int logEvery = 10;
    private Consumer<String> log = System.out::println;
    private Consumer<StepTiming> stepTimings = t -> {};
    private Optional<Instant> deadline = Optional.empty();
    private int maxSampleAttempts = 50;
    private int maxSkippedSteps;
    private Optional<NDManager> manager = Optional.empty();

    private Builder() {}

    /**
     * The network: a block taking {@code NDList(image, prevMask, points)} when {@code withPrevMask} (else
     * {@code NDList(image, points)}) and returning {@code NDList(instances[, instancesAux])} logits.
     */
    public Builder network(Block network, boolean withPrevMask) {
      this.network = Objects.requireNonNull(network, "network");
      this.withPrevMask = withPrevMask;
      this.networkName = TrainingCheckpoint.describe(network);
      this.parameters = Optional.empty();
      return this;
    }

    /**
     * A network of the models module (any backbone and fusion, e.g. {@code IisNetworks.create(NetworkConfig
     * .ritm("hrnet18s"))}): its block, previous-mask setting, manager and parameter names are used, and its
     * backbone says which parameters train at the backbone rate ({@link
     * org.iseg.models.IisNetworks#atBackboneRate}; call {@link #backbone} after this to override).
     */
    public Builder network(IisNetwork network) {
      Objects.requireNonNull(network, "network");
      network(network.block(), network.withPrevMask());
      this.manager = Optional.of(network.manager());
      this.networkName = "IisNetwork" + network.config();
      this.parameters = Optional.of(() -> org.iseg.models.IisNetworks.parameters(network));
      this.isBackbone = org.iseg.models.IisNetworks.atBackboneRate(network);
      return this;
    }

    /**
     * Which parameters train at {@code lrMult} times the rate (default: RITM's rule, {@link #isRitmBackbone}, at
     * 0.1).
     */
    public Builder backbone(Predicate<String> isBackbone, double lrMult) {
      this.isBackbone = Objects.requireNonNull(isBackbone, "isBackbone");
      checkArgument(lrMult > 0, "backbone lr multiplier must be > 0, got " + lrMult);
      this.backboneLrMult = lrMult;
      return this;
    }

    public Builder train(RegionDataset train) {
      this.train = Objects.requireNonNull(train, "train");
      return this;
    }

    /** A held-out split; the first {@code samples} of it (0 = all) are validated after every epoch. */
    public Builder validation(RegionDataset validation, int samples) {
      checkArgument(samples >= 0, "validation samples must be >= 0 (0 = all), got " + samples);
      this.validation = Optional.of(Objects.requireNonNull(validation, "validation"));
      this.validationSamples = samples;
      return this;
    }

    /** Clicks of the IoU-after-k-clicks validation (default 3). */
    public Builder validationClicks(int clicks) {
      this.validationClicks = atLeast(1, clicks, "validation clicks");
      return this;
    }

    public Builder batchSize(int batchSize) {
      this.batchSize = atLeast(1, batchSize, "batch size");
      return this;
    }

    public Builder epochs(int epochs) {
      this.epochs = atLeast(1, epochs, "epochs");
      return this;
    }

    /** Samples per epoch (default: the dataset size; more repeats the dataset with fresh augmentations). */
    public Builder samplesPerEpoch(int samples) {
      this.samplesPerEpoch = atLeast(0, samples, "samples per epoch");
      return this;
    }

    /** The base rate 5e-4 (RITM) under a cosine schedule unless set. */
    public Builder schedule(LrSchedule schedule) {
      this.schedule = Objects.requireNonNull(schedule, "schedule");
      return this;
    }

    /** The initial clicks of each sample (default: RITM's multi-point sampler, 24 points, gamma 0.8). */
    public Builder sampler(InitialClickSampler sampler) {
      this.sampler = Objects.requireNonNull(sampler, "sampler");
      return this;
    }

    /** The clicker of the iterative clicks (default: RITM's, threshold 0.49). */
    public Builder clicker(TrainingClicker clicker) {
      this.clicker = Objects.requireNonNull(clicker, "clicker");
      return this;
    }

    /** Most clicks added on the model's own predictions before the trained forward pass (RITM: 3). */
    public Builder maxIterClicks(int n) {
      this.maxIterClicks = atLeast(0, n, "maxIterClicks");
      return this;
    }

    public Builder prevMaskDropProbability(double p) {
      checkArgument(p >= 0 && p <= 1, "prevMaskDropProbability must lie in [0, 1], got " + p);
      this.prevMaskDropProbability = p;
      return this;
    }

    public Builder loss(RitmLoss loss) {
      this.loss = Objects.requireNonNull(loss, "loss");
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Data-loading threads (default 2). */
    public Builder workers(int workers) {
      this.workers = atLeast(1, workers, "workers");
      return this;
    }

    /** Where {@code last.ckpt}, {@code best.ckpt}, {@code metrics.csv} and {@code metrics.json} go. */
    public Builder checkpointDir(Path dir) {
      this.checkpointDir = Optional.of(Objects.requireNonNull(dir, "dir"));
      return this;
    }

    /** Whether {@link #fit} resumes from {@code last.ckpt} when it exists (default true). */
    public Builder resume(boolean resume) {
      this.resume = resume;
      return this;
    }

    /**
     * Settings of the run that the trainer cannot see (e.g. {@code crop=320x480}, {@code lr=5e-4}), recorded in
     * every checkpoint; a resume under different values is refused unless {@link #force}. Batch size, seed,
     * samples per epoch, iterative clicks and the network are recorded without being listed here.
     */
    public Builder settings(Map<String, String> settings) {
      this.settings = Map.copyOf(settings);
      return this;
    }

    /** Resume even when the checkpoint was written under other settings (the differences are logged). */
    public Builder force(boolean force) {
      this.force = force;
      return this;
    }

    public Builder logEvery(int batches) {
      this.logEvery = atLeast(1, batches, "logEvery");
      return this;
    }

    public Builder log(Consumer<String> log) {
      this.log = Objects.requireNonNull(log, "log");
      return this;
    }

    /** Receives where the time of every training step went (what {@code iseg bench training} prints). */
    public Builder stepTimings(Consumer<StepTiming> stepTimings) {
      this.stepTimings = Objects.requireNonNull(stepTimings, "stepTimings");
      return this;
    }

    /** No epoch is started that would, at the last epoch's duration, end after this instant. */
    public Builder deadline(Instant deadline) {
      this.deadline = Optional.of(Objects.requireNonNull(deadline, "deadline"));
      return this;
    }

    /**
     * Runs the learning-rate schedule over wall-clock time from {@code start} to {@code end} instead of over
     * {@code epochs}: for a run that must finish by a deadline on a machine of unknown speed. Not reproducible
     * step for step (the rate depends on timing).
     */
    public Builder timeSchedule(Instant start, Instant end) {
      this.timeSchedule = Optional.of(new TimeWindow(start, end));
      return this;
    }

    /** Draws tried per sample before a selector that yields no object is an error (default 50). */
    public Builder maxSampleAttempts(int attempts) {
      this.maxSampleAttempts = atLeast(1, attempts, "maxSampleAttempts");
      return this;
    }

    /**
     * Steps with non-finite gradients under a finite loss that may be skipped in a run, each logged (default 0:
     * the first stops the run).
     */
    public Builder maxSkippedSteps(int steps) {
      this.maxSkippedSteps = atLeast(0, steps, "maxSkippedSteps");
      return this;
    }

    /** The manager that holds the network's parameters (default: one the trainer owns and closes). */
    public Builder manager(NDManager manager) {
      this.manager = Optional.of(Objects.requireNonNull(manager, "manager"));
      return this;
    }

    /** {@code value}, refused unless at least {@code min} (the message names {@code what}). */
    private static int atLeast(int min, int value, String what) {
      checkArgument(value >= min, what + " must be >= " + min + ", got " + value);
      return value;
    }

    /** The configuration as set so far. */
    public Config config() {
      if (network == null) {
        throw new IllegalStateException("set the network with network(block, withPrevMask) or network(iisNetwork)");
      }
      if (train == null) {
        throw new IllegalStateException("set the training data with train(regionDataset)");
      }
      return new Config(network, networkName, withPrevMask, isBackbone, backboneLrMult, parameters, train,
          validation, validationSamples, validationClicks, batchSize, epochs, samplesPerEpoch, schedule,
          timeSchedule, sampler, clicker, maxIterClicks, prevMaskDropProbability, loss, seed, workers,
          checkpointDir, resume, settings, force, logEvery, log, stepTimings, deadline, maxSampleAttempts, maxSkippedSteps,
          manager);
    }

    public Trainer build() {
      return new Trainer(config());
    }
  }
}
