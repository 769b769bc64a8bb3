package org.iseg.data.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.iseg.api.Mask;
import org.iseg.api.testing.SharedData;
import org.iseg.data.FullMask;
import org.iseg.data.SegDataset;
import org.iseg.data.SegSample;
import org.iseg.data.io.BgrPixels;
import org.iseg.data.io.ImageFiles;
import org.iseg.data.spi.DatasetProvider;
import org.junit.jupiter.api.Test;

/** The segmentation views of the shared evaluation datasets load completely and agree with the RITM views. */
class SharedDatasetsTest {
  @Test
  void grabCutHas50SamplesAnd42IgnoreBands() {
    SegDataset grabcut = DatasetProvider.registry().get("grabcut").open(SharedData.dataset("GrabCut"));
    assertEquals(50, grabcut.size());
    int withIgnore = 0;
    for (int i = 0; i < grabcut.size(); i++) {
      SegSample s = grabcut.get(i);
      assertEquals(1, s.mask().layerCount());
      assertEquals(s.image().height(), s.mask().height());
      assertEquals(s.image().width(), s.mask().width());
      assertEquals(grabcut.id(i), s.id());
      assertTrue(s.mask().area(0, 1) > 0, s.id() + " has an object");
      if (s.mask().ignoredCount(0) > 0) {
        withIgnore++;
      }
    }
    assertEquals(42, withIgnore);
  }

  @Test
  void berkeleyHas100SamplesWithoutIgnoreAndItsFewColouredPixelsAreUnambiguous() {
    Path root = SharedData.dataset("Berkeley");
    SegDataset berkeley = DatasetProvider.registry().get("berkeley").open(root);
    assertEquals(100, berkeley.size());
    for (int i = 0; i < berkeley.size(); i++) {
      SegSample s = berkeley.get(i);
      assertEquals(0, s.mask().ignoredCount(0), s.id());
    }
    // Which channel decides only matters where a mask is not grey; find those pixels.
    StringBuilder nonGrey = new StringBuilder();
    for (Path mask : ImageFiles.listImages(root.resolve("masks"))) {
      BgrPixels px = ImageFiles.readBgr(mask);
      for (int i = 0; i < px.height() * px.width(); i++) {
        if (px.channel(i, 0) != px.channel(i, 2) || px.channel(i, 1) != px.channel(i, 2)) {
          nonGrey.append(mask.getFileName()).append('@').append(i).append(':').append(px.channel(i, 0)).append(',').append(px.channel(i, 1)).append(',').append(px.channel(i, 2)).append(' ');
        }
      }
    }
    // Five magenta (B=255, G=0, R=255) pixels: blue and red agree (> 128), so RITM's cv2 channel 0 (blue) and
    // the red channel give the same targets on this data; the golden test checks every count.
    assertEquals("101087.png@129637:255,0,255 101087.png@129959:255,0,255 101087.png@133484:255,0,255 "
        + "163014.png@95116:255,0,255 376043.png@81863:255,0,255 ", nonGrey.toString());
  }

  @Test
  void davisFullMasksArePaletteIndicesWhoseUnionIsRitmsTarget() {
    Path root = SharedData.dataset("DAVIS");
    SegDataset davis = DatasetProvider.registry().get("davis").open(root);
    assertEquals(345, davis.size());
    int multiObject = 0;
    for (int i = 0; i < davis.size(); i++) {
      SegSample s = davis.get(i);
      FullMask full = s.mask();
      assertEquals(s.image().height(), full.height());
      assertEquals(s.image().width(), full.width());
      if (full.regionIds(0).length > 1) {
        multiObject++;
      }
      Mask target = RitmMaskRule.ANY_CHANNEL_NONZERO.read(Path.of(s.info().get("mask")), full.height(), full.width());
      assertEquals(target, full.union(0), s.id() + ": union of indices > 0 equals RITM's max-channel rule");
    }
    assertTrue(multiObject > 0, "some DAVIS masks hold several object indices");
  }
}
