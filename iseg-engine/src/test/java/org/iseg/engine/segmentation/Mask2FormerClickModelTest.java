package org.iseg.engine.segmentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.iseg.api.Click;
import org.iseg.api.IisModel;
import org.iseg.api.Image;
import org.iseg.api.InteractionStep;
import org.iseg.api.InteractionTrace;
import org.iseg.api.Interactions;
import org.iseg.api.Mask;
import org.iseg.api.Prediction;
import org.iseg.api.State;
import org.iseg.api.spi.IisModelProvider;
import org.iseg.api.testing.SharedData;
import org.iseg.clicking.robots.RitmRobot;
import org.iseg.data.EvaluationSample;
import org.iseg.data.spi.DatasetProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code mask2former} model (registry, golden tiny export) on a real GrabCut image through RITM's robot and
 * {@link Interactions#fullInference}: the network runs once per image, and every mask is a union of whole query
 * masks containing each positive click that a query free of negative clicks covers. The golden model is barely
 * trained, so only the wiring and the rule are checked, not the masks' quality.
 */
class Mask2FormerClickModelTest {
  private static final int CLICKS = 6;
  /**
   * GrabCut's second image: the golden model's queries cover its robot clicks (they cover about 40 % of each
   * image; on the first image no query covers any of the robot's clicks, so every mask is empty, as the rule says).
   */
  private static final int SAMPLE = 1;

  private static Mask2FormerClickModel model;
  private static EvaluationSample sample;
  private static QueryMasks queries;

  @BeforeAll
  static void open() {
    Path checkpoint = SharedData.golden("mask2former/checkpoint.pth");
    sample = DatasetProvider.registry().get("grabcut").openEvaluation(SharedData.dataset("GrabCut")).get(SAMPLE);
    IisModel opened = IisModelProvider.registry().get("mask2former")
        .create(Map.of("checkpoint", checkpoint.toString()));
    model = assertInstanceOf(Mask2FormerClickModel.class, opened);
    queries = model.queryMasks(sample.image());
  }

  @AfterAll
  static void close() {
    if (model != null) {
      model.close();
    }
  }

  private static List<Mask> coverages() {
    List<Mask> out = new ArrayList<>();
    for (int q = 0; q < queries.size(); q++) {
      out.add(queries.coverage(q));
    }
    return out;
  }

  @Test
  void robotClicksRunTheNetworkOnceAndEveryMaskIsAUnionOfQueriesHoldingTheCoverablePositives() {
    Image image = sample.image();
    int before = model.forwardPasses();
    InteractionTrace trace = Interactions.fullInference(model, new RitmRobot(1), image, sample.target(), CLICKS);
    assertEquals(1, model.forwardPasses() - before, "the network runs once for all clicks");
    assertEquals(CLICKS, trace.steps().size());
    List<Mask> coverage = coverages();
    int nonEmpty = 0;
    for (InteractionStep step : trace.steps()) {
      Mask mask = step.probabilities().threshold(0.5);
      assertEquals(image.height(), mask.height());
      assertEquals(image.width(), mask.width());
      for (Click p : step.history().positives()) {
        boolean coverable = false; // by a query that covers no negative click
        for (int q = 0; q < queries.size(); q++) {
          int query = q;
          coverable |= queries.covers(q, p.row(), p.col())
              && step.history().negatives().stream().noneMatch(n -> queries.covers(query, n.row(), n.col()));
        }
        if (coverable) {
          assertTrue(mask.isObject(p.row(), p.col()), "positive click " + p + " is covered by a query free of"
              + " negatives but not in the mask after " + step.history().size() + " clicks");
        }
      }
      Mask union = Mask.empty(image.height(), image.width());
      for (Mask c : coverage) {
        if (!c.isEmpty() && c.minus(mask).isEmpty()) {
          union = union.or(c);
        }
      }
      assertEquals(mask, union, "the mask is the union of whole query masks");
      nonEmpty += mask.isEmpty() ? 0 : 1;
    }
    assertTrue(nonEmpty > 0, "some click selected a query (else the checks above hold trivially)");
  }

  @Test
  void aStartMaskDecidesAmongQueriesThatCoverTheClickEqually() {
    Image image = sample.image();
    List<Mask> coverage = coverages();
    int tested = 0;
    // a pixel several distinct query masks cover: starting from each of them, a click there keeps that one
    for (int i = 0; i < image.height() * image.width() && tested == 0; i += 97) {
      int row = i / image.width();
      int col = i % image.width();
      List<Integer> covering = new ArrayList<>();
      for (int q = 0; q < queries.size(); q++) {
        Mask own = coverage.get(q);
        if (queries.covers(q, row, col) && covering.stream().noneMatch(o -> coverage.get(o).equals(own))) {
          covering.add(q);
        }
      }
      if (covering.size() < 2) {
        continue;
      }
      for (int q : covering.subList(0, 2)) { // each start runs the network: two are enough
        State z = model.initialZ(image, coverage.get(q));
        Prediction p = model.predict(image, z, List.of(Click.positive(row, col, 0)), List.of());
        assertEquals(coverage.get(q), p.y().threshold(0.5), "start mask = query " + q + " at " + row + "," + col);
        tested++;
      }
    }
    assertEquals(2, tested, "the golden image has a pixel two queries cover");
  }

  @Test
  void noPositiveClickGivesAnEmptyMaskAndAnotherImagesStateIsRefused() {
    Image image = sample.image();
    State z = model.initialZ(image);
    Prediction none = model.predict(image, z, List.of(), List.of(Click.negative(5, 5, 0)));
    assertTrue(none.y().threshold(0.49).isEmpty());
    Image other = Image.filled(image.height(), image.width(), 1, 2, 3);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> model.predict(other, z, List.of(Click.positive(1, 1, 0)), List.of()));
    assertTrue(e.getMessage().contains("initialZ"), e.getMessage());
  }

  @Test
  void badOptionsAreRefusedNamingTheOption(@TempDir Path dir) throws Exception {
    IisModelProvider provider = IisModelProvider.registry().get("mask2former");
    String golden = SharedData.golden("mask2former/checkpoint.pth").toString();
    assertMessage(provider, Map.of("checkpoint", golden, "task", "panoptic"), "task");
    assertMessage(provider, Map.of(), "checkpoint=");
    assertMessage(provider, Map.of("checkpoint", golden, "float64", "yes"), "float64");
    assertMessage(provider, Map.of("checkpoint", golden, "min-objectness", "2"), "min-objectness");
    assertMessage(provider, Map.of("checkpoint", dir.resolve("missing.pth").toString()), "missing.pth");
    Path notAnExport = Files.writeString(dir.resolve("notes.pth"), "not a checkpoint");
    assertMessage(provider, Map.of("checkpoint", notAnExport.toString()), "notes.pth");
  }

  private static void assertMessage(IisModelProvider provider, Map<String, String> options, String expected) {
    RuntimeException e = assertThrows(RuntimeException.class, () -> provider.create(options).close());
    assertTrue(e.getMessage().contains(expected), "'" + expected + "' in: " + e.getMessage());
  }
}
