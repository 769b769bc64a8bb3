package org.iseg.data.datasets;

import java.nio.file.Path;
import org.iseg.api.Image;
import org.iseg.data.EvaluationDataset;
import org.iseg.data.EvaluationSample;
import org.iseg.data.io.ImageFiles;

/** An images folder + masks folder evaluated with one of RITM's mask rules; lazy (decodes on get). */
final class RitmEvaluationDataset {
  private RitmEvaluationDataset() {}

  static EvaluationDataset of(String name, Path imagesDir, Path masksDir, RitmMaskRule rule) {
    PairedFiles files = PairedFiles.index(imagesDir, masksDir);
    return EvaluationDataset.indexed(name, files.size(), files::id, index -> {
      Image image = ImageFiles.readImage(files.images().get(index));
      return new EvaluationSample(files.id(index), image,
          rule.read(files.masks().get(index), image.height(), image.width()));
    });
  }
}
