package org.iseg.data.datasets;

import java.nio.file.Path;
import org.iseg.data.EvaluationDataset;
import org.iseg.data.SegDataset;
import org.iseg.data.selectors.RegionSelectors;
import org.iseg.data.spi.DatasetProvider;

/** The dataset providers shipped with iseg-data, registered in META-INF/services. */
public final class StandardProviders {
  private StandardProviders() {}

  /** {@code grabcut}: GrabCut in RITM's layout ({@code data_GT/}, {@code boundary_GT/}). */
  public static final class GrabCut implements DatasetProvider {
    @Override
    public String name() {
      return "grabcut";
    }

    @Override
    public String description() {
      return "GrabCut: data_GT/* + boundary_GT/*.bmp (255 object, 128 ignore)";
    }

    @Override
    public SegDataset open(Path root) {
      return GrabCutDataset.open(root);
    }

    @Override
    public EvaluationDataset openEvaluation(Path root) {
      return GrabCutDataset.evaluation(root);
    }
  }

  /** {@code berkeley}: Berkeley in RITM's layout ({@code images/}, {@code masks/}). */
  public static final class Berkeley implements DatasetProvider {
    @Override
    public String name() {
      return "berkeley";
    }

    @Override
    public String description() {
      return "Berkeley: images/*.jpg + masks/*.png (RITM's GrabCut rule)";
    }

    @Override
    public SegDataset open(Path root) {
      return GrabCutDataset.openBerkeley(root);
    }

    @Override
    public EvaluationDataset openEvaluation(Path root) {
      return GrabCutDataset.berkeleyEvaluation(root);
    }
  }

  /** {@code davis}: DAVIS in RITM's layout ({@code img/}, {@code gt/}). */
  public static final class Davis implements DatasetProvider {
    @Override
    public String name() {
      return "davis";
    }

    @Override
    public String description() {
      return "DAVIS: img/*.jpg + gt/*.png palette masks (target = union of objects)";
    }

    @Override
    public SegDataset open(Path root) {
      return DavisDataset.open(root);
    }

    @Override
    public EvaluationDataset openEvaluation(Path root) {
      return DavisDataset.evaluation(root);
    }
  }

  /** {@code coco_mval}: COCO_MVal in RITM's layout ({@code img/}, {@code gt/}). */
  public static final class CocoMval implements DatasetProvider {
    @Override
    public String name() {
      return "coco_mval";
    }

    @Override
    public String description() {
      return "COCO_MVal: img/*.jpg + gt/*.png (target = any non-zero pixel)";
    }

    @Override
    public SegDataset open(Path root) {
      return DavisDataset.openCocoMval(root);
    }

    @Override
    public EvaluationDataset openEvaluation(Path root) {
      return DavisDataset.cocoMvalEvaluation(root);
    }
  }

  /** {@code bsds500}: open = the clean training view; evaluation = test split, largest region of any annotator. */
  public static final class Bsds500 implements DatasetProvider {
    @Override
    public String name() {
      return "bsds500";
    }

    @Override
    public String description() {
      return "BSDS500: images/{train,val,test}/*.jpg + groundTruth/*.mat, one layer per annotator; open() = train+val without test-set overlaps";
    }

    @Override
    public SegDataset open(Path root) {
      return Bsds500Dataset.trainingView(root);
    }

    @Override
    public EvaluationDataset openEvaluation(Path root) {
      return EvaluationDataset.of(Bsds500Dataset.open(root, Bsds500Dataset.Split.TEST), RegionSelectors.largestObject());
    }
  }

  /** {@code sbd}: open = train split; evaluation = RITM's per-instance val set. */
  public static final class Sbd implements DatasetProvider {
    @Override
    public String name() {
      return "sbd";
    }

    @Override
    public String description() {
      return "SBD: img/*.jpg + inst/*.mat (GTinst) [+ cls/*.mat]; open() = train.txt, evaluation = every val instance";
    }

    @Override
    public SegDataset open(Path root) {
      return SbdDataset.open(root, "train");
    }

    @Override
    public EvaluationDataset openEvaluation(Path root) {
      return SbdDataset.evaluation(root);
    }
  }

  /** {@code pascalvoc}: open = train split; evaluation = every instance of val. */
  public static final class PascalVoc implements DatasetProvider {
    @Override
    public String name() {
      return "pascalvoc";
    }

    @Override
    public String description() {
      return "PASCAL VOC 2012: JPEGImages + SegmentationObject palette PNGs (255 ignore); open() = train, evaluation = every val instance";
    }

    @Override
    public SegDataset open(Path root) {
      return PascalVocDataset.open(root, "train");
    }

    @Override
    public EvaluationDataset openEvaluation(Path root) {
      return PascalVocDataset.evaluation(root);
    }
  }

  /** {@code coco_lvis}: a COCO or LVIS annotation JSON with its images. */
  public static final class CocoLvis implements DatasetProvider {
    @Override
    public String name() {
      return "coco_lvis";
    }

    @Override
    public String description() {
      return "COCO/LVIS JSON: annotations.json (polygons, RLE) + images/; evaluation = every instance";
    }

    @Override
    public SegDataset open(Path root) {
      return CocoDataset.open(root, "COCO_LVIS");
    }

    @Override
    public EvaluationDataset openEvaluation(Path root) {
      return CocoDataset.open(root, "COCO_LVIS").evaluation();
    }
  }

  /** {@code folder}: generic images + PNG label masks. */
  public static final class Folder implements DatasetProvider {
    @Override
    public String name() {
      return "folder";
    }

    @Override
    public String description() {
      return "Your data: images/* + masks/<stem>.png label masks (0 background); evaluation target = all objects";
    }

    @Override
    public SegDataset open(Path root) {
      return FolderDataset.open(root);
    }

    @Override
    public EvaluationDataset openEvaluation(Path root) {
      return FolderDataset.open(root).evaluation();
    }
  }
}
