package org.iseg.examples.cli;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.iseg.data.datasets.CocoDataset;
import org.iseg.engine.segmentation.Mask2FormerPredictor;
import org.iseg.engine.segmentation.SegmentationEvaluation;
import org.iseg.engine.segmentation.SegmentationTask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code iseg segment-eval}: a Mask2Former export evaluated on a COCO-format set, with the figures EasyCV's article
 * reports (PQ/SQ/RQ; box and mask AP; mIoU).
 *
 * <pre>
 * ./iseg segment-eval --task panoptic --checkpoint export.pth --annotations val.json --images val/ --json pq.json
 * </pre>
 */
@Command(
    name = "segment-eval",
    mixinStandardHelpOptions = true,
    description = {
      "Evaluate an EasyCV Mask2Former export on a COCO-format set: panoptic PQ/SQ/RQ (all, things, stuff; as"
          + " panopticapi), instance box and mask AP, AP50, AP75, APs/m/l (as COCOeval) or semantic mIoU, mAcc,"
          + " aAcc (as mmseg).",
      "--annotations is one COCO instances file whose categories are the checkpoint's CLASSES by name; stuff"
          + " regions are annotations of stuff categories. Unannotated pixels are void."
    })
final class SegmentEvalCommand implements Callable<Integer> {

  @Option(names = "--checkpoint", required = true, paramLabel = "FILE.pth|NAME",
      description = "An EasyCV Mask2Former export, or the name of one the article publishes.")
  String checkpoint;

  @Option(names = "--task", required = true, paramLabel = "instance|panoptic|semantic",
      description = "What to evaluate.")
  String task;

  @Option(names = "--annotations", required = true, paramLabel = "COCO.json",
      description = "COCO instances file (images, annotations, categories).")
  Path annotations;

  @Option(names = "--images", required = true, paramLabel = "DIR", description = "The images' folder.")
  Path images;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON (ratios in [0, 1]).")
  Path json;

  @Option(names = "--float64", description = "Compute the network in float64.")
  boolean float64;

  @Override
  public Integer call() throws IOException {
    SegmentationTask t = SegmentationTask.parse(task);
    Mask2FormerInputs.requireCocoSet(annotations, images);
    if (json != null) {
      Outputs.requireWritableFile(json, "--json");
    }
    Path export = Mask2FormerInputs.export(checkpoint);
    CocoDataset data = CocoDataset.open(annotations, images, annotations.getFileName().toString());
    try (Mask2FormerPredictor predictor = Mask2FormerInputs.predictor(export, float64, t)) {
      // refuse mismatched categories before spending minutes on the images
      SegmentationEvaluation.categoryIds(predictor.config(), data.categories(), annotations);
      int n = data.size();
      long t0 = System.nanoTime();
      SegmentationEvaluation.Report report = SegmentationEvaluation.evaluate(predictor, data, annotations, t,
          done -> System.out.printf(Locale.ROOT, "[%d/%d] %s (%.1f s)%n", done, n, data.id(done - 1),
              (System.nanoTime() - t0) / 1e9));
      System.out.println(t.id() + " on " + n + " images of " + annotations + ":");
      report.table().forEach(System.out::println);
      if (json != null) {
        JsonObject o = report.toJson();
        o.addProperty("checkpoint", export.toString());
        o.addProperty("annotations", annotations.toString());
        Outputs.writeAll(java.util.Map.of(json, f -> SegmentationFiles.writeJson(f, o)));
      }
    }
    return 0;
  }
}
