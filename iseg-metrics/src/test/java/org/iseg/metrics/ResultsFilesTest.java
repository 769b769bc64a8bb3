package org.iseg.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.iseg.api.Click;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsFilesTest {

  /** Four samples, four clicks each; NoC@80/85/90 = 2.50/2.75/3.00, NoF@85 = NoF@90 = 2, 0.25 s per sample. */
  static DatasetResult fourSamples() {
    float[][] curves = {
        {0.95f, 0.95f, 0.95f, 0.95f},
        {0.82f, 0.86f, 0.91f, 0.91f},
        {0.5f, 0.6f, 0.7f, 0.81f},
        {0.1f, 0.2f, 0.3f, 0.4f}};
    List<SampleResult> samples = new ArrayList<>();
    for (int s = 3; s >= 0; s--) {   // out of order on purpose: the result sorts by index
      List<Click> clicks = new ArrayList<>();
      for (int k = 0; k < 4; k++) {
        clicks.add(new Click(10 * s + k, 5 + k, k % 2 == 0, k));
      }
      samples.add(SampleResult.builder(s, "img," + s + ".jpg").size(30, 40).target(100 + s, s)
          .clicks(clicks).ious(curves[s]).seconds(0.25, 0.2, 0.04).build());
    }
    Protocol protocol = Protocol.builder().maxClicks(4).allClicks().build();
    return new DatasetResult("GrabCut", "toy", "NoBRS", "ritm", protocol, samples, 3725.9);
  }

  @Test
  void tableMatchesRitmsLayoutCharacterForCharacter() {
    // Expected lines printed by RITM's get_results_table (Python) for the same figures.
    String expected = String.join("\n",
        "Eval results for model: toy",
        "-----------------------------------------------------------------------------------------------",
        "|  BRS Type   |  Dataset  | NoC@80% | NoC@85% | NoC@90% | >=4@85% | >=4@90% | SPC,s |  Time   |",
        "-----------------------------------------------------------------------------------------------",
        "|    NoBRS    |  GrabCut  |  2.50   |  2.75   |  3.00   |    2    |    2    | 0.062 | 1:02:05 |");
    assertEquals(expected, ResultsTable.render(List.of(fourSamples())));
  }

  @Test
  void pythonFormattingRules() {
    assertEquals("19.12", ResultsTable.fixed(19.125, 2));   // half-even on the exact value
    assertEquals("2.67", ResultsTable.fixed(2.675, 2));     // 2.675 is 2.67499999... in binary
    assertEquals("0.062", ResultsTable.fixed(0.0625, 3));
    assertEquals("1 day, 1:01:01", ResultsTable.duration(90061));
    assertEquals("0:00:00", ResultsTable.duration(0.9));
    assertEquals("  ab   ", ResultsTable.center("ab", 7));
    assertEquals("toolong", ResultsTable.center("toolong", 3));
  }

  @Test
  void jsonRoundTripsAndCarriesTheFigures(@TempDir Path dir) throws IOException {
    DatasetResult result = fourSamples();
    Path file = dir.resolve("out/GrabCut.json");
    ResultsJson.write(file, result);
    DatasetResult back = ResultsJson.read(file);
    assertEquals(result, back);
    JsonObject summary = JsonParser.parseString(Files.readString(file)).getAsJsonObject()
        .getAsJsonObject("summary");
    assertEquals(2.5, summary.getAsJsonObject("noc").get("0.80").getAsDouble());
    assertEquals(2, summary.getAsJsonObject("nof").get("0.90").getAsInt());
    assertEquals(1, summary.getAsJsonObject("neverReached").get("0.80").getAsInt());
    assertEquals(0.5925f, summary.getAsJsonArray("miouAtClick").get(0).getAsFloat());
    assertEquals(16, summary.get("totalClicks").getAsInt());
  }

  @Test
  void sampleLinesRoundTripIncludingFailures() {
    SampleResult ok = fourSamples().samples().get(1);
    String line = ResultsJson.sampleLine(ok);
    assertTrue(!line.contains("\n"));
    assertEquals(ok, ResultsJson.parseSampleLine(line));
    SampleResult failed = SampleResult.builder(7, "x.jpg").size(2, 3).target(1, 0)
        .clicks(List.of(Click.positive(0, 0, 0))).ious(new float[0]).seconds(0.1, 0, 0)
        .failure("model threw: boom").build();
    assertEquals(failed, ResultsJson.parseSampleLine(ResultsJson.sampleLine(failed)));
    assertThrows(JsonParseException.class, () -> ResultsJson.parseSampleLine("{\"index\": 3, \"id\""));
    assertThrows(JsonParseException.class, () -> ResultsJson.parseSampleLine("{\"index\": 3}"));
  }

  @Test
  void failedSamplesAreListedButNotScored() {
    DatasetResult base = fourSamples();
    List<SampleResult> samples = new ArrayList<>(base.samples());
    samples.add(SampleResult.builder(4, "bad.jpg").size(30, 40).target(5, 0).ious(new float[0])
        .failure("IllegalStateException: broken").build());
    DatasetResult withFailure = new DatasetResult(
        "GrabCut", "toy", "NoBRS", "ritm", base.protocol(), samples, base.wallSeconds());
    assertEquals(1, withFailure.failures().size());
    assertEquals(base.noc(0.85), withFailure.noc(0.85));
    assertArrayEquals(base.miouAtClick(), withFailure.miouAtClick());
  }

  @Test
  void csvHasOneRowPerSampleWithCurveAndClicks() {
    String csv = ResultsCsv.toCsv(fourSamples());
    String[] lines = csv.split("\n");
    assertEquals(5, lines.length);
    assertTrue(lines[0].startsWith("dataset,index,id,height,width,objectPixels,ignorePixels,clicks,"
        + "noc@0.80,noc@0.85,noc@0.90,finalIou,"), lines[0]);
    assertTrue(lines[0].endsWith("iou@1,iou@2,iou@3,iou@4,clickList"), lines[0]);
    // sample 1: id with a comma is quoted; NoC 1, 2, 3; curve; clicks.
    assertTrue(lines[2].startsWith("GrabCut,1,\"img,1.jpg\",30,40,101,1,4,1,2,3,"), lines[2]);
    assertTrue(lines[2].endsWith(
        "," + (double) 0.82f + "," + (double) 0.86f + "," + (double) 0.91f + "," + (double) 0.91f
            + ",10:5:+ 11:6:- 12:7:+ 13:8:-"), lines[2]);
  }

  @Test
  void plotIsAPng(@TempDir Path dir) throws IOException {
    Path png = dir.resolve("GrabCut-miou.png");
    MiouPlot.write(png, List.of(fourSamples()));
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(1000, image.getWidth());
    assertEquals(600, image.getHeight());
    assertThrows(IllegalArgumentException.class, () -> MiouPlot.write(png, "t", Map.of()));
  }

  @Test
  void protocolValidatesAndRoundTrips() {
    Protocol p = Protocol.ritm();
    assertEquals(20, p.maxClicks());
    assertTrue(p.stopsAt(1, 0.9));
    assertTrue(!p.stopsAt(1, 0.89));
    // RITM compares the float64 IoU with 0.90: 0.89999999 does not stop, though it is 0.9f in float32.
    assertTrue(!p.stopsAt(1, 0.89999999));
    assertEquals(0.9f, (float) 0.89999999);
    assertTrue(!Protocol.builder().minClicks(3).build().stopsAt(2, 1.0));
    assertEquals(p, ResultsJson.parseProtocol(ResultsJson.protocolJson(p)));
    Protocol all = Protocol.builder().allClicks().build();
    assertTrue(!all.stopsAt(20, 1.0));
    assertEquals(all, ResultsJson.parseProtocol(ResultsJson.protocolJson(all)));
    assertThrows(IllegalArgumentException.class, () -> Protocol.builder().minClicks(21).build());
    assertThrows(IllegalArgumentException.class, () -> Protocol.builder().predictionThreshold(1.5).build());
    assertEquals("0.80", ResultsJson.thresholdKey(0.8));
    assertEquals("0.875", ResultsJson.thresholdKey(0.875));
    assertEquals(Optional.empty(), fourSamples().samples().get(0).failure());
  }
}
