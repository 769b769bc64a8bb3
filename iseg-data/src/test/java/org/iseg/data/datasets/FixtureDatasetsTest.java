package org.iseg.data.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.iseg.api.Image;
import org.iseg.api.Mask;
import org.iseg.data.DatasetException;
import org.iseg.data.EvaluationDataset;
import org.iseg.data.EvaluationSample;
import org.iseg.data.FullMask;
import org.iseg.data.SegDataset;
import org.iseg.data.SegSample;
import org.iseg.data.io.ImageFiles;
import org.iseg.data.io.LabelMap;
import org.iseg.data.spi.DatasetProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SBD, PASCAL VOC, folder and RITM-layout loaders on small fixtures written in the real formats. */
class FixtureDatasetsTest {
  @TempDir Path dir;

  @Test
  void registryKnowsEveryStandardDataset() {
    assertEquals(List.of("berkeley", "bsds500", "coco_lvis", "coco_mval", "davis", "folder", "grabcut",
        "pascalvoc", "sbd"), DatasetProvider.registry().names());
  }

  @Test
  void sbdReadsInstanceAndClassStructsAndEvaluatesEveryInstance() {
    Path root = dir.resolve("SBD");
    int h = 3;
    int w = 4;
    int[] instA = {0, 1, 1, 0, 0, 1, 2, 2, 3, 3, 0, 2};
    int[] clsA = {0, 15, 15, 0, 0, 15, 7, 7, 7, 7, 0, 7};
    int[] instB = {0, 0, 0, 0, 0, 4, 4, 0, 0, 0, 0, 0};
    Fixtures.writeImage(root.resolve("img/2008_000001.jpg"), Fixtures.image(h, w, 1));
    Fixtures.writeImage(root.resolve("img/2008_000002.jpg"), Fixtures.image(h, w, 2));
    Fixtures.writeSbdMat(root.resolve("inst/2008_000001.mat"), "GTinst", h, w, instA);
    Fixtures.writeSbdMat(root.resolve("cls/2008_000001.mat"), "GTcls", h, w, clsA);
    Fixtures.writeSbdMat(root.resolve("inst/2008_000002.mat"), "GTinst", h, w, instB);
    Fixtures.writeSbdMat(root.resolve("cls/2008_000002.mat"), "GTcls", h, w, instB);
    Fixtures.write(root.resolve("train.txt"), "2008_000001\n");
    Fixtures.write(root.resolve("val.txt"), "2008_000002\n2008_000001\n");

    SegDataset train = DatasetProvider.registry().get("sbd").open(root);
    assertEquals(1, train.size());
    SegSample s = train.get(0);
    assertEquals("2008_000001.jpg", s.id());
    assertEquals(2, s.mask().layerCount());
    assertArrayEquals(instA, s.mask().layer(0));
    assertArrayEquals(clsA, s.mask().layer(1));
    assertEquals(ImageFiles.readImage(root.resolve("img/2008_000001.jpg")), s.image());

    EvaluationDataset val = DatasetProvider.registry().get("sbd").openEvaluation(root);
    // val.txt order, then instance ids ascending: (000002, 4), (000001, 1), (000001, 2), (000001, 3)
    assertEquals(4, val.size());
    assertEquals(List.of("2008_000002.jpg#4", "2008_000001.jpg#1", "2008_000001.jpg#2", "2008_000001.jpg#3"),
        List.of(val.id(0), val.id(1), val.id(2), val.id(3)));
    EvaluationSample third = val.get(2);
    assertEquals(Mask.fromPredicate(h, w, i -> instA[i] == 2), third.target());
  }

  @Test
  void corruptMatFilesFailNamingTheFile() throws IOException {
    Path root = dir.resolve("SBD");
    Fixtures.writeImage(root.resolve("img/a.jpg"), Fixtures.image(2, 2, 0));
    Fixtures.writeSbdMat(root.resolve("inst/a.mat"), "GTinst", 2, 2, new int[] {0, 1, 1, 0});
    Fixtures.write(root.resolve("train.txt"), "a\n");
    byte[] bytes = Files.readAllBytes(root.resolve("inst/a.mat"));
    Files.write(root.resolve("inst/a.mat"), java.util.Arrays.copyOf(bytes, bytes.length - 20));
    SegDataset train = SbdDataset.open(root, "train");
    DatasetException e = assertThrows(DatasetException.class, () -> train.get(0));
    assertTrue(e.getMessage().contains("a.mat"), e.getMessage());

    Fixtures.writeSbdMat(root.resolve("inst/a.mat"), "WrongName", 2, 2, new int[] {0, 1, 1, 0});
    e = assertThrows(DatasetException.class, () -> train.get(0));
    assertTrue(e.getMessage().contains("a.mat") && e.getMessage().contains("GTinst"), e.getMessage());

    Fixtures.write(root.resolve("val.txt"), "a\nb\n");
    e = assertThrows(DatasetException.class, () -> SbdDataset.evaluation(root));
    assertTrue(e.getMessage().contains("b.jpg"), e.getMessage());
  }

  @Test
  void pascalVocReadsPaletteIndicesWithVoidAsIgnore() {
    Path root = dir.resolve("VOC2012");
    int h = 2;
    int w = 4;
    // index 7 is black in the palette, like the background: only indices tell them apart
    int[] objects = {0, 1, 255, 7, 0, 1, 255, 7};
    int[] classes = {0, 12, 255, 3, 0, 12, 255, 3};
    Fixtures.writeImage(root.resolve("JPEGImages/2007_000032.jpg"), Fixtures.image(h, w, 3));
    Fixtures.writePalettePng(root.resolve("SegmentationObject/2007_000032.png"), h, w, objects);
    Fixtures.writePalettePng(root.resolve("SegmentationClass/2007_000032.png"), h, w, classes);
    Fixtures.write(root.resolve("ImageSets/Segmentation/train.txt"), "2007_000032\n");
    Fixtures.write(root.resolve("ImageSets/Segmentation/val.txt"), "2007_000032\n");

    SegSample s = DatasetProvider.registry().get("pascalvoc").open(root).get(0);
    assertArrayEquals(new int[] {0, 1, -1, 7, 0, 1, -1, 7}, s.mask().layer(0));
    assertArrayEquals(new int[] {0, 12, -1, 3, 0, 12, -1, 3}, s.mask().layer(1));

    EvaluationDataset val = DatasetProvider.registry().get("pascalvoc").openEvaluation(root);
    assertEquals(2, val.size());
    Mask seven = val.get(1).target();
    assertEquals("2007_000032.jpg#7", val.id(1));
    assertEquals(2, seven.area());
    assertEquals(2, seven.ignoredCount());
    assertTrue(seven.isObject(0, 3) && seven.isIgnored(1, 2));
  }

  @Test
  void folderDatasetPairsImagesWithLabelMasksByStem() {
    Path root = dir.resolve("mine");
    Fixtures.writeImage(root.resolve("images/b photo.png"), Fixtures.image(2, 3, 1));
    Fixtures.writeImage(root.resolve("images/a.x.bmp"), Fixtures.image(2, 3, 2));
    ImageFiles.writePng(root.resolve("masks/b photo.png"), LabelMap.of(2, 3, new int[] {0, 1, 1, 2, 0, 128}));
    ImageFiles.writePng(root.resolve("masks/a.png"), LabelMap.of(2, 3, new int[] {0, 0, 0, 0, 0, 3}));

    SegDataset plain = DatasetProvider.registry().get("folder").open(root);
    assertEquals(List.of("a.x.bmp", "b photo.png"), List.of(plain.id(0), plain.id(1)));
    assertEquals(Fixtures.image(2, 3, 2), plain.get(0).image());
    assertArrayEquals(new int[] {1, 2, 128}, plain.get(1).mask().regionIds(0));

    FullMask withIgnore = FolderDataset.open(root, OptionalInt.of(128)).get(1).mask();
    assertEquals(1, withIgnore.ignoredCount(0));
    Mask target = FolderDataset.open(root, OptionalInt.of(128)).evaluation().get(1).target();
    assertEquals(Mask.fromLabels(2, 3, new byte[] {0, 1, 1, 1, 0, -1}), target);
  }

  @Test
  void missingFoldersMasksAndSizeMismatchesAreErrorsNotFewerSamples() {
    Path root = dir.resolve("GrabCut");
    DatasetException missing = assertThrows(DatasetException.class, () -> GrabCutDataset.open(root));
    assertTrue(missing.getMessage().contains("data_GT") && missing.getMessage().contains("missing"),
        missing.getMessage());

    Fixtures.writeImage(root.resolve("data_GT/one.jpg"), Fixtures.image(4, 4, 1));
    Fixtures.writeImage(root.resolve("data_GT/two.jpg"), Fixtures.image(4, 4, 2));
    ImageFiles.writeImage(root.resolve("boundary_GT/one.bmp"), Image.filled(4, 4, 255, 255, 255));
    DatasetException noMask = assertThrows(DatasetException.class, () -> GrabCutDataset.evaluation(root));
    assertTrue(noMask.getMessage().contains("two.jpg") && noMask.getMessage().contains("no mask"),
        noMask.getMessage());

    ImageFiles.writeImage(root.resolve("boundary_GT/two.bmp"), Image.filled(4, 5, 0, 0, 0));
    EvaluationDataset eval = GrabCutDataset.evaluation(root);
    assertEquals(2, eval.size());
    assertEquals(16, eval.get(0).target().area());
    DatasetException size = assertThrows(DatasetException.class, () -> eval.get(1));
    assertTrue(size.getMessage().contains("two.bmp") && size.getMessage().contains("4x5"), size.getMessage());
  }

  @Test
  void ritmGrabCutRuleReadsOpenCvChannelZeroOf128IgnoreAndAbove128Object() {
    Path root = dir.resolve("GrabCut");
    Fixtures.writeImage(root.resolve("data_GT/x.jpg"), Fixtures.image(1, 5, 1));
    // pixels in RGB: grey 255, grey 128, grey 129, pure red (OpenCV channel 0 = blue = 0), pure blue
    byte[] rgb = {(byte) 255, (byte) 255, (byte) 255, (byte) 128, (byte) 128, (byte) 128, (byte) 129, (byte) 129,
        (byte) 129, (byte) 255, 0, 0, 0, 0, (byte) 255};
    ImageFiles.writeImage(root.resolve("boundary_GT/x.png"), Image.of(1, 5, rgb));
    Mask target = GrabCutDataset.evaluation(root).get(0).target();
    assertEquals(Mask.fromLabels(1, 5, new byte[] {1, -1, 1, 0, 1}), target);
  }

  @Test
  void davisRuleIsAnyNonZeroColourChannel() {
    Path root = dir.resolve("DAVIS");
    Fixtures.writeImage(root.resolve("img/00000.jpg"), Fixtures.image(1, 4, 1));
    // index 7 has a black palette colour: RITM's colour rule sees background there, the full mask sees 7
    Fixtures.writePalettePng(root.resolve("gt/00000.png"), 1, 4, new int[] {0, 1, 7, 2});
    assertEquals(Mask.fromLabels(1, 4, new byte[] {0, 1, 0, 1}), DavisDataset.evaluation(root).get(0).target());
    assertArrayEquals(new int[] {0, 1, 7, 2}, DavisDataset.open(root).get(0).mask().layer(0));
  }
}
