package org.iseg.engine.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.iseg.api.Click;
import org.iseg.api.IisModel;
import org.iseg.api.Image;
import org.iseg.api.Prediction;
import org.iseg.api.State;
import org.iseg.data.EvaluationDataset;
import org.iseg.engine.testing.NearestClickModel;
import org.iseg.metrics.DatasetResult;
import org.iseg.metrics.Noc;
import org.iseg.metrics.Protocol;
import org.iseg.metrics.ResultsJson;
import org.iseg.metrics.SampleResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluatorTest {
  private static final Protocol ALL_CLICKS = Protocol.builder().allClicks().build();

  private static Evaluator.Builder quiet(EvaluationDataset dataset) {
    return Evaluator.builder().dataset(dataset).model(NearestClickModel::unbounded).workers(2).noProgress().noTable();
  }

  @Test
  void earlyStopIsRitmsRuleAndAPrefixOfTheFullRun() {
    EvaluationDataset data = Synthetic.disks("disks", 8);
    DatasetResult full = quiet(data).protocol(ALL_CLICKS).build().run().results().get(0);
    DatasetResult stopped = quiet(data).protocol(Protocol.ritm()).build().run().results().get(0);
    int stoppedEarly = 0;
    for (int s = 0; s < 8; s++) {
      SampleResult f = full.samples().get(s);
      SampleResult e = stopped.samples().get(s);
      float[] fi = f.ious();
      float[] ei = e.ious();
      int noc90 = Noc.clicksToReach(fi, 0.90, 20);
      boolean reached = noc90 < 20 || Noc.reaches(fi[19], 0.90);
      // Stops right at the first click reaching 0.90, else runs all 20.
      assertEquals(reached ? noc90 : 20, e.clickCount(), "sample " + s);
      assertArrayEquals(java.util.Arrays.copyOf(fi, ei.length), ei, "sample " + s);
      assertEquals(f.clicks().subList(0, e.clickCount()), e.clicks());
      stoppedEarly += e.clickCount() < 20 ? 1 : 0;
    }
    assertTrue(stoppedEarly > 0, "the disks should be easy enough for some samples to stop early");
    // NoC at and below the stop IoU is the same with and without early stop.
    for (double t : List.of(0.80, 0.85, 0.90)) {
      assertEquals(full.noc(t), stopped.noc(t));
    }
  }

  @Test
  void minClicksDelaysTheStop() {
    EvaluationDataset data = Synthetic.disks("disks", 4);
    DatasetResult r = quiet(data).protocol(Protocol.builder().minClicks(6).build()).build().run().results().get(0);
    for (SampleResult s : r.samples()) {
      assertTrue(s.clickCount() >= 6, s.toString());
    }
  }

  @Test
  void resultsDoNotDependOnTheNumberOfWorkers() {
    EvaluationDataset data = Synthetic.disks("disks", 7);
    DatasetResult one = quiet(data).protocol(ALL_CLICKS).workers(1).build().run().results().get(0);
    DatasetResult three = quiet(data).protocol(ALL_CLICKS).workers(3).build().run().results().get(0);
    assertSameOutcome(one, three);
  }

  @Test
  void resumesWithoutRedoingFinishedSamples(@TempDir Path dir) throws IOException {
    EvaluationDataset data = Synthetic.disks("disks", 6);
    Map<Integer, AtomicInteger> calls = new ConcurrentHashMap<>();
    DatasetResult first = quiet(data).protocol(ALL_CLICKS).model(() -> counting(calls)).outputDir(dir)
        .build().run().results().get(0);
    assertEquals(6, calls.size());
    for (String file : List.of("disks.json", "disks.csv", "disks-miou.png", "results.txt", "disks.run.json")) {
      assertTrue(Files.size(dir.resolve(file)) > 0, file);
    }
    assertEquals(first, ResultsJson.read(dir.resolve("disks.json")));

    // Interrupt "after" two samples: keep two lines and half of the third.
    Path log = dir.resolve("disks.samples.jsonl");
    List<String> lines = Files.readAllLines(log);
    assertEquals(6, lines.size());
    Files.writeString(log, lines.get(0) + "\n" + lines.get(1) + "\n" + lines.get(2).substring(0, 40));
    calls.clear();
    DatasetResult resumed = quiet(data).protocol(ALL_CLICKS).model(() -> counting(calls)).outputDir(dir)
        .build().run().results().get(0);
    assertEquals(4, calls.size(), "only the four unfinished samples run again");
    for (String line : lines.subList(0, 2)) {
      int done = ResultsJson.parseSampleLine(line).index();
      assertFalse(calls.containsKey(40 + done), "sample " + done + " was redone");
    }
    assertSameOutcome(first, resumed);
    assertEquals(6, Files.readAllLines(log).size(), "the cut line is replaced, not kept");

    // Everything done: a third run runs nothing.
    calls.clear();
    quiet(data).protocol(ALL_CLICKS).model(() -> counting(calls)).outputDir(dir).build().run();
    assertEquals(0, calls.size());
  }

  @Test
  void refusesToMixResultsOfDifferentRuns(@TempDir Path dir) {
    EvaluationDataset data = Synthetic.disks("disks", 2);
    quiet(data).protocol(ALL_CLICKS).outputDir(dir).build().run();
    EvaluationException e = assertThrows(EvaluationException.class,
        () -> quiet(data).protocol(Protocol.ritm()).outputDir(dir).build().run());
    assertTrue(e.getMessage().contains("different run"), e.getMessage());
    assertThrows(EvaluationException.class,
        () -> quiet(Synthetic.disks("disks", 3)).protocol(ALL_CLICKS).outputDir(dir).build().run());
  }

  @Test
  void aRerunWithOtherSettingsIsRefusedNamingEachDifferenceOrRestartsWhenAsked(@TempDir Path dir)
      throws IOException {
    EvaluationDataset data = Synthetic.disks("disks", 2);
    Map<String, String> cvpr = Map.of("eval-mode", "cvpr", "flip", "true", "model-sha256", "ab12");
    quiet(data).protocol(ALL_CLICKS).settings(cvpr).outputDir(dir).build().run();
    Map<String, String> changed = Map.of("eval-mode", "cvpr", "flip", "false", "model-sha256", "cd34");
    EvaluationException e = assertThrows(EvaluationException.class,
        () -> quiet(data).protocol(ALL_CLICKS).settings(changed).outputDir(dir).build().run());
    assertTrue(e.getMessage().contains("settings.flip was true, now false")
        && e.getMessage().contains("settings.model-sha256 was ab12, now cd34")
        && !e.getMessage().contains("eval-mode was") && e.getMessage().contains("--restart"), e.getMessage());
    Map<Integer, AtomicInteger> calls = new java.util.concurrent.ConcurrentHashMap<>();
    quiet(data).protocol(ALL_CLICKS).settings(changed).restart(true).model(() -> counting(calls)).outputDir(dir)
        .build().run();
    assertEquals(2, calls.size(), "both samples run again under the new settings");
    assertTrue(Files.readString(dir.resolve("disks.run.json")).contains("cd34"));
    calls.clear();
    quiet(data).protocol(ALL_CLICKS).settings(changed).restart(true).model(() -> counting(calls)).outputDir(dir)
        .build().run();
    assertEquals(0, calls.size(), "restart keeps results of the same run");
  }

  @Test
  void aFailingModelStopsTheRunNamingTheSample(@TempDir Path dir) throws IOException {
    EvaluationDataset data = Synthetic.disks("disks", 5);
    EvaluationException e = assertThrows(EvaluationException.class,
        () -> quiet(data).protocol(ALL_CLICKS).model(() -> failingOn(42, 2)).workers(1).outputDir(dir)
            .build().run());
    String m = e.getMessage();
    assertTrue(m.contains("disks sample 2 (disk-2.png)") && m.contains("at click 2") && m.contains("boom"), m);
    assertInstanceOf(IllegalStateException.class, e.getCause());
    // The samples finished before the failure are kept for the rerun.
    List<String> lines = Files.readAllLines(dir.resolve("disks.samples.jsonl"));
    assertEquals(2, lines.size());
    DatasetResult rerun = quiet(data).protocol(ALL_CLICKS).outputDir(dir).build().run().results().get(0);
    assertEquals(5, rerun.completed().size());
  }

  @Test
  void recordPolicyKeepsGoingAndARerunRetriesTheFailure(@TempDir Path dir) {
    EvaluationDataset data = Synthetic.disks("disks", 5);
    DatasetResult r = quiet(data).protocol(ALL_CLICKS).model(() -> failingOn(43, 1))
        .failurePolicy(FailurePolicy.RECORD).outputDir(dir).build().run().results().get(0);
    assertEquals(1, r.failures().size());
    SampleResult failed = r.failures().get(0);
    assertEquals(3, failed.index());
    assertTrue(failed.failure().orElseThrow().contains("at click 1"), failed.toString());
    assertEquals(4, r.completed().size());
    assertTrue(r.noc(0.85).samples() == 4);

    Map<Integer, AtomicInteger> calls = new ConcurrentHashMap<>();
    DatasetResult retried = quiet(data).protocol(ALL_CLICKS).model(() -> counting(calls))
        .failurePolicy(FailurePolicy.RECORD).outputDir(dir).build().run().results().get(0);
    assertEquals(Map.of(43, 20), Map.of(43, calls.get(43).get()));
    assertEquals(1, calls.size());
    assertEquals(5, retried.completed().size());
  }

  @Test
  void anUnreadableSampleIsReportedByIndexAndId() {
    EvaluationDataset disks = Synthetic.disks("disks", 3);
    EvaluationDataset broken = new EvaluationDataset() {
      @Override
      public String name() {
        return "disks";
      }

      @Override
      public int size() {
        return 3;
      }

      @Override
      public org.iseg.data.EvaluationSample get(int index) {
        if (index == 1) {
          throw new IllegalArgumentException("cannot decode disk-1.png: truncated file");
        }
        return disks.get(index);
      }

      @Override
      public String id(int index) {
        return disks.id(index);
      }
    };
    DatasetResult r = quiet(broken).protocol(ALL_CLICKS).failurePolicy(FailurePolicy.RECORD).build().run()
        .results().get(0);
    assertEquals(List.of(1), r.failures().stream().map(SampleResult::index).toList());
    String message = r.failures().get(0).failure().orElseThrow();
    assertTrue(message.contains("cannot load disks sample 1 (disk-1.png)") && message.contains("truncated"),
        message);
    EvaluationException e = assertThrows(EvaluationException.class,
        () -> quiet(broken).protocol(ALL_CLICKS).build().run());
    assertTrue(e.getMessage().contains("disk-1.png"), e.getMessage());
  }

  @Test
  void everyWorkersModelIsClosedExactlyOnce() {
    EvaluationDataset data = Synthetic.disks("disks", 6);
    for (boolean fail : List.of(false, true)) {
      AtomicInteger created = new AtomicInteger();
      AtomicInteger closed = new AtomicInteger();
      Evaluator evaluator = quiet(data).protocol(ALL_CLICKS).workers(3).model(() -> {
        created.incrementAndGet();
        return observed(fail ? failure(44, 3) : (x, clicks) -> {}, closed::incrementAndGet);
      }).build();
      if (fail) {
        assertThrows(EvaluationException.class, evaluator::run);
      } else {
        evaluator.run();
      }
      assertEquals(3, created.get(), "one model per worker");
      assertEquals(created.get(), closed.get(), "closed once each (fail=" + fail + ")");
    }
  }

  @Test
  void printsRitmsTableAndProgress() {
    ByteArrayOutputStream table = new ByteArrayOutputStream();
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    EvaluationReport report = Evaluator.builder().dataset(Synthetic.disks("disks", 3)).model(NearestClickModel::unbounded)
        .pipeline("toy").printTable(new PrintStream(table, true, StandardCharsets.UTF_8))
        .progress(new PrintStream(progress, true, StandardCharsets.UTF_8)).build().run();
    String printed = table.toString(StandardCharsets.UTF_8);
    assertTrue(printed.startsWith("Eval results for model: nearest-click\n"), printed);
    assertTrue(printed.contains("|     toy     |   disks   |"), printed);
    assertEquals(report.table() + "\n", printed);
    assertTrue(progress.toString(StandardCharsets.UTF_8).contains("3/3 samples"), progress.toString());
  }

  @Test
  void rejectsIncompleteConfiguration() {
    assertThrows(IllegalStateException.class, () -> Evaluator.builder().model(NearestClickModel::unbounded).build());
    assertThrows(IllegalStateException.class, () -> Evaluator.builder().dataset(Synthetic.disks("d", 1)).build());
    assertThrows(IllegalArgumentException.class, () -> Evaluator.builder().workers(0));
    Exception unknown = assertThrows(RuntimeException.class, () -> Evaluator.builder().robot("no-such-robot"));
    assertTrue(unknown.getMessage().contains("ritm"), unknown.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Evaluator.builder().dataset(Synthetic.disks("d", 1))
        .dataset(Synthetic.disks("d", 2)).model(NearestClickModel::unbounded).noProgress().noTable().build().run());
  }

  @Test
  void aRunnerElsewhereGivesTheLocalResultsAndResumesFromTheLog(@TempDir Path dir) throws IOException {
    EvaluationDataset a = Synthetic.disks("disks", 5);
    EvaluationDataset b = Synthetic.disks("more", 3);
    DatasetResult local = quiet(a).dataset(b).protocol(ALL_CLICKS).build().run().results().get(0);
    // a runner that works on its own evaluator (as a cluster node would), in reverse order, one model for all
    List<SampleTask> seen = new java.util.ArrayList<>();
    SampleRunner reversed = (tasks, results) -> {
      try (Evaluator.SampleWorker worker = quiet(a).dataset(b).protocol(ALL_CLICKS).build().worker()) {
        for (int k = tasks.size() - 1; k >= 0; k--) {
          SampleTask t = tasks.get(k);
          seen.add(t);
          results.accept(t, worker.evaluate(t.dataset(), t.index()));
        }
      }
    };
    // an interrupted run logged two samples of the first dataset: the runner gets only the rest
    quiet(a).workers(1).protocol(ALL_CLICKS).outputDir(dir).build().run();
    Path log = dir.resolve("disks.samples.jsonl");
    Files.write(log, Files.readAllLines(log).subList(0, 2));
    EvaluationReport elsewhere = quiet(a).dataset(b).protocol(ALL_CLICKS).runner(reversed).outputDir(dir).build()
        .run();
    assertEquals(6, seen.size(), seen.toString());
    assertEquals(List.of(new SampleTask(1, "more", 2), new SampleTask(1, "more", 1), new SampleTask(1, "more", 0),
        new SampleTask(0, "disks", 4), new SampleTask(0, "disks", 3), new SampleTask(0, "disks", 2)), seen);
    assertSameOutcome(local, elsewhere.result("disks"));
    assertSameOutcome(local, ResultsJson.read(dir.resolve("disks.json")));
    assertEquals(5, Files.readAllLines(dir.resolve("disks.samples.jsonl")).size());
    assertEquals(3, elsewhere.result("more").samples().size());

    // results for other data (a node with other files) are refused, naming the sample
    SampleRunner wrong = (tasks, results) -> {
      try (Evaluator.SampleWorker worker = quiet(Synthetic.disks("disks", 4)).build().worker()) {
        results.accept(tasks.get(0), worker.evaluate(0, 3));
      }
    };
    EvaluationException e = assertThrows(EvaluationException.class,
        () -> quiet(a).runner(wrong).build().run());
    assertTrue(e.getMessage().contains("disks sample 0") && e.getMessage().contains("same dataset files"),
        e.getMessage());
  }

  private static void assertSameOutcome(DatasetResult a, DatasetResult b) {
    assertEquals(a.samples().size(), b.samples().size());
    for (int s = 0; s < a.samples().size(); s++) {
      SampleResult x = a.samples().get(s);
      SampleResult y = b.samples().get(s);
      assertEquals(x.id(), y.id());
      assertEquals(x.clicks(), y.clicks(), x.id());
      assertArrayEquals(x.ious(), y.ious(), x.id());
    }
  }

  /** The nearest-click model, counting predictions per image height (= per synthetic sample). */
  private static IisModel counting(Map<Integer, AtomicInteger> calls) {
    return observed((x, clicks) -> calls.computeIfAbsent(x.height(), k -> new AtomicInteger()).incrementAndGet(),
        () -> {});
  }

  /** The nearest-click model, throwing at click {@code click} on images {@code height} px high. */
  private static IisModel failingOn(int height, int click) {
    return observed(failure(height, click), () -> {});
  }

  private static BiConsumer<Image, Integer> failure(int height, int click) {
    return (x, clicks) -> {
      if (x.height() == height && clicks == click) {
        throw new IllegalStateException("boom");
      }
    };
  }

  /**
   * The nearest-click model, showing {@code before} the image and click count ahead of every prediction and
   * calling {@code onClose} when closed.
   */
  private static IisModel observed(BiConsumer<Image, Integer> before, Runnable onClose) {
    NearestClickModel model = NearestClickModel.unbounded();
    return new IisModel() {
      @Override
      public String name() {
        return model.name();
      }

      @Override
      public Prediction predict(Image x, State z, List<Click> pcs, List<Click> ncs) {
        before.accept(x, pcs.size() + ncs.size());
        return model.predict(x, z, pcs, ncs);
      }

      @Override
      public State initialZ(Image x) {
        return model.initialZ(x);
      }

      @Override
      public void close() {
        onClose.run();
      }
    };
  }
}
