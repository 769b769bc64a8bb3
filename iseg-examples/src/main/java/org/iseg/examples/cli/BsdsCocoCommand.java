package org.iseg.examples.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.iseg.data.datasets.Bsds500Coco;
import org.iseg.data.datasets.Bsds500Dataset;
import org.iseg.models.checkpoint.TorchCheckpoint;
import org.iseg.models.mask2former.Mask2FormerConfig;
import org.iseg.models.mask2former.Mask2FormerModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code iseg bsds-coco}: a COCO-format set from BSDS500's human segmentations for a Mask2Former checkpoint's classes
 * (border regions = stuff, inner regions = things; see {@link Bsds500Coco}).
 *
 * <pre>
 * ./iseg bsds-coco --root ../shared/datasets/BSDS500 --split clean --from 0 --to 40 --checkpoint export.pth --out train.json
 * </pre>
 */
@Command(
    name = "bsds-coco",
    mixinStandardHelpOptions = true,
    description = {
      "Write a COCO instances file (things and stuff as annotations, images under ROOT/images) from BSDS500's first"
          + " annotator: regions touching the border are stuff (--upper-stuff when centred in the upper half, else"
          + " --lower-stuff, merged per image), inner regions of at least --min-thing-share of the image are things"
          + " (--thing); categories are the checkpoint's CLASSES."
    })
final class BsdsCocoCommand implements Callable<Integer> {
  @Option(names = "--root", required = true, paramLabel = "DIR", description = "The BSDS500 folder.")
  Path root;

  @Option(names = "--split", defaultValue = "clean", paramLabel = "clean|train|val|test",
      description = "clean = train + val without the GrabCut/Berkeley images (default); or one release split.")
  String split;

  @Option(names = "--from", defaultValue = "0", description = "First sample (inclusive).")
  int from;

  @Option(names = "--to", required = true, description = "Last sample (exclusive).")
  int to;

  @Option(names = "--checkpoint", required = true, paramLabel = "FILE.pth",
      description = "The Mask2Former export whose CLASSES the file lists.")
  Path checkpoint;

  @Option(names = "--thing", defaultValue = "person", description = "Class of inner regions (default ${DEFAULT-VALUE}).")
  String thing;

  @Option(names = "--upper-stuff", defaultValue = "sky-other-merged",
      description = "Class of border regions centred in the upper half (default ${DEFAULT-VALUE}).")
  String upperStuff;

  @Option(names = "--lower-stuff", defaultValue = "grass-merged",
      description = "Class of the other border regions (default ${DEFAULT-VALUE}).")
  String lowerStuff;

  @Option(names = "--min-thing-share", defaultValue = "0.01",
      description = "Smallest inner region kept, as a share of the image (default ${DEFAULT-VALUE}).")
  double minThingShare;

  @Option(names = "--out", required = true, paramLabel = "FILE.json", description = "The COCO file to write.")
  Path out;

  @Override
  public Integer call() {
    Outputs.requireWritableFile(out, "--out");
    Mask2FormerConfig cfg = Mask2FormerModel.configOf(TorchCheckpoint.read(checkpoint));
    if (cfg.classes().size() != cfg.numClasses()) {
      throw new IllegalArgumentException("checkpoint " + checkpoint + " names no CLASSES");
    }
    Bsds500Dataset data = switch (split) {
      case "clean" -> Bsds500Dataset.trainingView(root);
      case "train" -> Bsds500Dataset.open(root, Bsds500Dataset.Split.TRAIN);
      case "val" -> Bsds500Dataset.open(root, Bsds500Dataset.Split.VAL);
      case "test" -> Bsds500Dataset.open(root, Bsds500Dataset.Split.TEST);
      default -> throw new IllegalArgumentException("--split must be clean, train, val or test, got " + split);
    };
    Bsds500Coco.Layout layout = new Bsds500Coco.Layout(cfg.classes().subList(0, cfg.numThingClasses()),
        cfg.classes().subList(cfg.numThingClasses(), cfg.numClasses()), thing, upperStuff, lowerStuff, minThingShare);
    Bsds500Coco.write(data, from, to, layout, out);
    System.out.println("wrote " + out + ": images " + from + ".." + to + " of " + data.name() + "; --images "
        + root.resolve("images"));
    return 0;
  }
}
