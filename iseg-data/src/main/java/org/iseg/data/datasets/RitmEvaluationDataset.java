package org.iseg.data.datasets;

import java.nio.file.Path;
import org.iseg.api.Image;
import org.iseg.api.Mask;
import org.iseg.data.EvaluationDataset;
import org.iseg.data.EvaluationSample;
import org.iseg.data.io.ImageFiles;

/** An images folder + masks folder evaluated with one of RITM's mask rules; lazy (decodes on get). */
final class RitmEvaluationDataset implements EvaluationDataset {
  private final String name;
  private final PairedFiles files;
  private final RitmMaskRule rule;

  RitmEvaluationDataset(String name, Path imagesDir, Path masksDir, RitmMaskRule rule) {
    this.name = name;
    this.files = PairedFiles.index(imagesDir, masksDir);
    this.rule = rule;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int size() {
    return files.size();
  }

  @Override
  public String id(int index) {
    checkIndex(index);
    return files.id(index);
  }

  @Override
  public EvaluationSample get(int index) {
    checkIndex(index);
    Image image = ImageFiles.readImage(files.images().get(index));
    Mask target = rule.read(files.masks().get(index), image.height(), image.width());
    return new EvaluationSample(files.id(index), image, target);
  }

  private void checkIndex(int index) {
    if (index < 0 || index >= files.size()) {
      throw new IndexOutOfBoundsException(
          "sample index " + index + " outside evaluation dataset " + name + " of " + files.size() + " samples");
    }
  }

  @Override
  public String toString() {
    return name + "[" + size() + " samples]";
  }
}
