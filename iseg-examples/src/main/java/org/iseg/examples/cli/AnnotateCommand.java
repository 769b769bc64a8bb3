package org.iseg.examples.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.iseg.api.IisModel;
import org.iseg.engine.predictors.PredictorNetwork;
import org.iseg.engine.predictors.Presets;
import org.iseg.examples.annotator.Annotator;
import org.iseg.examples.annotator.RitmPredictorFactory;
import org.iseg.models.IisNetwork;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code iseg annotate}: the desktop annotator (RITM's demo) over a model, with ZoomIn controls. */
@Command(
    name = "annotate",
    mixinStandardHelpOptions = true,
    description = {
      "Open the interactive annotator (RITM's demo).",
      "Left click = positive, right click = negative, wheel = zoom, right-drag = pan, Space = finish object,"
          + " Ctrl+Z = undo. Needs a display (run with ISEG_JAVA_OPTS=-Xmx4g and java.awt.headless unset)."
    })
final class AnnotateCommand implements Callable<Integer> {

  @Mixin ModelChoice model;

  @Parameters(index = "0", arity = "0..1", paramLabel = "IMAGE", description = "Image to open (optional).")
  Optional<Path> image = Optional.empty();

  @Override
  public Integer call() throws Exception {
    System.setProperty("java.awt.headless", "false");
    ModelSource source = model.source();
    if (!source.isNetwork()) {
      // an exported or plug-in model has no ZoomIn of ours to adjust: the annotator runs it as it is
      try (IisModel plain = source.open(Map.of())) {
        Annotator.open(plain, image);
      }
      return 0;
    }
    try (IisNetwork network = source.loadNetwork();
        RitmPredictorFactory predictors = RitmPredictorFactory.over(
            source.label(), PredictorNetwork.of(network), Presets.noBrs(Optional.empty(), true))) {
      Annotator.open(predictors.defaultPredictor(), image, predictors);
    }
    return 0;
  }
}
