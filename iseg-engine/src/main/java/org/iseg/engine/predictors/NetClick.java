package org.iseg.engine.predictors;

import org.iseg.api.Click;

/**
 * A click as the network sees it after the predictor's transforms: coordinates may be fractional (a click
 * mapped into a zoomed crop), the sign and the click's position in the interaction are kept.
 */
public record NetClick(double row, double col, boolean positive, int index) {

  public static NetClick of(Click click) {
    return new NetClick(click.row(), click.col(), click.positive(), click.index());
  }

  public NetClick withCoords(double newRow, double newCol) {
    return new NetClick(newRow, newCol, positive, index);
  }
}
