package org.iseg.examples.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.iseg.data.datasets.CocoDataset;
import org.iseg.engine.training.mask2former.Mask2FormerTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code iseg train-m2f}: fine-tunes an EasyCV Mask2Former export on a COCO-format set with EasyCV's recipe from the
 * export's own config (AdamW, backbone rate x 0.1, no decay on queries/norms, gradient clipping, step/poly schedule,
 * flip + large-scale jitter + crop, Hungarian-matched point-sampled losses with deep supervision).
 *
 * <pre>
 * ./iseg train-m2f --checkpoint export.pth --annotations train.json --images DIR --out runs/m2f --steps 200 --crop 256
 * </pre>
 */
@Command(
    name = "train-m2f",
    mixinStandardHelpOptions = true,
    description = {
      "Fine-tune an EasyCV Mask2Former export on a COCO-format set (the same annotation file segment-eval reads),"
          + " one image per step, with the optimiser, schedule, clipping, augmentation and criterion of the export's"
          + " config. Writes OUT/last.ckpt (resumable, atomic), OUT/metrics.csv and, at the end, OUT/model.pth: an"
          + " EasyCV export with the fine-tuned weights for segment and segment-eval."
    })
final class TrainM2fCommand implements Callable<Integer> {

  @Option(names = "--checkpoint", required = true, paramLabel = "FILE.pth|NAME",
      description = "The EasyCV Mask2Former export to start from (its config gives the recipe).")
  String checkpoint;

  @Option(names = "--annotations", required = true, paramLabel = "COCO.json",
      description = "COCO instances file whose categories are the checkpoint's CLASSES (stuff as annotations).")
  Path annotations;

  @Option(names = "--images", required = true, paramLabel = "DIR", description = "The images' folder.")
  Path images;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Run folder (resumed when it holds"
      + " last.ckpt).")
  Path out;

  @Option(names = "--steps", defaultValue = "100", description = "Optimisation steps, one image each (default"
      + " ${DEFAULT-VALUE}); also the schedule's max_iters.")
  long steps;

  @Option(names = "--crop", paramLabel = "PX", description = "Square crop (multiple of 32) instead of the config's"
      + " (1024); the jitter's resize scale stays. Small values keep CPU runs short.")
  Integer crop;

  @Option(names = "--lr", description = "Base learning rate instead of the config's (multipliers stay).")
  Double lr;

  @Option(names = "--num-points", paramLabel = "N", description = "Points per mask in the losses instead of the"
      + " config's num_points.")
  Integer numPoints;

  @Option(names = "--seed", defaultValue = "0", description = "Seed of the data order, augmentation and points.")
  long seed;

  @Option(names = "--log-every", defaultValue = "10", description = "Steps per loss line (default ${DEFAULT-VALUE}).")
  int logEvery;

  @Option(names = "--checkpoint-every", defaultValue = "50",
      description = "Steps between checkpoints (default ${DEFAULT-VALUE}).")
  int checkpointEvery;

  @Option(names = "--max-skipped-steps", defaultValue = "0", paramLabel = "N",
      description = "Steps with non-finite gradients under a finite loss to skip (logged) before stopping (default"
          + " ${DEFAULT-VALUE}).")
  int maxSkippedSteps;

  @Option(names = "--force", description = "Resume even when last.ckpt was written under other settings.")
  boolean force;

  @Override
  public Integer call() {
    Mask2FormerInputs.requireCocoSet(annotations, images);
    Outputs.requireWritableFolder(out, "--out");
    Path export = Mask2FormerInputs.export(checkpoint);
    CocoDataset data = CocoDataset.open(annotations, images, annotations.toString());
    Mask2FormerTrainer.Builder b = Mask2FormerTrainer.builder(export, data, out).steps(steps).seed(seed)
        .logEvery(logEvery).checkpointEvery(checkpointEvery).force(force).maxSkippedSteps(maxSkippedSteps);
    if (crop != null) {
      b.crop(crop);
    }
    if (lr != null) {
      b.lr(lr);
    }
    if (numPoints != null) {
      b.numPoints(numPoints);
    }
    Mask2FormerTrainer.Result r = b.build().fit();
    System.out.printf(Locale.ROOT, "trained %d steps in %.0f s; fine-tuned export: %s%n", r.steps(), r.seconds(),
        r.export());
    return 0;
  }
}
