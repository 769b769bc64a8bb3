package org.iseg.data.datasets;

import java.nio.file.Path;
import org.iseg.data.EvaluationDataset;
import org.iseg.data.SegDataset;
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
}
