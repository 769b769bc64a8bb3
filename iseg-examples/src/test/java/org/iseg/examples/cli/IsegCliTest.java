package org.iseg.examples.cli;

import static org.iseg.examples.testing.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.iseg.api.Image;
import org.iseg.api.Mask;
import org.iseg.api.testing.SharedData;
import org.iseg.data.io.ImageFiles;
import org.iseg.examples.annotator.AnnotatorFiles;
import org.iseg.examples.testing.CliRun;
import org.iseg.models.IisNetwork;
import org.iseg.models.IisNetworks;
import org.iseg.models.NetworkConfig;
import org.iseg.models.external.OnnxFixtures;
import org.iseg.models.tfjs.TfjsModel;
import org.iseg.models.zoo.ModelFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line end to end, with the embedded default model on the bundled sample. */
class IsegCliTest {

  @TempDir Path tmp;

  @Test
  void evaluateRunsTheDefaultModelOnTheBundledSampleAndWritesResults() throws Exception {
    Path out = tmp.resolve("eval");
    CliRun r = run("evaluate", "--n-clicks", "2", "--eval-mode", "fixed256", "--no-flip", "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(Files.isRegularFile(out.resolve("sample.json")), "per-dataset JSON written");
    assertTrue(Files.isRegularFile(out.resolve("sample.csv")), "per-dataset CSV written");
    // 6 bundled scenes, each with at least one click recorded
    assertEquals(6, Files.readAllLines(out.resolve("sample.samples.jsonl")).size());
    assertTrue(Files.readString(out.resolve("sample.run.json")).contains("model-sha256"), "the model's hash is kept");

    // a resume under another setting would mix results: refused, naming the setting
    CliRun flipped = run("evaluate", "--n-clicks", "2", "--eval-mode", "fixed256", "--out", out.toString());
    assertEquals(2, flipped.code(), flipped.err());
    assertTrue(flipped.err().contains("settings.flip was false, now true") && flipped.err().contains("--restart"),
        flipped.err());
    CliRun restarted = run("evaluate", "--n-clicks", "2", "--eval-mode", "fixed256", "--restart", "--out",
        out.toString());
    assertEquals(0, restarted.code(), restarted.err());
    assertTrue(Files.readString(out.resolve("sample.run.json")).contains("\"flip\":\"true\""));
  }

  @Test
  void predictWritesAMaskThatContainsThePositiveClick() throws Exception {
    Path image = tmp.resolve("ellipse.png");
    try (var in = IsegCliTest.class.getResourceAsStream("/org/iseg/examples/sample/images/ellipse.png")) {
      Files.copy(in, image);
    }
    Path mask = tmp.resolve("mask.png");
    Path json = tmp.resolve("mask.json");
    CliRun r = run("predict", "--image", image.toString(), "--click", "120,150,+", "--no-zoom-in",
        "--out", mask.toString(), "--json", json.toString());
    assertEquals(0, r.code(), r.err());
    Mask result = AnnotatorFiles.readMask(mask);
    assertEquals(240, result.height());
    assertTrue(result.isObject(120, 150), "the positively clicked pixel is in the mask");
    assertTrue(Files.readString(json).contains("\"counts\""));
  }

  @Test
  void badInputGivesOneClearLine() throws Exception {
    Path image = tmp.resolve("ellipse.png");
    try (var in = IsegCliTest.class.getResourceAsStream("/org/iseg/examples/sample/images/ellipse.png")) {
      Files.copy(in, image);
    }
    CliRun outside = run("predict", "--image", image.toString(), "--click", "500,10,+", "--out",
        tmp.resolve("m.png").toString());
    assertEquals(2, outside.code());
    assertTrue(outside.err().contains("outside the 240x320 image"), outside.err());

    CliRun badClick = run("predict", "--image", image.toString(), "--click", "5;6", "--out",
        tmp.resolve("m.png").toString());
    assertTrue(badClick.err().contains("ROW,COL,+"), badClick.err());

    CliRun missing = run("evaluate", "--datasets", "GrabCut", "--datasets-root", tmp.toString());
    assertEquals(2, missing.code());
    assertTrue(missing.err().contains(tmp.resolve("GrabCut").toString()), missing.err());

    CliRun robot = run("evaluate", "--robot", "nope");
    assertTrue(robot.err().contains("unknown robot 'nope'") && robot.err().contains("ritm"), robot.err());

    CliRun mode = run("evaluate", "--mode", "f-BRS-D");
    assertEquals(2, mode.code());
    assertTrue(mode.err().contains("NoBRS, RGB-BRS, DistMap-BRS, f-BRS-A, f-BRS-B, f-BRS-C"), mode.err());

    CliRun brsOnDefault = run("evaluate", "--mode", "f-BRS-B", "--n-clicks", "1", "--out",
        tmp.resolve("brs").toString());
    assertEquals(2, brsOnDefault.code());
    assertTrue(brsOnDefault.err().contains("Use NoBRS"), brsOnDefault.err());

    CliRun bench = run("bench", "nope");
    assertTrue(bench.err().contains("available: annotation"), bench.err());

    CliRun checkpoint = run("evaluate", "--checkpoint", tmp.resolve("none.pth").toString());
    assertEquals(2, checkpoint.code());
    assertTrue(checkpoint.err().contains("none.pth"), checkpoint.err());
  }

  @Test
  void aRitmCheckpointAndItsSafetensorsExportPredictTheSameMask() throws Exception {
    Path pth = SharedData.golden("ritm-models/hrnet18s_itermask/checkpoint.pth");
    Path single = tmp.resolve("h18s.safetensors");
    try (IisNetwork network = IisNetworks.fromRitmCheckpoint(pth)) {
      ModelFiles.save(network, single);
    }
    Path image = tmp.resolve("ellipse.png");
    try (var in = IsegCliTest.class.getResourceAsStream("/org/iseg/examples/sample/images/ellipse.png")) {
      Files.copy(in, image);
    }
    Mask[] masks = new Mask[2];
    Path[] checkpoints = {pth, single};
    for (int i = 0; i < 2; i++) {
      Path out = tmp.resolve("mask" + i + ".png");
      CliRun r = run("predict", "--checkpoint", checkpoints[i].toString(), "--image", image.toString(),
          "--click", "120,150,+", "--click", "20,20,-", "--no-zoom-in", "--out", out.toString());
      assertEquals(0, r.code(), r.err());
      masks[i] = AnnotatorFiles.readMask(out);
    }
    assertTrue(masks[0].area() > 0 && masks[0].area() < 240 * 320, "a real partial mask: " + masks[0].area());
    assertArrayEquals(masks[0].toObjectArray(), masks[1].toObjectArray());
  }

  private Path sampleImage() throws Exception {
    Path image = tmp.resolve("ellipse.png");
    if (!Files.exists(image)) {
      try (var in = IsegCliTest.class.getResourceAsStream("/org/iseg/examples/sample/images/ellipse.png")) {
        Files.copy(in, image);
      }
    }
    return image;
  }

  @Test
  void anOnnxNetworkRunsThroughTheModelRegistry() throws Exception {
    // logits = 10 (positive disk - negative disk) + 2 red + 4 prev - 2: on a black image, exactly the click's disk
    Path onnx = OnnxFixtures.clickMapModel(tmp.resolve("maps.onnx"));
    Path image = tmp.resolve("black.png");
    ImageFiles.writePng(image, Image.filled(40, 50, 0, 0, 0));
    Path out = tmp.resolve("onnx-mask.png");
    CliRun r = run("predict", "--checkpoint", onnx.toString(), "--model-option",
        "inputs=image=image+prev,clicks=disks:5", "--image", image.toString(), "--click", "20,25,+", "--out",
        out.toString());
    assertEquals(0, r.code(), r.err());
    Mask expected = Mask.fromPredicate(40, 50, i -> (i / 50 - 20) * (i / 50 - 20) + (i % 50 - 25) * (i % 50 - 25) <= 25);
    assertArrayEquals(expected.toObjectArray(), AnnotatorFiles.readMask(out).toObjectArray());

    CliRun optionOnANetwork = run("predict", "--model-option", "layout=ritm", "--image", image.toString(),
        "--click", "20,25,+", "--out", out.toString());
    assertEquals(2, optionOnANetwork.code());
    assertTrue(optionOnANetwork.err().contains("--model-option"), optionOnANetwork.err());
  }

  @Test
  void aMask2FormerExportIsAClickModelForEvaluateAndPredict() throws Exception {
    String golden = "checkpoint=" + SharedData.golden("mask2former/checkpoint.pth");
    Path datasets = SharedData.dataset("GrabCut").getParent();
    Path eval = tmp.resolve("m2f-eval");
    CliRun evaluate = run("evaluate", "--checkpoint", "mask2former", "--model-option", golden, "--datasets", "GrabCut",
        "--datasets-root", datasets.toString(), "--samples", "2", "--n-clicks", "3", "--out", eval.toString());
    assertEquals(0, evaluate.code(), evaluate.err());
    assertEquals(2, Files.readAllLines(eval.resolve("GrabCut.samples.jsonl")).size());
    assertTrue(Files.readString(eval.resolve("GrabCut.run.json")).contains("model-sha256"));

    // the start mask makes the model's initialZ(image, mask) path run from the command line
    Path image = Files.list(datasets.resolve("GrabCut").resolve("data_GT")).sorted().skip(1).findFirst()
        .orElseThrow();
    Path mask = tmp.resolve("m2f-mask.png");
    Path start = tmp.resolve("m2f-start.png");
    Image decoded = ImageFiles.readImage(image);
    ImageFiles.writePng(start, Mask.empty(decoded.height(), decoded.width()));
    CliRun predict = run("predict", "--checkpoint", "mask2former", "--model-option", golden, "--image",
        image.toString(), "--click", "160,240,+", "--start-mask", start.toString(), "--out", mask.toString());
    assertEquals(0, predict.code(), predict.err());
    Mask result = AnnotatorFiles.readMask(mask);
    assertEquals(decoded.height(), result.height());
    assertEquals(decoded.width(), result.width());

    CliRun unknown = run("predict", "--checkpoint", "mask2former", "--model-option", golden, "--model-option",
        "task=panoptic", "--image", image.toString(), "--click", "160,240,+", "--out", mask.toString());
    assertEquals(2, unknown.code(), unknown.err());
    assertTrue(unknown.err().contains("[task]") && unknown.err().contains("min-objectness"), unknown.err());
  }

  @Test
  void aTrainedCompactExportPredictsAndEvaluatesAsACheckpoint() throws Exception {
    Path data = sampleDataset();
    Path export = tmp.resolve("compact.safetensors");
    CliRun train = run("train", "--model", "compact", "--width", "tiny", "--dataset", "folder", "--dataset-root",
        data.toString(), "--out", tmp.resolve("run").toString(), "--crop", "64x96", "--epochs", "1",
        "--samples-per-epoch", "4", "--batch-size", "2", "--workers", "1", "--val-images", "1",
        "--max-iter-clicks", "1", "--export", export.toString());
    assertEquals(0, train.code(), train.err());
    assertTrue(Files.isRegularFile(export), "exported " + export);

    // resuming that run with another crop and learning rate is refused, naming both, unless forced
    CliRun changed = run("train", "--model", "compact", "--width", "tiny", "--dataset", "folder", "--dataset-root",
        data.toString(), "--out", tmp.resolve("run").toString(), "--crop", "48x64", "--lr", "1e-3", "--epochs", "1",
        "--samples-per-epoch", "4", "--batch-size", "2", "--workers", "1", "--val-images", "1",
        "--max-iter-clicks", "1");
    assertEquals(2, changed.code(), changed.err());
    assertTrue(changed.err().contains("crop was 64x96, now 48x64") && changed.err().contains("lr was 5.0E-4, now"
        + " 0.001") && changed.err().contains("--force"), changed.err());

    assertPredictsAndEvaluates(export, "compact");
  }

  @Test
  void mobilenetv2TrainsFromNsfwjsWeightsAndItsExportPredictsAndEvaluates() throws Exception {
    Path nsfwjs = SharedData.golden("mobilenetv2-tfjs/nsfwjs-4.4.0");
    Path export = tmp.resolve("mnv2.safetensors");
    CliRun train = trainMobilenetv2Briefly("run", "--pretrained", nsfwjs.toString(), "--export", export.toString());
    assertEquals(0, train.code(), train.err());
    assertTrue(Files.isRegularFile(export), "exported " + export);

    // the ImageNet (nsfwjs) Conv1 kernel went in: after two Adam steps at the backbone rate (5e-4 x 0.1) the
    // exported RGB weights are still within 1e-3 of it, where a fresh initialisation is nowhere near
    float[] hwio = TfjsModel.read(nsfwjs).weight("Conv1/kernel").values(); // 3 x 3 x 3 x 32
    try (IisNetwork net = ModelFiles.load(export)) {
      NDArray conv1 = IisNetworks.parameters(net).get("feature_extractor.encoder.Conv1.weight").getArray();
      assertArrayEquals(new long[] {32, 3, 3, 3}, conv1.getShape().getShape());
      float[] oihw = conv1.toFloatArray();
      double maxDiff = 0;
      double maxAbs = 0;
      for (int o = 0; o < 32; o++) {
        for (int i = 0; i < 3; i++) {
          for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 3; x++) {
              float expected = hwio[((y * 3 + x) * 3 + i) * 32 + o];
              maxDiff = Math.max(maxDiff, Math.abs(expected - oihw[((o * 3 + i) * 3 + y) * 3 + x]));
              maxAbs = Math.max(maxAbs, Math.abs(expected));
            }
          }
        }
      }
      assertTrue(maxDiff <= 1e-3, "Conv1 moved " + maxDiff + " from the nsfwjs kernel");
      assertTrue(maxAbs > 0.1, "nsfwjs Conv1 kernel max |w| " + maxAbs);
    }

    // the finished run exported again at a working size: same weights, the network now resizes its input
    Path resized = tmp.resolve("mnv2-160.safetensors");
    CliRun again = trainMobilenetv2Briefly("run", "--export", resized.toString(), "--working-size", "160");
    assertEquals(0, again.code(), again.err());
    try (IisNetwork net = ModelFiles.load(export); IisNetwork small = ModelFiles.load(resized)) {
      assertEquals(NetworkConfig.INPUT_SIZE, net.config().workingSize());
      assertEquals(net.config().toBuilder().workingSize(160).build(), small.config());
      String name = "feature_extractor.encoder.Conv1.weight";
      assertArrayEquals(IisNetworks.parameters(net).get(name).getArray().toFloatArray(),
          IisNetworks.parameters(small).get(name).getArray().toFloatArray());
    }
    CliRun noExport = run("train", "--model", "mobilenetv2", "--dataset", "folder", "--dataset-root",
        sampleDataset().toString(), "--out", tmp.resolve("run").toString(), "--working-size", "160");
    assertEquals(2, noExport.code());
    assertTrue(noExport.err().contains("--working-size") && noExport.err().contains("--export"), noExport.err());

    // a later stint in a fresh --out starts from the export's weights: after two Adam steps (each moves a weight by
    // about lr = 5e-4) every convolution kernel is still within 2e-3 of the export's, where new weights are not
    Path next = tmp.resolve("mnv2-next.safetensors");
    CliRun stint = trainMobilenetv2Briefly("run2", "--init", export.toString(), "--export", next.toString());
    assertEquals(0, stint.code(), stint.err());
    try (IisNetwork before = ModelFiles.load(export); IisNetwork after = ModelFiles.load(next)) {
      Map<String, Parameter> start = IisNetworks.parameters(before);
      int kernels = 0;
      for (Map.Entry<String, Parameter> p : IisNetworks.parameters(after).entrySet()) {
        if (p.getValue().getArray().getShape().dimension() == 4) {
          float[] a = start.get(p.getKey()).getArray().toFloatArray();
          float[] b = p.getValue().getArray().toFloatArray();
          for (int i = 0; i < a.length; i++) {
            assertTrue(Math.abs(a[i] - b[i]) <= 2e-3, p.getKey() + "[" + i + "] moved from " + a[i] + " to " + b[i]);
          }
          kernels++;
        }
      }
      assertTrue(kernels > 50, kernels + " kernels compared");
    }
    CliRun both = run("train", "--model", "mobilenetv2", "--init", export.toString(), "--pretrained",
        nsfwjs.toString(), "--dataset", "folder", "--dataset-root", sampleDataset().toString(), "--out",
        tmp.resolve("run3").toString());
    assertEquals(2, both.code());
    assertTrue(both.err().contains("--init") && both.err().contains("--pretrained"), both.err());
    CliRun compact = run("train", "--model", "compact", "--init", export.toString(), "--dataset", "folder",
        "--dataset-root", sampleDataset().toString(), "--out", tmp.resolve("run4").toString());
    assertEquals(2, compact.code());
    assertTrue(compact.err().contains("--init") && compact.err().contains("compact"), compact.err());

    assertPredictsAndEvaluates(export, "mnv2");
  }

  /** {@code iseg train --model mobilenetv2} on the sample for two steps of two 64x96 crops, into tmp/{@code out}. */
  private CliRun trainMobilenetv2Briefly(String out, String... more) throws Exception {
    List<String> args = new ArrayList<>(List.of("train", "--model", "mobilenetv2", "--dataset", "folder",
        "--dataset-root", sampleDataset().toString(), "--out", tmp.resolve(out).toString(), "--crop", "64x96",
        "--epochs", "1", "--samples-per-epoch", "4", "--batch-size", "2", "--workers", "1", "--val-images", "1",
        "--val-clicks", "1", "--max-iter-clicks", "1"));
    args.addAll(List.of(more));
    return run(args.toArray(String[]::new));
  }

  /** An exported network as --checkpoint: predict writes a mask of the sample image, evaluate runs the sample. */
  private void assertPredictsAndEvaluates(Path export, String prefix) throws Exception {
    Path mask = tmp.resolve(prefix + "-mask.png");
    CliRun predict = run("predict", "--checkpoint", export.toString(), "--image", sampleImage().toString(),
        "--click", "120,150,+", "--out", mask.toString());
    assertEquals(0, predict.code(), predict.err());
    assertEquals(240, AnnotatorFiles.readMask(mask).height());

    Path eval = tmp.resolve(prefix + "-eval");
    CliRun evaluate = run("evaluate", "--checkpoint", export.toString(), "--n-clicks", "1", "--eval-mode", "fixed64",
        "--no-flip", "--out", eval.toString());
    assertEquals(0, evaluate.code(), evaluate.err());
    assertEquals(6, Files.readAllLines(eval.resolve("sample.samples.jsonl")).size());
  }

  /** The bundled sample as a folder dataset: 1 validation image, 5 training images. */
  private Path sampleDataset() throws Exception {
    Path data = tmp.resolve("data");
    if (Files.isDirectory(data)) {
      return data;
    }
    for (String folder : new String[] {"images", "masks"}) {
      Files.createDirectories(data.resolve(folder));
      for (String scene : new String[] {"blob", "ellipse", "pair", "ring", "star", "thin"}) {
        try (var in = IsegCliTest.class.getResourceAsStream("/org/iseg/examples/sample/" + folder + "/" + scene
            + ".png")) {
          Files.copy(in, data.resolve(folder).resolve(scene + ".png"));
        }
      }
    }
    return data;
  }

  @Test
  void optionsAreCheckedBeforeTheWorkWithMessagesThatSayWhatToDo() throws Exception {
    Path image = sampleImage();
    CliRun thresh = run("predict", "--image", image.toString(), "--click", "120,150,+", "--thresh", "7", "--out",
        tmp.resolve("t.png").toString());
    assertEquals(2, thresh.code());
    assertTrue(thresh.err().contains("--thresh must lie between 0 and 1"), thresh.err());
    CliRun evalThresh = run("evaluate", "--thresh", "7");
    assertTrue(evalThresh.err().contains("--thresh must lie between 0 and 1"), evalThresh.err());

    CliRun fusion = run("train", "--model", "hrnet18s", "--fusion", "middle", "--dataset-root", tmp.toString(),
        "--out", tmp.resolve("run").toString());
    assertEquals(2, fusion.code());
    assertTrue(fusion.err().contains("middle") && fusion.err().contains("EARLY")
        && fusion.err().contains("INTERMEDIATE") && !fusion.err().contains("No enum constant"), fusion.err());

    CliRun noRoot = run("train", "--dataset-root", tmp.resolve("nowhere").toString(), "--out",
        tmp.resolve("run").toString());
    assertEquals(2, noRoot.code());
    assertTrue(noRoot.err().contains("--dataset-root " + tmp.resolve("nowhere").toAbsolutePath())
        && noRoot.err().contains("does not exist") && !noRoot.err().contains("overlaps"), noRoot.err());

    Path aFile = Files.writeString(tmp.resolve("a-file"), "x");
    CliRun export = run("train", "--dataset-root", tmp.toString(), "--out", tmp.resolve("run").toString(),
        "--export", aFile.resolve("net.safetensors").toString());
    assertEquals(2, export.code());
    assertTrue(export.err().contains("--export") && export.err().contains("a-file"), export.err());

    // a failing --json is found before the model runs, and no mask PNG is left behind
    Path mask = tmp.resolve("m.png");
    CliRun json = run("predict", "--image", image.toString(), "--click", "120,150,+", "--out", mask.toString(),
        "--json", aFile.resolve("m.json").toString());
    assertEquals(2, json.code());
    assertTrue(json.err().contains("--json"), json.err());
    assertTrue(!Files.exists(mask), "no PNG without its JSON");

    Path small = tmp.resolve("small.png");
    ImageFiles.writePng(small, Mask.empty(10, 20));
    CliRun startMask = run("predict", "--image", image.toString(), "--click", "120,150,+", "--start-mask",
        small.toString(), "--out", mask.toString());
    assertEquals(2, startMask.code());
    assertTrue(startMask.err().contains("start mask is 10x20 but the image is 240x320"), startMask.err());
  }

  @Test
  void aHugeImageIsRefusedBeforeDecoding() throws Exception {
    Path huge = Files.write(tmp.resolve("huge.png"), pngHeader(20000, 20000));
    CliRun r = run("predict", "--image", huge.toString(), "--click", "10,10,+", "--out",
        tmp.resolve("m.png").toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("20000x20000") && r.err().contains("--max-pixels")
        && r.err().contains("downscale") && !r.err().contains("OutOfMemoryError"), r.err());
  }

  /** A PNG signature, IHDR and IEND: what a decompression bomb shows before its pixel data. */
  private static byte[] pngHeader(int width, int height) throws Exception {
    var bytes = new java.io.ByteArrayOutputStream();
    bytes.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    var ihdr = java.nio.ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2)
        .put((byte) 0).put((byte) 0).put((byte) 0).array();
    chunk(bytes, "IHDR", ihdr);
    chunk(bytes, "IEND", new byte[0]);
    return bytes.toByteArray();
  }

  private static void chunk(java.io.ByteArrayOutputStream out, String type, byte[] data) throws Exception {
    var crc = new java.util.zip.CRC32();
    crc.update(type.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    crc.update(data);
    out.write(java.nio.ByteBuffer.allocate(4).putInt(data.length).array());
    out.write(type.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    out.write(data);
    out.write(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  @Test
  void predictOverAFolderWritesEveryMaskAndOneCocoFile() throws Exception {
    Path images = Files.createDirectories(tmp.resolve("batch"));
    for (String scene : new String[] {"ellipse", "pair", "star"}) {
      try (var in = IsegCliTest.class.getResourceAsStream("/org/iseg/examples/sample/images/" + scene + ".png")) {
        Files.copy(in, images.resolve(scene + ".png"));
      }
    }
    Files.writeString(images.resolve("ellipse.clicks.txt"), "# the ellipse\n120,150,+\n");
    Files.writeString(images.resolve("pair.clicks.txt"), "120,80,+\n");
    Path masks = tmp.resolve("masks");
    Path coco = tmp.resolve("batch.json");
    CliRun r = run("predict", "--image", images.toString(), "--no-zoom-in", "--out", masks.toString(), "--coco",
        coco.toString(), "--category", "thing");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("1 of 3 images") && r.err().contains("skipped"), "star has no clicks: " + r.err());
    assertTrue(r.err().contains("predict: 1/2 ellipse.png") && r.err().contains("predict: 2/2 pair.png"), r.err());
    assertTrue(Files.isRegularFile(masks.resolve("ellipse.png")) && Files.isRegularFile(masks.resolve("pair.png")));

    var json = com.google.gson.JsonParser.parseString(Files.readString(coco)).getAsJsonObject();
    assertEquals(2, json.getAsJsonArray("images").size());
    assertEquals("thing", json.getAsJsonArray("categories").get(0).getAsJsonObject().get("name").getAsString());
    var annotations = json.getAsJsonArray("annotations");
    assertEquals(2, annotations.size());
    var first = annotations.get(0).getAsJsonObject();
    Mask ellipse = AnnotatorFiles.readMask(masks.resolve("ellipse.png"));
    assertEquals(ellipse.area(), first.get("area").getAsLong());
    var bbox = first.getAsJsonArray("bbox");
    assertTrue(bbox.get(0).getAsInt() <= 150 && bbox.get(0).getAsInt() + bbox.get(2).getAsInt() > 150, "x of click");
    assertTrue(bbox.get(1).getAsInt() <= 120 && bbox.get(1).getAsInt() + bbox.get(3).getAsInt() > 120, "y of click");
    String counts = first.getAsJsonObject("segmentation").get("counts").getAsString();
    boolean[] decoded = org.iseg.api.coco.CocoMasks.toMask(org.iseg.api.coco.CocoMasks.decodeString(counts),
        ellipse.height(), ellipse.width());
    assertArrayEquals(ellipse.toObjectArray(), decoded, "the RLE is the mask");
  }

  @Test
  void theJsonHasAPolygonForEveryRegion() throws Exception {
    byte[] labels = new byte[240 * 320];
    for (int r = 0; r < 240; r++) {
      for (int c = 0; c < 320; c++) {
        labels[r * 320 + c] = (r > 20 && r < 60 && c > 20 && c < 80) || (r > 150 && r < 200 && c > 200 && c < 300)
            ? Mask.OBJECT : Mask.BACKGROUND;
      }
    }
    Mask two = Mask.fromLabels(240, 320, labels);
    var object = CocoExport.object(two);
    assertEquals(2, object.getAsJsonArray("polygons").size(), object.toString());
    assertEquals(object.getAsJsonArray("polygons").get(0), object.get("polygon"), "polygon = the largest region");
  }
}
