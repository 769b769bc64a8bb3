package org.iseg.data.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.iseg.api.Mask;
import org.iseg.api.coco.CocoMasks;
import org.iseg.data.DatasetException;
import org.iseg.data.EvaluationDataset;
import org.iseg.data.FullMask;
import org.iseg.data.SegSample;
import org.iseg.data.spi.DatasetProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CocoTest {
  @TempDir Path dir;

  @Test
  void compressedRleKnownAnswers() {
    // worked by hand from the format: 5-bit groups + 48, continuation bit 0x20, sign bit 0x10, and from the
    // fourth count on the difference to the count two places back
    assertArrayEquals(new int[] {0, 40, 10, 50}, CocoMasks.decodeString("0X1::"));
    assertEquals("0X1::", CocoMasks.encodeString(new int[] {0, 40, 10, 50}));
    assertEquals("5:3J", CocoMasks.encodeString(new int[] {5, 10, 3, 4})); // 4 - 10 = -6 -> 'J'
    assertArrayEquals(new int[] {5, 10, 3, 4}, CocoMasks.decodeString("5:3J"));
    assertEquals("`0", CocoMasks.encodeString(new int[] {16})); // 16 needs a second group: sign bit set
    assertEquals("T3", CocoMasks.encodeString(new int[] {100}));
    assertEquals("0d0", CocoMasks.encodeString(new int[] {0, 20}));
    assertThrows(IllegalArgumentException.class, () -> CocoMasks.decodeString("0X"));
  }

  @Test
  void rleIsColumnMajorStartingWithBackground() {
    // 2x3 mask, column-major runs: 1 bg, 2 fg, 3 bg
    boolean[] mask = CocoMasks.toMask(new int[] {1, 2, 3}, 2, 3);
    // column 0 = (0,0) bg, (1,0) fg; column 1 = (0,1) fg, (1,1) bg; column 2 bg
    assertArrayEquals(new boolean[] {false, true, false, true, false, false}, mask);
    assertArrayEquals(new int[] {1, 2, 3}, CocoMasks.fromMask(mask, 2, 3));
    assertThrows(IllegalArgumentException.class, () -> CocoMasks.toMask(new int[] {1, 2}, 2, 3));
  }

  @Test
  void boxPolygonCoversTheBoxPixels() {
    boolean[] square = CocoMasks.toMask(
        CocoMasks.fromPolygon(new double[] {10, 10, 20, 10, 20, 20, 10, 20}, 30, 30), 30, 30);
    Mask expected = Mask.fromPredicate(30, 30, i -> i / 30 >= 10 && i / 30 < 20 && i % 30 >= 10 && i % 30 < 20);
    assertEquals(expected, Mask.of(30, 30, square));
  }

  @Test
  void diamondPolygonAreaIsCloseToItsGeometricArea() {
    // diamond centred at (50, 40) with half-diagonal 30: area 2 * 30^2 = 1800
    double[] diamond = {50, 10, 80, 40, 50, 70, 20, 40};
    boolean[] mask = CocoMasks.polygonsToMask(new double[][] {diamond}, 100, 100);
    int area = 0;
    for (boolean b : mask) {
      area += b ? 1 : 0;
    }
    assertTrue(Math.abs(area - 1800) < 1800 * 0.05, "area " + area);
    assertTrue(mask[40 * 100 + 50] && !mask[12 * 100 + 25] && !mask[0]);
  }

  private static final String JSON = """
      {"info": {"year": 2017}, "licenses": [],
       "images": [
         {"id": 7, "file_name": "b.png", "height": 4, "width": 5},
         {"id": 3, "coco_url": "http://images.cocodataset.org/val2017/a.png", "height": 4, "width": 5}],
       "annotations": [
         {"id": 11, "image_id": 7, "category_id": 1, "iscrowd": 0,
          "segmentation": [[0.5, 0.5, 2.5, 0.5, 2.5, 2.5, 0.5, 2.5]]},
         {"id": 12, "image_id": 7, "category_id": 2, "iscrowd": 0,
          "segmentation": {"size": [4, 5], "counts": [4, 4, 12]}},
         {"id": 13, "image_id": 7, "category_id": 3, "iscrowd": 0,
          "segmentation": {"size": [4, 5], "counts": "0d0"}},
         {"id": 14, "image_id": 7, "category_id": 4, "iscrowd": 1,
          "segmentation": {"size": [4, 5], "counts": [0, 20]}},
         {"id": 15, "image_id": 3, "category_id": 5,
          "segmentation": [[0, 0, 5, 0, 5, 4, 0, 4]]}],
       "categories": [{"id": 1, "name": "x"}]}
      """;

  @Test
  void cocoJsonWithPolygonsCompressedAndUncompressedRle() {
    Path root = dir.resolve("coco");
    Fixtures.write(root.resolve("annotations.json"), JSON);
    Fixtures.writeImage(root.resolve("images/b.png"), Fixtures.image(4, 5, 1));
    Fixtures.writeImage(root.resolve("images/a.png"), Fixtures.image(4, 5, 2));
    CocoDataset coco = (CocoDataset) DatasetProvider.registry().get("coco_lvis").open(root);

    assertEquals(2, coco.size());
    assertEquals(List.of("a.png", "b.png"), List.of(coco.id(0), coco.id(1))); // images by id: 3, then 7
    assertEquals(3, coco.instanceCount(1)); // the crowd annotation is left out
    SegSample b = coco.get(1);
    assertEquals(Fixtures.image(4, 5, 1), b.image());
    FullMask full = b.mask();
    // 11: the square (0.5..2.5)^2 holds the pixel centres rows 1-2, cols 1-2; 12: runs {4, 4, 12} = column 1 (column-major);
    // 13: "0d0" = runs {0, 20} = every pixel
    Mask polygon = Mask.fromPredicate(4, 5, i -> i / 5 >= 1 && i / 5 <= 2 && i % 5 >= 1 && i % 5 <= 2);
    Mask column1 = Mask.fromPredicate(4, 5, i -> i % 5 == 1);
    // layer packing: 11 in layer 0; 12 overlaps 11 -> layer 1; 13 (all pixels) -> layer 2
    assertEquals(3, full.layerCount());
    assertEquals(polygon, full.region(0, 1));
    assertEquals(column1, full.region(1, 1));
    assertEquals(Mask.full(4, 5), full.region(2, 1));
    assertTrue(b.info().get("1.1").contains("annotation 12"));

    EvaluationDataset eval = DatasetProvider.registry().get("coco_lvis").openEvaluation(root);
    assertEquals(4, eval.size());
    assertEquals(List.of("a.png#15", "b.png#11", "b.png#12", "b.png#13"),
        List.of(eval.id(0), eval.id(1), eval.id(2), eval.id(3)));
    assertEquals(Mask.full(4, 5), eval.get(0).target());
    assertEquals(column1, eval.get(2).target());
  }

  @Test
  void brokenJsonMissingImagesAndBadRleFailNamingTheFile() {
    Path root = dir.resolve("coco");
    Fixtures.writeImage(root.resolve("images/b.png"), Fixtures.image(4, 5, 1));
    Fixtures.write(root.resolve("annotations.json"), JSON.substring(0, JSON.length() / 2));
    assertFailsWith(root, "annotations.json", "not a valid");

    Fixtures.write(root.resolve("annotations.json"), JSON);
    assertFailsWith(root, "a.png", "missing");

    Fixtures.writeImage(root.resolve("images/a.png"), Fixtures.image(4, 5, 2));
    Fixtures.write(root.resolve("annotations.json"), JSON.replace("[4, 4, 12]", "[5, 4, 10]"));
    assertFailsWith(root, "annotations.json", "annotation 12 RLE covers 19 pixels");

    Fixtures.write(root.resolve("annotations.json"), JSON.replace("\"image_id\": 3", "\"image_id\": 99"));
    assertFailsWith(root, "annotations.json", "unknown image 99");
  }

  private static void assertFailsWith(Path root, String file, String problem) {
    DatasetException e = assertThrows(DatasetException.class, () -> CocoDataset.open(root, "t"));
    assertTrue(e.getMessage().contains(file) && e.getMessage().contains(problem), e.getMessage());
  }
}
