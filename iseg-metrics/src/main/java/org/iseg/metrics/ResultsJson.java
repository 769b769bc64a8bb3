package org.iseg.metrics;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.iseg.api.Click;

/**
 * Results as JSON (Gson): a whole {@link DatasetResult} with its computed figures, and single
 * {@link SampleResult}s as one-line JSON for the evaluator's resumable log.
 *
 * <pre>{@code
 * ResultsJson.write(dir.resolve("GrabCut.json"), result);
 * DatasetResult back = ResultsJson.read(dir.resolve("GrabCut.json"));
 * String line = ResultsJson.sampleLine(sample);   // no line breaks
 * }</pre>
 *
 * <p>Clicks are {@code [row, col, positive]} triples and per-click IoUs are the float32 values widened to
 * double, the layout of the golden files RITM's code produced; threshold keys read {@code "0.80"}.
 */
public final class ResultsJson {
  private static final Gson PRETTY = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
  private static final Gson COMPACT = new GsonBuilder().disableHtmlEscaping().create();

  private ResultsJson() {}

  /** The dataset result with its summary figures, pretty-printed. */
  public static String toJson(DatasetResult result) {
    return PRETTY.toJson(toTree(result));
  }

  /** Writes {@link #toJson(DatasetResult)} to {@code file}, creating parent folders. */
  public static void write(Path file, DatasetResult result) {
    writeString(file, toJson(result) + "\n");
  }

  /** Reads a file written by {@link #write}. */
  public static DatasetResult read(Path file) {
    try {
      return fromJson(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read results file " + file + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "results file " + file + " is not a valid iseg results JSON: " + e.getMessage(), e);
    }
  }

  /** Parses the output of {@link #toJson(DatasetResult)}; the summary is recomputed, not read. */
  public static DatasetResult fromJson(String json) {
    JsonObject o = JsonParser.parseString(json).getAsJsonObject();
    List<SampleResult> samples = new ArrayList<>();
    for (JsonElement e : o.getAsJsonArray("samples")) {
      samples.add(sampleFromTree(e.getAsJsonObject()));
    }
    return new DatasetResult(
        o.get("dataset").getAsString(),
        o.get("model").getAsString(),
        o.get("pipeline").getAsString(),
        o.get("robot").getAsString(),
        protocolFromTree(o.getAsJsonObject("protocol")),
        samples,
        o.get("wallSeconds").getAsDouble());
  }

  /** One sample as a single line of JSON (no line break). */
  public static String sampleLine(SampleResult sample) {
    return COMPACT.toJson(sampleTree(sample));
  }

  /** Parses a line written by {@link #sampleLine}; a malformed line fails with {@link JsonParseException}. */
  public static SampleResult parseSampleLine(String line) {
    try {
      return sampleFromTree(JsonParser.parseString(line).getAsJsonObject());
    } catch (IllegalStateException | NullPointerException | UnsupportedOperationException e) {
      throw new JsonParseException("not a sample result line: " + e.getMessage(), e);
    }
  }

  /** The protocol as JSON, to record what a run was made with. */
  public static String protocolJson(Protocol protocol) {
    return COMPACT.toJson(protocolTree(protocol));
  }

  /** Parses {@link #protocolJson}. */
  public static Protocol parseProtocol(String json) {
    return protocolFromTree(JsonParser.parseString(json).getAsJsonObject());
  }

  /** A threshold as a key: at least two decimals, {@code 0.8 -> "0.80"}, {@code 0.875 -> "0.875"}. */
  public static String thresholdKey(double t) {
    BigDecimal d = BigDecimal.valueOf(t).stripTrailingZeros();
    return d.setScale(Math.max(2, d.scale())).toPlainString();
  }

  private static JsonObject toTree(DatasetResult r) {
    JsonObject o = new JsonObject();
    o.addProperty("dataset", r.dataset());
    o.addProperty("model", r.model());
    o.addProperty("pipeline", r.pipeline());
    o.addProperty("robot", r.robot());
    o.add("protocol", protocolTree(r.protocol()));
    o.addProperty("wallSeconds", r.wallSeconds());
    JsonObject summary = new JsonObject();
    summary.addProperty("samples", r.samples().size());
    summary.addProperty("completed", r.completed().size());
    summary.addProperty("failed", r.failures().size());
    if (!r.completed().isEmpty()) {
      JsonObject noc = new JsonObject();
      JsonObject nof = new JsonObject();
      JsonObject never = new JsonObject();
      for (Map.Entry<Double, NocSummary> e : r.nocSummaries().entrySet()) {
        String key = thresholdKey(e.getKey());
        noc.addProperty(key, e.getValue().meanNoc());
        nof.addProperty(key, e.getValue().nof());
        never.addProperty(key, e.getValue().neverReached());
      }
      summary.add("noc", noc);
      summary.add("nof", nof);
      summary.add("neverReached", never);
      summary.add("miouAtClick", floats(r.miouAtClick()));
      summary.addProperty("totalClicks", r.totalClicks());
      summary.addProperty("secondsPerClick", r.secondsPerClick());
      summary.addProperty("secondsPerImage", r.secondsPerImage());
      summary.addProperty("wallSecondsPerClick", r.wallSecondsPerClick());
      summary.addProperty("modelSecondsPerClick", r.modelSecondsPerClick());
    }
    o.add("summary", summary);
    JsonArray samples = new JsonArray();
    for (SampleResult s : r.samples()) {
      samples.add(sampleTree(s));
    }
    o.add("samples", samples);
    return o;
  }

  private static JsonObject protocolTree(Protocol p) {
    JsonObject o = new JsonObject();
    o.addProperty("maxClicks", p.maxClicks());
    o.addProperty("predictionThreshold", p.predictionThreshold());
    if (p.stopIou().isPresent()) {
      o.addProperty("stopIou", p.stopIou().getAsDouble());
    }
    o.addProperty("minClicks", p.minClicks());
    JsonArray thresholds = new JsonArray();
    p.nocThresholds().forEach(thresholds::add);
    o.add("nocThresholds", thresholds);
    return o;
  }

  private static Protocol protocolFromTree(JsonObject o) {
    List<Double> thresholds = new ArrayList<>();
    for (JsonElement e : o.getAsJsonArray("nocThresholds")) {
      thresholds.add(e.getAsDouble());
    }
    return new Protocol(
        o.get("maxClicks").getAsInt(),
        o.get("predictionThreshold").getAsDouble(),
        o.has("stopIou") ? OptionalDouble.of(o.get("stopIou").getAsDouble()) : OptionalDouble.empty(),
        o.get("minClicks").getAsInt(),
        thresholds);
  }

  private static JsonObject sampleTree(SampleResult s) {
    JsonObject o = new JsonObject();
    o.addProperty("index", s.index());
    o.addProperty("id", s.id());
    o.addProperty("height", s.height());
    o.addProperty("width", s.width());
    o.addProperty("objectPixels", s.objectPixels());
    o.addProperty("ignorePixels", s.ignorePixels());
    JsonArray clicks = new JsonArray();
    for (Click c : s.clicks()) {
      JsonArray triple = new JsonArray();
      triple.add(c.row());
      triple.add(c.col());
      triple.add(c.positive());
      clicks.add(triple);
    }
    o.add("clicks", clicks);
    o.add("ious", floats(s.ious()));
    o.addProperty("seconds", s.seconds());
    o.addProperty("modelSeconds", s.modelSeconds());
    o.addProperty("oracleSeconds", s.oracleSeconds());
    s.failure().ifPresent(f -> o.addProperty("failure", f));
    return o;
  }

  private static SampleResult sampleFromTree(JsonObject o) {
    List<Click> clicks = new ArrayList<>();
    JsonArray clickArray = o.getAsJsonArray("clicks");
    for (int i = 0; i < clickArray.size(); i++) {
      JsonArray t = clickArray.get(i).getAsJsonArray();
      clicks.add(new Click(t.get(0).getAsInt(), t.get(1).getAsInt(), t.get(2).getAsBoolean(), i));
    }
    JsonArray iouArray = o.getAsJsonArray("ious");
    float[] ious = new float[iouArray.size()];
    for (int i = 0; i < ious.length; i++) {
      ious[i] = (float) iouArray.get(i).getAsDouble();
    }
    return new SampleResult(
        o.get("index").getAsInt(),
        o.get("id").getAsString(),
        o.get("height").getAsInt(),
        o.get("width").getAsInt(),
        o.get("objectPixels").getAsLong(),
        o.get("ignorePixels").getAsLong(),
        clicks,
        ious,
        o.get("seconds").getAsDouble(),
        o.get("modelSeconds").getAsDouble(),
        o.get("oracleSeconds").getAsDouble(),
        o.has("failure") ? Optional.of(o.get("failure").getAsString()) : Optional.empty());
  }

  private static JsonArray floats(float[] values) {
    JsonArray a = new JsonArray();
    for (float v : values) {
      a.add((double) v);
    }
    return a;
  }

  static void writeString(Path file, String text) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
