package org.iseg.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.iseg.api.Image;
import org.iseg.data.io.ImageFiles;
import org.iseg.engine.segmentation.Mask2FormerPredictor;
import org.iseg.engine.segmentation.SegmentationResult;
import org.iseg.engine.segmentation.SegmentationTask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code iseg segment}: EasyCV's {@code Mask2formerPredictor} from the command line, on one image or a folder.
 *
 * <pre>
 * ./iseg segment --task panoptic --checkpoint mask2former_r50_panoptic_export.pth photo.jpg --out results/
 * </pre>
 */
@Command(
    name = "segment",
    mixinStandardHelpOptions = true,
    description = {
      "Instance, panoptic or semantic segmentation of an image or a folder with an EasyCV Mask2Former export.",
      "The export is what EasyCV's tools/export.py writes. Per image, into --out: instance: STEM.instances.json (COCO"
          + " results: RLE, bbox, score, category) and STEM.instance.png; panoptic: STEM.panoptic.png (COCO"
          + " panoptic ids), STEM.segments.json and STEM.panoptic-overlay.png; semantic: STEM.semantic.png (class"
          + " per pixel) and STEM.semantic-overlay.png."
    })
final class SegmentCommand implements Callable<Integer> {

  @Option(names = "--checkpoint", required = true, paramLabel = "FILE.pth|NAME",
      description = "An EasyCV Mask2Former export (torch.save of state_dict + meta.config), or the name of one the"
          + " article publishes (mask2former_instance_export, mask2former_pan_export, mask2former_semantic_export;"
          + " downloaded into the cache when online).")
  String checkpoint;

  @Option(names = "--task", required = true, paramLabel = "instance|panoptic|semantic",
      description = "What to compute.")
  String task;

  @Parameters(index = "0", paramLabel = "IMAGE|FOLDER", description = "An image, or a folder of images.")
  Path input;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (created).")
  Path out;

  @Option(names = "--score-thr", defaultValue = "0.5",
      description = "Instances drawn in the overlay score at least this (default ${DEFAULT-VALUE}; the JSON has all).")
  double scoreThreshold;

  @Option(names = "--float64",
      description = "Compute the network in float64: about twice as slow, free of our own float32 rounding.")
  boolean float64;

  @Option(names = "--max-pixels", defaultValue = "64000000", paramLabel = "N",
      description = "Refuse images of more pixels than this (default ${DEFAULT-VALUE}).")
  long maxPixels;

  @Option(names = "--batch-size", defaultValue = "1", paramLabel = "N",
      description = "Images per network forward (default ${DEFAULT-VALUE}); images of one padded size share a "
          + "batch, results equal one-by-one.")
  int batchSize;

  @Override
  public Integer call() throws IOException {
    SegmentationTask t = SegmentationTask.parse(task);
    Ranges.requireAtLeast("--batch-size", batchSize, 1);
    Ranges.requireProbability("--score-thr", scoreThreshold);
    if (!Files.exists(input)) {
      throw new IllegalArgumentException("image or folder " + input + " does not exist");
    }
    List<Path> images = Files.isDirectory(input) ? ImageFiles.listImages(input) : List.of(input);
    if (images.isEmpty()) {
      throw new IllegalArgumentException("folder " + input + " holds no images (JPEG, PNG, BMP)");
    }
    Outputs.requireWritableFolder(out, "--out");
    Path export = Mask2FormerInputs.export(checkpoint);
    try (Mask2FormerPredictor predictor = Mask2FormerInputs.predictor(export, float64, t)) {
      int n = images.size();
      for (int start = 0; start < n; start += batchSize) {
        long t0 = System.nanoTime();
        List<Path> files = images.subList(start, Math.min(n, start + batchSize));
        List<Image> batch = new java.util.ArrayList<>();
        for (Path file : files) {
          batch.add(PredictCommand.readImage(file, maxPixels));
        }
        List<SegmentationResult> results = predictor.predict(batch);
        double seconds = (System.nanoTime() - t0) / 1e9 / files.size();
        for (int j = 0; j < files.size(); j++) {
          String summary = write(predictor, t, files.get(j), batch.get(j), results.get(j));
          System.out.printf(Locale.ROOT, "[%d/%d] %s: %s (%.2f s)%n", start + j + 1, n, files.get(j).getFileName(),
              summary, seconds);
        }
      }
    }
    return 0;
  }

  private String write(Mask2FormerPredictor predictor, SegmentationTask t, Path file, Image image,
      SegmentationResult r) {
    String stem = ImageFiles.stem(file);
    var cfg = predictor.config();
    Map<Path, Outputs.Writer> files = new LinkedHashMap<>();
    String summary;
    switch (t) {
      case INSTANCE -> {
        var instances = r.instances().orElseThrow();
        files.put(out.resolve(stem + ".instances.json"), f -> SegmentationFiles.writeJson(f,
            SegmentationFiles.instancesJson(file.getFileName().toString(), instances)));
        files.put(out.resolve(stem + ".instance.png"), f -> ImageFiles.writePng(f,
            SegmentationFiles.instanceOverlay(image, cfg, instances, scoreThreshold)));
        summary = instances.size() + " instances, " + instances.stream().filter(i -> i.score() >= scoreThreshold)
            .count() + " scoring >= " + scoreThreshold;
      }
      case PANOPTIC -> {
        var pan = r.panoptic().orElseThrow();
        files.put(out.resolve(stem + ".panoptic.png"), f -> ImageFiles.writePng(f,
            SegmentationFiles.panopticPng(r.height(), r.width(), pan)));
        files.put(out.resolve(stem + ".segments.json"), f -> SegmentationFiles.writeJson(f,
            SegmentationFiles.segmentsJson(stem + ".panoptic.png", pan)));
        files.put(out.resolve(stem + ".panoptic-overlay.png"), f -> ImageFiles.writePng(f,
            SegmentationFiles.panopticOverlay(image, cfg, pan)));
        summary = pan.segments().size() + " segments " + pan.segments().stream()
            .map(s -> s.className()).toList();
      }
      default -> {
        int[] labels = r.semantic().orElseThrow();
        files.put(out.resolve(stem + ".semantic.png"), f -> SegmentationFiles.writeLabels(f, r.height(), r.width(),
            labels));
        files.put(out.resolve(stem + ".semantic-overlay.png"), f -> ImageFiles.writePng(f,
            SegmentationFiles.semanticOverlay(image, cfg, labels)));
        summary = java.util.Arrays.stream(labels).distinct().count() + " classes";
      }
    }
    Outputs.writeAll(files);
    return summary;
  }
}
