package org.iseg.engine.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.iseg.api.Click;
import org.iseg.api.IisModel;
import org.iseg.api.Image;
import org.iseg.api.Mask;
import org.iseg.api.Prediction;
import org.iseg.api.ProbabilityMap;
import org.iseg.api.State;
import org.junit.jupiter.api.Test;

class InteractiveSessionTest {
  private static final int H = 12;
  private static final int W = 20;
  private static final Image IMAGE = Image.filled(H, W, 90, 120, 150);

  private final DiskClickModel model = new DiskClickModel(3);

  /** A model that answers {@code y} whatever the clicks, with no state: not ITER-M. */
  private static IisModel constant(String name, ProbabilityMap y) {
    return new IisModel() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Prediction predict(Image x, State z, List<Click> pcs, List<Click> ncs) {
        return new Prediction(y, State.NONE);
      }
    };
  }

  private InteractiveSession clicked(InteractiveSession s, int row, int col, boolean positive) {
    return s.click(model, s.nextClick(row, col, positive));
  }

  @Test
  void clicksPredictInOrderAndUndoRestoresExactlyThePredictionBefore() {
    InteractiveSession empty = InteractiveSession.start(model, IMAGE);
    assertFalse(empty.hasObject());
    assertEquals(Mask.empty(H, W), empty.mask());
    InteractiveSession one = clicked(empty, 5, 5, true);
    InteractiveSession two = clicked(one, 5, 7, false);
    assertEquals(List.of(Click.positive(5, 5, 0), Click.negative(5, 7, 1)), two.clicks().all());
    assertEquals(model.disk(H, W, 5, 5).minus(model.disk(H, W, 5, 7)), two.mask());

    InteractiveSession undone = two.undo().orElseThrow();
    assertEquals(one.probabilities(), undone.probabilities());
    assertEquals(one.clicks(), undone.clicks());
    assertEquals(empty.probabilities(), undone.undo().orElseThrow().probabilities());
    assertEquals(Optional.empty(), empty.undo(), "nothing to undo without a click");
    assertEquals(2, model.predictions.get(), "undo never runs the model");
  }

  @Test
  void sessionsAreValuesThatNoChangeTouches() {
    InteractiveSession start = InteractiveSession.start(model, IMAGE);
    InteractiveSession one = clicked(start, 2, 2, true);
    one.finishObject().orElseThrow().withThreshold(0.9);
    one.undo();
    one.reset();
    assertTrue(start.clicks().isEmpty());
    assertEquals(1, one.clicks().size());
    assertEquals(0, one.objectCount());
    assertEquals(0.5, one.threshold());
    int[] labels = one.labels();
    labels[0] = 99;
    assertEquals(1, one.labels()[0], "labels() hands out a copy");
  }

  @Test
  void thresholdChangesTheMaskWithoutPredictingAgain() {
    InteractiveSession s = clicked(InteractiveSession.start(model, IMAGE), 6, 10, true);
    int runs = model.predictions.get();
    // A half-probability region: the mask at 0.5 drops it (p > t), at 0.4 keeps it.
    Mask half = Mask.fromPredicate(H, W, i -> i / W == 0);
    float[] p = s.probabilities().toArray();
    for (int i = 0; i < W; i++) {
      p[i] = 0.5f;
    }
    IisModel halves = constant("halves", ProbabilityMap.of(H, W, p));
    InteractiveSession withHalves = s.click(halves, s.nextClick(0, 0, true));
    assertFalse(withHalves.mask().isObject(0, 3));
    InteractiveSession lower = withHalves.withThreshold(0.4);
    assertEquals(withHalves.mask().or(half), lower.mask());
    assertSame(withHalves.probabilities(), lower.probabilities());
    assertEquals(runs, model.predictions.get());
    assertSame(lower, lower.withThreshold(0.4));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> s.withThreshold(1.5)).getMessage()
        .contains("[0, 1]"));
    assertThrows(IllegalArgumentException.class, () -> s.withThreshold(Double.NaN));
  }

  @Test
  void finishedObjectsGetConsecutiveLabelsAndTheCurrentOneIsDrawnOnTop() {
    InteractiveSession s = InteractiveSession.start(model, IMAGE);
    assertEquals(Optional.empty(), s.finishObject(), "nothing to finish before a click");
    s = clicked(s, 5, 5, true).finishObject().orElseThrow();
    assertEquals(1, s.objectCount());
    assertTrue(s.clicks().isEmpty());
    assertFalse(s.hasObject());
    s = clicked(s, 5, 8, true);
    int[] labels = s.labels();
    Mask first = model.disk(H, W, 5, 5);
    Mask second = model.disk(H, W, 5, 8);
    for (int i = 0; i < labels.length; i++) {
      int expected = second.labelAt(i) == Mask.OBJECT ? 2 : first.labelAt(i) == Mask.OBJECT ? 1 : 0;
      assertEquals(expected, labels[i], "pixel " + i + ": a later object overwrites an earlier one");
    }
    InteractiveSession finished = s.finishObject().orElseThrow();
    assertArrayEquals(labels, finished.labels());
    assertEquals(Optional.empty(), finished.undo(), "after finishing there is no click left to undo");
    assertEquals(2, finished.objectCount(), "and undo cannot take a finished object back");
  }

  @Test
  void resetDropsTheClicksAndALoadedMaskButClearClicksKeepsTheMask() {
    Mask top = Mask.fromPredicate(H, W, i -> i / W < 3);
    InteractiveSession loaded = InteractiveSession.start(model, IMAGE).loadMask(model, top);
    assertTrue(loaded.hasObject());
    InteractiveSession clicked = clicked(loaded, 8, 10, true);
    assertEquals(top.or(model.disk(H, W, 8, 10)), clicked.mask());

    InteractiveSession reset = clicked.reset();
    assertFalse(reset.hasObject());
    assertEquals(Mask.empty(H, W), reset.mask());
    assertTrue(reset.clicks().isEmpty());
    InteractiveSession cleared = clicked.clearClicks();
    assertTrue(cleared.hasObject());
    assertEquals(top, cleared.mask());
    assertEquals(top, clicked.undo().orElseThrow().mask(), "undoing the first click goes back to the mask");
  }

  @Test
  void aLoadedMaskIsThePreviousPredictionOfTheFirstClickAndKeepsFinishedObjects() {
    InteractiveSession s = clicked(InteractiveSession.start(model, IMAGE), 9, 3, true).finishObject()
        .orElseThrow();
    Mask top = Mask.fromPredicate(H, W, i -> i / W < 3);
    InteractiveSession loaded = clicked(clicked(s, 6, 6, true), 6, 7, true).loadMask(model, top);
    assertTrue(loaded.clicks().isEmpty(), "loading a mask drops the object's clicks");
    assertEquals(top, loaded.mask());
    assertEquals(1, loaded.objectCount());
    InteractiveSession next = clicked(loaded, 8, 14, false);
    assertEquals(top, next.mask(), "a negative click away from the mask leaves it");

    IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
        () -> s.loadMask(model, Mask.empty(H + 1, W)));
    assertTrue(size.getMessage().contains("20x13"), size.getMessage());
    IisModel plain = constant("plain", ProbabilityMap.zeros(H, W));
    IllegalStateException notIterM = assertThrows(IllegalStateException.class, () -> s.loadMask(plain, top));
    assertTrue(notIterM.getMessage().contains("plain"), notIterM.getMessage());
  }

  @Test
  void aClickOutsideTheImageFailsWithAMessageThatNamesTheImageSize() {
    InteractiveSession s = InteractiveSession.start(model, IMAGE);
    IllegalArgumentException outside = assertThrows(IllegalArgumentException.class, () -> s.nextClick(H, 0, true));
    assertTrue(outside.getMessage().contains("(row 12, col 0) lies outside the 20x12 image"),
        outside.getMessage());
    assertThrows(IllegalArgumentException.class, () -> s.click(model, new Click(0, W, true, 0)));
    assertThrows(IllegalArgumentException.class, () -> s.click(model, Click.positive(0, -1, 0)));
    assertEquals(0, model.predictions.get(), "a refused click never reaches the model");
    IllegalArgumentException index = assertThrows(IllegalArgumentException.class,
        () -> s.click(model, Click.positive(1, 1, 3)));
    assertTrue(index.getMessage().contains("next index is 0"), index.getMessage());
    assertThrows(IllegalArgumentException.class, () -> s.clickAll(model, List.of()));
  }

  @Test
  void severalClicksInOneStepRunTheModelOnceAndUndoTogether() {
    InteractiveSession s = InteractiveSession.start(model, IMAGE);
    InteractiveSession both = s.clickAll(model, List.of(Click.positive(3, 3, 0), Click.negative(3, 5, 1)));
    assertEquals(1, model.predictions.get());
    assertEquals(model.disk(H, W, 3, 3).minus(model.disk(H, W, 3, 5)), both.mask());
    InteractiveSession third = clicked(both, 9, 15, true);
    assertEquals(2, third.nextClick(0, 0, true).index() - 1);
    assertEquals(both.clicks(), third.undo().orElseThrow().clicks());
    assertTrue(both.undo().orElseThrow().clicks().isEmpty(), "the two clicks of one step undo together");
  }

  @Test
  void theStartStateIsComputedOncePerObjectAndOnlyWhenNeeded() {
    InteractiveSession s = InteractiveSession.start(model, IMAGE);
    assertEquals(0, model.starts.get(), "start computes only the blank prediction");
    InteractiveSession one = clicked(s, 1, 1, true);
    assertEquals(1, model.starts.get());
    clicked(one.undo().orElseThrow(), 2, 2, true);
    assertEquals(1, model.starts.get(), "the object keeps its start state through undo");
    clicked(one.finishObject().orElseThrow(), 3, 3, true);
    assertEquals(2, model.starts.get(), "a new object starts afresh");
    InteractiveSession eager = s.withStartState(model);
    assertEquals(3, model.starts.get());
    assertSame(eager, eager.withStartState(model));
    clicked(eager, 4, 4, true);
    assertEquals(3, model.starts.get(), "an eagerly computed start state is used by the first click");
  }

  @Test
  void partiallyFinishingSetsThePartAsideAndTheNextClicksAddAnotherPartOfTheSameObject() {
    InteractiveSession empty = InteractiveSession.start(model, IMAGE);
    assertEquals(Optional.empty(), empty.partiallyFinishObject(), "nothing to set aside before a click");
    InteractiveSession one = clicked(empty, 3, 3, true);
    Mask a = model.disk(H, W, 3, 3);
    InteractiveSession aside = one.partiallyFinishObject().orElseThrow();
    assertTrue(aside.hasObject());
    assertTrue(aside.clicks().isEmpty());
    assertEquals(a, aside.mask(), "the part stays the object's");
    assertEquals(Optional.of(a), aside.partsSetAside());
    assertEquals(Optional.empty(), one.partsSetAside());
    assertEquals(1, model.starts.get());

    InteractiveSession second = clicked(aside, 8, 14, true);
    assertEquals(2, model.starts.get(), "the next part starts the model afresh, as RITM resets its predictor");
    assertEquals(List.of(Click.positive(8, 14, 0)), second.clicks().all(), "click indices start again at 0");
    Mask b = model.disk(H, W, 8, 14);
    assertEquals(a.or(b), second.mask());
    InteractiveSession erasing = clicked(second, 3, 3, false);
    assertEquals(a.or(b.minus(model.disk(H, W, 3, 3))), erasing.mask(),
        "a negative click of a new part does not remove a part set aside (RITM: max of the two)");

    int[] labels = second.finishObject().orElseThrow().labels();
    for (int i = 0; i < labels.length; i++) {
      assertEquals(a.or(b).labelAt(i) == Mask.OBJECT ? 1 : 0, labels[i], "pixel " + i);
    }
    assertEquals(a, second.undo().orElseThrow().mask());
    assertTrue(second.undo().orElseThrow().canUndo());
    InteractiveSession back = second.undo().orElseThrow().undo().orElseThrow();
    assertEquals(one.clicks(), back.clicks(), "undo after 'a' returns to the clicks before it");
    assertEquals(one.probabilities(), back.probabilities());
    assertFalse(aside.reset().hasObject(), "reset drops the parts set aside");
    assertEquals(Mask.empty(H, W), aside.withThreshold(1.0).mask(), "the parts are thresholded like the object");
  }

  @Test
  void aPredictionOfTheWrongSizeIsRefused() {
    IisModel wrong = constant("tiny", ProbabilityMap.zeros(2, 2));
    InteractiveSession s = InteractiveSession.start(model, IMAGE);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.click(wrong, s.nextClick(1, 1, true)));
    assertTrue(e.getMessage().contains("model 'tiny' returned a 2x2 prediction for a 12x20 image"), e.getMessage());
  }

  @Test
  void oneSnapshotClickedOnManyThreadsGivesEachThreadItsOwnSession() throws Exception {
    InteractiveSession shared = clicked(InteractiveSession.start(model, IMAGE), 6, 2, true);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<InteractiveSession>> futures = new ArrayList<>();
      for (int k = 0; k < 8; k++) {
        int col = 4 + 2 * k;
        DiskClickModel own = new DiskClickModel(3); // one model per thread, as IisModel asks
        futures.add(pool.submit(() -> shared.click(own, shared.nextClick(6, col, false))));
      }
      for (int k = 0; k < futures.size(); k++) {
        InteractiveSession result = futures.get(k).get();
        assertEquals(model.disk(H, W, 6, 2).minus(model.disk(H, W, 6, 4 + 2 * k)), result.mask());
        assertEquals(2, result.clicks().size());
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, shared.clicks().size());
  }

  @Property(tries = 60)
  void undoingEveryClickWalksBackThroughEveryPrediction(
      @ForAll @Size(min = 1, max = 6) List<@IntRange(min = 0, max = H - 1) Integer> rows,
      @ForAll @IntRange(min = 0, max = 1000) int seed) {
    java.util.Random random = new java.util.Random(seed);
    InteractiveSession s = InteractiveSession.start(model, IMAGE);
    List<ProbabilityMap> before = new ArrayList<>();
    for (int row : rows) {
      before.add(s.probabilities());
      s = clicked(s, row, random.nextInt(W), random.nextBoolean());
    }
    for (int k = rows.size() - 1; k >= 0; k--) {
      s = s.undo().orElseThrow();
      assertEquals(before.get(k), s.probabilities());
      assertEquals(k, s.clicks().size());
    }
  }
}
