package org.iseg.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The ordered, immutable clicks of one interaction, with the positive ({@code pcs}) and negative ({@code ncs})
 * views a model consumes. Click {@code i} must carry index {@code i}: order is part of the value.
 *
 * <pre>{@code
 * ClickHistory history = ClickHistory.empty()
 *     .plus(Click.positive(10, 20, 0))
 *     .plus(Click.negative(40, 5, 1));
 * model.predict(image, z, history.positives(), history.negatives());
 * }</pre>
 */
public final class ClickHistory {
  private static final ClickHistory EMPTY = new ClickHistory(List.of(), List.of(), List.of());

  private final List<Click> all;
  private final List<Click> positives;
  private final List<Click> negatives;

  private ClickHistory(List<Click> all, List<Click> positives, List<Click> negatives) {
    this.all = all;
    this.positives = positives;
    this.negatives = negatives;
  }

  public static ClickHistory empty() {
    return EMPTY;
  }

  /** A history of the given clicks, in order; their indices must be 0, 1, 2, ... */
  public static ClickHistory of(List<Click> clicks) {
    ClickHistory history = EMPTY;
    for (Click click : clicks) {
      history = history.plus(click);
    }
    return history;
  }

  /** This history followed by {@code click}, whose index must equal {@link #size()}. */
  public ClickHistory plus(Click click) {
    Checks.checkNotNull("click", click);
    if (click.index() != all.size()) {
      throw new IllegalArgumentException(
          "click " + click + " has index " + click.index() + " but the next index is " + all.size());
    }
    return new ClickHistory(
        append(all, click),
        click.positive() ? append(positives, click) : positives,
        click.positive() ? negatives : append(negatives, click));
  }

  /** This history followed by {@code clicks}, in order. */
  public ClickHistory plus(List<Click> clicks) {
    ClickHistory history = this;
    for (Click click : clicks) {
      history = history.plus(click);
    }
    return history;
  }

  /** The first {@code n} clicks: undo. */
  public ClickHistory first(int n) {
    if (n < 0 || n > all.size()) {
      throw new IllegalArgumentException("cannot keep " + n + " of " + all.size() + " clicks");
    }
    return of(all.subList(0, n));
  }

  /** Whether a click was already placed on (row, col). */
  public boolean contains(int row, int col) {
    for (Click click : all) {
      if (click.row() == row && click.col() == col) {
        return true;
      }
    }
    return false;
  }

  /** All clicks in order (unmodifiable). */
  public List<Click> all() {
    return all;
  }

  /** Positive clicks in order (unmodifiable). */
  public List<Click> positives() {
    return positives;
  }

  /** Negative clicks in order (unmodifiable). */
  public List<Click> negatives() {
    return negatives;
  }

  public int size() {
    return all.size();
  }

  public boolean isEmpty() {
    return all.isEmpty();
  }

  /** The index the next click must carry. */
  public int nextIndex() {
    return all.size();
  }

  private static List<Click> append(List<Click> list, Click click) {
    List<Click> out = new ArrayList<>(list.size() + 1);
    out.addAll(list);
    out.add(click);
    return Collections.unmodifiableList(out);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClickHistory other && other.all.equals(all);
  }

  @Override
  public int hashCode() {
    return all.hashCode();
  }

  @Override
  public String toString() {
    return "ClickHistory" + all;
  }
}
