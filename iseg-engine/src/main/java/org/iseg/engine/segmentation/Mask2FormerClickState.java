package org.iseg.engine.segmentation;

import java.util.List;
import java.util.Objects;
import org.iseg.api.Image;
import org.iseg.api.ProbabilityMap;
import org.iseg.api.State;

/**
 * What a {@link Mask2FormerClickModel} carries between clicks: the image's query masks (the network's one run,
 * shared by every state of the image), the previous mask (tie-break) and the queries it selected.
 *
 * @param image the image the query masks belong to
 * @param queries its query masks at image size
 * @param previous the last prediction, or the start mask
 * @param selected the queries of the last prediction, seed first (empty before the first click)
 */
public record Mask2FormerClickState(Image image, QueryMasks queries, ProbabilityMap previous, List<Integer> selected)
    implements State {
  public Mask2FormerClickState {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(queries, "queries");
    Objects.requireNonNull(previous, "previous");
    selected = List.copyOf(selected);
  }

  @Override
  public String toString() {
    return "Mask2FormerClickState[" + queries + ", selected " + selected + "]";
  }
}
