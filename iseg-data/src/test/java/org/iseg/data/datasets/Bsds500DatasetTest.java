package org.iseg.data.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.iseg.api.testing.SharedData;
import org.iseg.data.FullMask;
import org.iseg.data.SegSample;
import org.iseg.data.datasets.Bsds500Dataset.Split;
import org.iseg.data.spi.DatasetProvider;
import org.junit.jupiter.api.Test;

class Bsds500DatasetTest {
  /** The real proof: all 500 images with every annotator's segmentation, parsed once. */
  @Test
  void all500ImagesLoadWithTheirAnnotatorLayers() {
    Path root = SharedData.dataset("BSDS500");
    Bsds500Dataset all = Bsds500Dataset.open(root, Split.TRAIN, Split.VAL, Split.TEST);
    assertEquals(500, all.size());
    int minLayers = Integer.MAX_VALUE;
    int maxLayers = 0;
    for (int i = 0; i < all.size(); i++) {
      SegSample s = all.get(i);
      FullMask m = s.mask();
      assertEquals(s.image().height(), m.height(), s.id());
      assertEquals(s.image().width(), m.width(), s.id());
      minLayers = Math.min(minLayers, m.layerCount());
      maxLayers = Math.max(maxLayers, m.layerCount());
      // BSDS segmentations label every pixel with a segment 1..n
      int n = m.height() * m.width();
      for (int k = 0; k < m.layerCount(); k++) {
        int[] ids = m.regionIds(k);
        assertTrue(ids.length >= 1, s.id() + " layer " + k);
        assertEquals(1, ids[0], s.id() + " layer " + k + " starts at segment 1");
        assertEquals(n, sumAreas(m, k, ids), s.id() + " layer " + k + " covers every pixel");
      }
    }
    assertEquals(4, minLayers);
    assertEquals(9, maxLayers);
  }

  @Test
  void splitsHaveTheReleaseSizes() {
    Path root = SharedData.dataset("BSDS500");
    assertEquals(200, Bsds500Dataset.open(root, Split.TRAIN).size());
    assertEquals(100, Bsds500Dataset.open(root, Split.VAL).size());
    assertEquals(200, Bsds500Dataset.open(root, Split.TEST).size());
  }

  @Test
  void trainingViewExcludesEveryOverlappingId() throws IOException {
    Path root = SharedData.dataset("BSDS500");
    Set<String> overlaps = new HashSet<>();
    for (String line : Files.readAllLines(root.resolve(Bsds500Dataset.OVERLAPS_FILE))) {
      if (!line.isBlank()) {
        overlaps.add(line.strip());
      }
    }
    assertEquals(130, overlaps.size());
    Bsds500Dataset trainVal = Bsds500Dataset.open(root, Split.TRAIN, Split.VAL);
    Set<String> inTrainVal = new HashSet<>(trainVal.ids());
    inTrainVal.retainAll(overlaps);
    // the list also names GrabCut images that are not BSDS images (banana1, ...); 99 are BSDS train/val ids
    assertEquals(99, inTrainVal.size());
    Set<String> inTest = new HashSet<>(Bsds500Dataset.open(root, Split.TEST).ids());
    inTest.retainAll(overlaps);
    assertTrue(inTest.isEmpty(), "the test split is clean: " + inTest);

    Bsds500Dataset clean = (Bsds500Dataset) DatasetProvider.registry().get("bsds500").open(root);
    List<String> ids = clean.ids();
    for (String id : ids) {
      assertFalse(overlaps.contains(id), id + " overlaps an evaluation set but is in the training view");
    }
    assertEquals(trainVal.size() - inTrainVal.size(), clean.size());
    // and the Berkeley evaluation images are indeed among the excluded
    for (Path p : org.iseg.data.io.ImageFiles.listImages(SharedData.dataset("Berkeley").resolve("images"))) {
      assertFalse(ids.contains(org.iseg.data.io.ImageFiles.stem(p)), p.toString());
    }
  }

  private static int sumAreas(FullMask m, int layer, int[] ids) {
    int[] counts = new int[ids[ids.length - 1] + 1];
    int n = m.height() * m.width();
    for (int i = 0; i < n; i++) {
      counts[m.labelAt(layer, i)]++;
    }
    int sum = 0;
    for (int id : ids) {
      sum += counts[id];
    }
    return sum;
  }
}
