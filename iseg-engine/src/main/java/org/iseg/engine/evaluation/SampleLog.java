package org.iseg.engine.evaluation;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.iseg.data.EvaluationDataset;
import org.iseg.engine.RunSettings;
import org.iseg.metrics.ResultsJson;
import org.iseg.metrics.SampleResult;

/**
 * The resume log of one dataset in a run: {@code <stem>.run.json} records what the run is (dataset, model,
 * robot, protocol) and {@code <stem>.samples.jsonl} gets one JSON line per finished sample, flushed at once.
 * Reopening it loads the completed samples so they are not run again; failed samples are retried. A line cut
 * short by an interruption (the last one, without its newline) is dropped.
 */
final class SampleLog implements Closeable {
  private final Path samplesFile;
  private final Map<Integer, SampleResult> completed;
  private final BufferedWriter writer;

  private SampleLog(Path samplesFile, Map<Integer, SampleResult> completed, BufferedWriter writer) {
    this.samplesFile = samplesFile;
    this.completed = completed;
    this.writer = writer;
  }

  /** Opens (creating or resuming) the log for {@code dataset} under {@code dir}. */
  static SampleLog open(Path dir, String stem, String manifestJson, EvaluationDataset dataset) {
    return open(dir, stem, manifestJson, dataset, false);
  }

  /**
   * As {@link #open(Path, String, String, EvaluationDataset)}; with {@code restart}, results of a run with other
   * settings are discarded instead of refused (results of the same run still resume).
   */
  static SampleLog open(Path dir, String stem, String manifestJson, EvaluationDataset dataset, boolean restart) {
    Path manifest = dir.resolve(stem + ".run.json");
    Path samples = dir.resolve(stem + ".samples.jsonl");
    try {
      Files.createDirectories(dir);
      Map<Integer, SampleResult> done = new TreeMap<>();
      if (Files.exists(samples) && restart && !sameRun(manifest, manifestJson)) {
        Files.delete(samples);
      }
      if (Files.exists(samples)) {
        checkManifest(manifest, manifestJson, samples);
        long keep = load(samples, dataset, done);
        try (FileChannel channel = FileChannel.open(samples, StandardOpenOption.WRITE)) {
          if (channel.size() > keep) {
            channel.truncate(keep);   // drop a line cut short by an interruption
          }
        }
      } else {
        Files.writeString(manifest, manifestJson + "\n", StandardCharsets.UTF_8);
      }
      BufferedWriter writer = Files.newBufferedWriter(
          samples, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      return new SampleLog(samples, Collections.unmodifiableMap(done), writer);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot open the evaluation log " + samples + ": " + e.getMessage() + "; check the output folder", e);
    }
  }

  private static void checkManifest(Path manifest, String expected, Path samples) throws IOException {
    if (!Files.exists(manifest)) {
      throw new EvaluationException(
          "found " + samples + " but not " + manifest + ", so it cannot be told which run it belongs to;"
              + " move it away or choose another output folder");
    }
    JsonElement found;
    try {
      found = JsonParser.parseString(Files.readString(manifest, StandardCharsets.UTF_8));
    } catch (JsonParseException e) {
      throw new EvaluationException(manifest + " is not valid JSON; delete it with " + samples
          + " to start over, or choose another output folder", e);
    }
    JsonElement now = JsonParser.parseString(expected);
    if (!found.equals(now)) {
      Map<String, String> was = new TreeMap<>();
      Map<String, String> is = new TreeMap<>();
      flatten("", found, was);
      flatten("", now, is);
      List<String> differences = RunSettings.differences(was, is);
      throw new EvaluationException("the results in " + samples + " come from a different run: "
          + String.join("; ", differences) + ". Run with the same settings to resume, choose another output "
          + "folder, or start this dataset over (--restart / Evaluator.Builder.restart(true))");
    }
  }

  private static boolean sameRun(Path manifest, String expected) throws IOException {
    try {
      return Files.exists(manifest)
          && JsonParser.parseString(Files.readString(manifest, StandardCharsets.UTF_8))
              .equals(JsonParser.parseString(expected));
    } catch (JsonParseException e) {
      return false;
    }
  }

  /** {"protocol": {"maxClicks": 20}} -> protocol.maxClicks = 20, so a difference names the one setting. */
  private static void flatten(String prefix, JsonElement e, Map<String, String> out) {
    if (e.isJsonObject()) {
      for (Map.Entry<String, JsonElement> m : e.getAsJsonObject().entrySet()) {
        flatten(prefix.isEmpty() ? m.getKey() : prefix + "." + m.getKey(), m.getValue(), out);
      }
    } else {
      out.put(prefix, e.isJsonPrimitive() ? e.getAsString() : e.toString());
    }
  }

  /** Loads completed samples; returns the byte length of the intact lines. */
  private static long load(Path samples, EvaluationDataset dataset, Map<Integer, SampleResult> done)
      throws IOException {
    byte[] bytes = Files.readAllBytes(samples);
    String text = new String(bytes, StandardCharsets.UTF_8);
    List<String> lines = text.lines().toList();
    boolean lastComplete = text.endsWith("\n");
    long keep = 0;
    for (int n = 0; n < lines.size(); n++) {
      String line = lines.get(n);
      boolean last = n == lines.size() - 1;
      if (last && !lastComplete) {
        break;   // interrupted mid-write: dropped, the sample runs again
      }
      keep += line.getBytes(StandardCharsets.UTF_8).length + 1;
      if (line.isBlank()) {
        continue;
      }
      SampleResult r;
      try {
        r = ResultsJson.parseSampleLine(line);
      } catch (RuntimeException e) {
        throw new EvaluationException(
            samples + " line " + (n + 1) + " is not a sample result (" + e.getMessage()
                + "); delete the line or the file to run those samples again", e);
      }
      if (r.index() >= dataset.size() || !dataset.id(r.index()).equals(r.id())) {
        throw new EvaluationException(
            samples + " line " + (n + 1) + " records sample " + r.index() + " as '" + r.id() + "' but dataset "
                + dataset.name() + " has " + (r.index() < dataset.size() ? "'" + dataset.id(r.index()) + "'"
                : "only " + dataset.size() + " samples") + " there; the log belongs to other data: choose"
                + " another output folder");
      }
      if (r.completed()) {
        done.put(r.index(), r);
      } else {
        done.remove(r.index());   // a failure recorded after a success (or before a retry) decides nothing
      }
    }
    return keep;
  }

  /** Completed samples from earlier runs, by index. */
  Map<Integer, SampleResult> completed() {
    return completed;
  }

  Path file() {
    return samplesFile;
  }

  /** Appends one finished sample and flushes it to disk. */
  synchronized void append(SampleResult result) {
    try {
      writer.write(ResultsJson.sampleLine(result));
      writer.write('\n');
      writer.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + samplesFile + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      writer.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close " + samplesFile + ": " + e.getMessage(), e);
    }
  }
}
