package org.iseg.data.datasets;

import java.nio.file.Path;
import java.util.function.Function;
import org.iseg.api.spi.AbstractNamedProvider;
import org.iseg.data.EvaluationDataset;
import org.iseg.data.SegDataset;
import org.iseg.data.selectors.RegionSelectors;
import org.iseg.data.spi.DatasetProvider;

/** The dataset providers shipped with iseg-data, registered in META-INF/services. */
public final class StandardProviders {
  private StandardProviders() {}

  /** A provider given by its name, description and two openers (ServiceLoader needs one no-arg class each). */
  private abstract static class Standard extends AbstractNamedProvider implements DatasetProvider {
    private final Function<Path, SegDataset> open;
    private final Function<Path, EvaluationDataset> openEvaluation;

    Standard(String name, String description, Function<Path, SegDataset> open,
        Function<Path, EvaluationDataset> openEvaluation) {
      super(name, description);
      this.open = open;
      this.openEvaluation = openEvaluation;
    }

    @Override
    public SegDataset open(Path root) {
      return open.apply(root);
    }

    @Override
    public EvaluationDataset openEvaluation(Path root) {
      return openEvaluation.apply(root);
    }
  }

  /** {@code grabcut}: GrabCut in RITM's layout ({@code data_GT/}, {@code boundary_GT/}). */
  public static final class GrabCut extends Standard {
    public GrabCut() {
      super("grabcut", "GrabCut: data_GT/* + boundary_GT/*.bmp (255 object, 128 ignore)", GrabCutDataset::open,
          GrabCutDataset::evaluation);
    }
  }

  /** {@code berkeley}: Berkeley in RITM's layout ({@code images/}, {@code masks/}). */
  public static final class Berkeley extends Standard {
    public Berkeley() {
      super("berkeley", "Berkeley: images/*.jpg + masks/*.png (RITM's GrabCut rule)", GrabCutDataset::openBerkeley,
          GrabCutDataset::berkeleyEvaluation);
    }
  }

  /** {@code davis}: DAVIS in RITM's layout ({@code img/}, {@code gt/}). */
  public static final class Davis extends Standard {
    public Davis() {
      super("davis", "DAVIS: img/*.jpg + gt/*.png palette masks (target = union of objects)", DavisDataset::open,
          DavisDataset::evaluation);
    }
  }

  /** {@code coco_mval}: COCO_MVal in RITM's layout ({@code img/}, {@code gt/}). */
  public static final class CocoMval extends Standard {
    public CocoMval() {
      super("coco_mval", "COCO_MVal: img/*.jpg + gt/*.png (target = any non-zero pixel)", DavisDataset::openCocoMval,
          DavisDataset::cocoMvalEvaluation);
    }
  }

  /** {@code bsds500}: open = the clean training view; evaluation = test split, largest region of any annotator. */
  public static final class Bsds500 extends Standard {
    public Bsds500() {
      super("bsds500", "BSDS500: images/{train,val,test}/*.jpg + groundTruth/*.mat, one layer per annotator; open() = "
          + "train+val without test-set overlaps", Bsds500Dataset::trainingView,
          root -> EvaluationDataset.of(Bsds500Dataset.open(root, Bsds500Dataset.Split.TEST),
              RegionSelectors.largestObject()));
    }
  }

  /** {@code sbd}: open = train split; evaluation = RITM's per-instance val set. */
  public static final class Sbd extends Standard {
    public Sbd() {
      super("sbd", "SBD: img/*.jpg + inst/*.mat (GTinst) [+ cls/*.mat]; open() = train.txt, evaluation = every val "
          + "instance", root -> SbdDataset.open(root, "train"), SbdDataset::evaluation);
    }
  }

  /** {@code pascalvoc}: open = train split; evaluation = every instance of val. */
  public static final class PascalVoc extends Standard {
    public PascalVoc() {
      super("pascalvoc", "PASCAL VOC 2012: JPEGImages + SegmentationObject palette PNGs (255 ignore); open() = train, "
          + "evaluation = every val instance", root -> PascalVocDataset.open(root, "train"),
          PascalVocDataset::evaluation);
    }
  }

  /** {@code coco_lvis}: a COCO or LVIS annotation JSON with its images. */
  public static final class CocoLvis extends Standard {
    public CocoLvis() {
      super("coco_lvis", "COCO/LVIS JSON: annotations.json (polygons, RLE) + images/; evaluation = every instance",
          root -> CocoDataset.open(root, "COCO_LVIS"), root -> CocoDataset.open(root, "COCO_LVIS").evaluation());
    }
  }

  /** {@code folder}: generic images + PNG label masks. */
  public static final class Folder extends Standard {
    public Folder() {
      super("folder", "Your data: images/* + masks/<stem>.png label masks (0 background); evaluation target = all "
          + "objects", FolderDataset::open, root -> FolderDataset.open(root).evaluation());
    }
  }
}
