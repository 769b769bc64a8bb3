package org.iseg.models.external;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.iseg.api.Click;
import org.iseg.api.Image;
import org.iseg.api.ProbabilityMap;

/**
 * What an interactive segmentation network is asked: an image, the clicks so far, and optionally the previous
 * prediction. The input type of {@link IisTranslator} and of models loaded through DJL's {@code Criteria}.
 *
 * <pre>{@code
 * IisInput in = IisInput.of(image, List.of(Click.positive(40, 60, 0)), List.of());
 * ProbabilityMap y = predictor.predict(in);
 * }</pre>
 *
 * @param image the image
 * @param positives positive clicks in order (inside the image)
 * @param negatives negative clicks in order (inside the image)
 * @param previous the previous prediction (ITER-M models); empty means "nothing selected yet"
 */
public record IisInput(Image image, List<Click> positives, List<Click> negatives, Optional<ProbabilityMap> previous) {
  public IisInput {
    Objects.requireNonNull(image, "image");
    positives = List.copyOf(positives);
    negatives = List.copyOf(negatives);
    Objects.requireNonNull(previous, "previous");
    for (Click c : positives) {
      c.requireInside(image.height(), image.width());
      if (!c.positive()) {
        throw new IllegalArgumentException("negative click " + c + " in the list of positive clicks");
      }
    }
    for (Click c : negatives) {
      c.requireInside(image.height(), image.width());
      if (c.positive()) {
        throw new IllegalArgumentException("positive click " + c + " in the list of negative clicks");
      }
    }
    previous.ifPresent(p -> {
      if (p.height() != image.height() || p.width() != image.width()) {
        throw new IllegalArgumentException("previous prediction is " + p.height() + "x" + p.width()
            + " but the image is " + image.height() + "x" + image.width());
      }
    });
  }

  /** Input without a previous prediction. */
  public static IisInput of(Image image, List<Click> positives, List<Click> negatives) {
    return new IisInput(image, positives, negatives, Optional.empty());
  }
}
