package org.iseg.examples.cli;

import static org.iseg.examples.testing.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.iseg.api.testing.SharedData;
import org.iseg.examples.testing.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code iseg segment} with the golden Mask2Former export on BSDS500 134067 (the golden's second image). */
class SegmentCommandTest {
  @Test
  void everyTaskWritesItsFiles(@TempDir Path out) throws Exception {
    Path checkpoint = SharedData.golden("mask2former/checkpoint.pth");
    Path image = SharedData.dataset("BSDS500/images/test/134067.jpg");
    for (String task : new String[] {"panoptic", "instance", "semantic"}) {
      CliRun r = run("segment", "--task", task, "--checkpoint", checkpoint.toString(), image.toString(), "--out",
          out.toString());
      assertEquals(0, r.code(), r.err());
    }
    JsonArray segments = JsonParser.parseString(Files.readString(out.resolve("134067.segments.json")))
        .getAsJsonObject().getAsJsonArray("segments_info");
    List<String> names = new ArrayList<>();
    for (JsonElement s : segments) {
      names.add(s.getAsJsonObject().get("category_name").getAsString());
    }
    // EasyCV's output processor lists the same segments in the same order (predictor-meta.json)
    assertEquals(List.of("car", "car", "train", "motorcycle", "bicycle", "truck", "sky-other-merged"), names);
    JsonArray instances = JsonParser.parseString(Files.readString(out.resolve("134067.instances.json")))
        .getAsJsonArray();
    assertEquals(78, instances.size());
    for (String f : new String[] {"134067.panoptic.png", "134067.panoptic-overlay.png", "134067.instance.png",
        "134067.semantic.png", "134067.semantic-overlay.png"}) {
      assertTrue(Files.size(out.resolve(f)) > 0, f);
    }
  }

  @Test
  void badInputIsNamed(@TempDir Path out) throws Exception {
    Path checkpoint = SharedData.golden("mask2former/checkpoint.pth");
    Path image = SharedData.dataset("BSDS500/images/test/134067.jpg");
    CliRun unknown = run("segment", "--task", "depth", "--checkpoint", checkpoint.toString(), image.toString(),
        "--out", out.toString());
    assertEquals(2, unknown.code());
    assertTrue(unknown.err().contains("unknown segmentation task 'depth'"), unknown.err());
    Path ritm = SharedData.golden("ritm-models/hrnet18s_itermask/checkpoint.pth");
    CliRun wrong = run("segment", "--task", "panoptic", "--checkpoint", ritm.toString(), image.toString(), "--out",
        out.toString());
    assertEquals(2, wrong.code());
    assertTrue(wrong.err().contains(ritm.toString()) && wrong.err().contains("not an EasyCV Mask2Former export"),
        wrong.err());
    CliRun unknownName = run("segment", "--task", "panoptic", "--checkpoint", "mask2former_r101", image.toString(),
        "--out", out.toString());
    assertEquals(2, unknownName.code());
    assertTrue(unknownName.err().contains("mask2former_r101") && unknownName.err().contains("mask2former_pan_export"),
        unknownName.err());
    Path junk = out.resolve("junk.pth");
    Files.writeString(junk, "junk");
    CliRun random = run("segment", "--task", "panoptic", "--checkpoint", junk.toString(), image.toString(), "--out",
        out.toString());
    assertEquals(2, random.code());
    assertTrue(random.err().contains(junk.toString()), random.err());
    CliRun batch = run("segment", "--task", "panoptic", "--checkpoint", checkpoint.toString(), image.toString(),
        "--out", out.toString(), "--batch-size", "0");
    assertEquals(2, batch.code());
    assertTrue(batch.err().contains("--batch-size must be at least 1"), batch.err());
  }
}
