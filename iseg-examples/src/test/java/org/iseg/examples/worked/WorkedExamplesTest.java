package org.iseg.examples.worked;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import javax.imageio.ImageIO;
import org.iseg.api.Click;
import org.iseg.api.ClickHistory;
import org.iseg.api.ClickingRobot;
import org.iseg.api.Mask;
import org.iseg.api.spi.RobotConfig;
import org.iseg.api.spi.RobotProvider;
import org.iseg.api.testing.SharedData;
import org.iseg.data.DatasetException;
import org.iseg.data.SegSample;
import org.iseg.engine.testing.NearestClickModel;
import org.iseg.examples.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkedExamplesTest {

  private static Path bundledSample() throws Exception {
    return Path.of(WorkedExamplesTest.class.getResource("/org/iseg/examples/sample").toURI());
  }

  // ------------------------------------------------------------------ 1: a SegDataset of your own

  @Test
  void folderDatasetPairsImagesWithMasksByName() throws Exception {
    Path root = bundledSample();
    ImageMaskFolderDataset dataset =
        new ImageMaskFolderDataset("sample", root.resolve("images"), root.resolve("masks"), OptionalInt.empty());
    assertEquals(6, dataset.size());
    assertEquals("blob.png", dataset.id(0));
    for (int i = 0; i < dataset.size(); i++) {
      SegSample sample = dataset.get(i);
      // An independent decoder (ImageIO) counts the mask's 255 pixels.
      BufferedImage mask = ImageIO.read(root.resolve("masks").resolve(dataset.id(i)).toFile());
      int objects = 0;
      for (int y = 0; y < mask.getHeight(); y++) {
        for (int x = 0; x < mask.getWidth(); x++) {
          objects += (mask.getRaster().getSample(x, y, 0) == 255) ? 1 : 0;
        }
      }
      assertEquals(objects, sample.mask().union(0).area(), sample.id());
      assertArrayEquals(new int[] {255}, sample.mask().regionIds(0));
      assertEquals(240, sample.image().height());
    }
  }

  @Test
  void aMissingMaskFailsWhenTheDatasetOpensNamingTheImage(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("images"));
    Files.createDirectories(dir.resolve("masks"));
    Files.write(dir.resolve("images").resolve("lonely.png"), TestImages.png(TestImages.gradient(4, 4)));
    DatasetException e = assertThrows(DatasetException.class, () -> new ImageMaskFolderDataset("x",
        dir.resolve("images"), dir.resolve("masks"), OptionalInt.empty()));
    assertTrue(e.getMessage().contains("lonely.png"), e.getMessage());
  }

  @Test
  void grabCutReadsWithItsIgnoreBand() {
    Path root = SharedData.dataset("GrabCut");
    ImageMaskFolderDataset grabCut = new ImageMaskFolderDataset("GrabCut", root.resolve("data_GT"),
        root.resolve("boundary_GT"), OptionalInt.of(128));
    assertEquals(50, grabCut.size());
    int withBand = 0;
    for (int i = 0; i < grabCut.size(); i++) {
      Mask target = grabCut.get(i).mask().union(0);
      assertTrue(target.area() > 0, grabCut.id(i));
      withBand += target.hasIgnore() ? 1 : 0;
    }
    assertEquals(42, withBand, "the shared data's README: a boundary band in 42 of 50 masks");
  }

  // ------------------------------------------------------------------ 2: a robot of your own, via ServiceLoader

  @Test
  void theRobotIsFoundByNameNextToTheBuiltInOnes() {
    List<String> names = RobotProvider.registry().names();
    assertTrue(names.contains("first-error") && names.contains("ritm"), names.toString());
    ClickingRobot robot = RobotProvider.registry().get("first-error").create(RobotConfig.ofSeed(7));
    assertTrue(robot instanceof FirstErrorRobot);
    assertThrows(IllegalArgumentException.class,
        () -> RobotProvider.registry().get("first-error").create(RobotConfig.ofSeed(7).withClicksPerStep(2)));
  }

  @Test
  void theRobotClicksTheFirstWrongPixelInReadingOrder() {
    ClickingRobot robot = new FirstErrorRobot();
    // Target: columns 0..15 of a 20x30 image, with the first pixel ignored.
    Mask target = Mask.fromPredicate(20, 30, i -> i % 30 <= 15).withIgnore(Mask.fromPredicate(20, 30, i -> i == 0));
    assertEquals(List.of(Click.positive(0, 1, 0)), robot.next(Mask.empty(20, 30), target, ClickHistory.empty()));
    ClickHistory one = ClickHistory.of(List.of(Click.positive(0, 1, 0)));
    assertEquals(List.of(Click.negative(0, 16, 1)), robot.next(Mask.full(20, 30), target, one));
    Mask perfect = Mask.fromPredicate(20, 30, i -> i % 30 <= 15);
    assertEquals(List.of(Click.negative(0, 16, 1)), robot.next(perfect, target, one),
        "with nothing wrong it still clicks: the first unclicked background pixel");
  }

  // ------------------------------------------------------------------ 3: fullInference from user code

  @Test
  void iouPerClickMatchesValuesWorkedOutByHand() {
    Mask target = Mask.fromPredicate(20, 30, i -> i % 30 <= 15);
    double[] ious = IouPerClick.run(NearestClickModel.unbounded(), new FirstErrorRobot(),
        TestImages.gradient(20, 30), target, 2);
    // Click 1: positive at (0, 0); the nearest-click model selects everything: 320 / 600.
    // Click 2: negative at (0, 16); columns 0..8 are nearer to (or tied with) the positive: 180 / 320.
    assertArrayEquals(new double[] {320.0 / 600, 180.0 / 320}, ious, 1e-12);
    assertEquals(2, IouPerClick.clicksToReach(ious, 0.55));
    assertEquals(2, IouPerClick.clicksToReach(ious, 0.99), "never reached: the number of clicks made");
  }

  @Test
  void iouPerClickRunsTheRitmRobotOnARealImage() {
    Path root = SharedData.dataset("GrabCut");
    ImageMaskFolderDataset grabCut = new ImageMaskFolderDataset("GrabCut", root.resolve("data_GT"),
        root.resolve("boundary_GT"), OptionalInt.of(128));
    SegSample sample = grabCut.get(0);
    ClickingRobot ritm = RobotProvider.registry().get("ritm").create(RobotConfig.ofSeed(0));
    double[] ious = IouPerClick.run(NearestClickModel.withRadius(40), ritm, sample.image(),
        sample.mask().union(0), 5);
    assertEquals(5, ious.length);
    for (double iou : ious) {
      assertTrue(iou >= 0 && iou <= 1, String.valueOf(iou));
    }
    assertTrue(ious[0] > 0, "the first RITM click is positive, inside the object");
  }
}
