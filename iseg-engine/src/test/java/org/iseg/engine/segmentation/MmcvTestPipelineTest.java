package org.iseg.engine.segmentation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** mmcv's keep-ratio size and OpenCV's uint8 bilinear resize on small cases (the golden images: Mask2FormerGoldenTest). */
class MmcvTestPipelineTest {
  @Test
  void rescaleSizeIsMmcvs() {
    assertArrayEquals(new int[] {749, 1333}, MmcvTestPipeline.rescaleSize(480, 854, 1333, 800));
    assertArrayEquals(new int[] {1199, 800}, MmcvTestPipeline.rescaleSize(481, 321, 1333, 800));
    assertArrayEquals(new int[] {216, 384}, MmcvTestPipeline.rescaleSize(480, 854, 384, 224));
  }

  @Test
  void resizeToTheSameSizeIsTheIdentityAndDoublingInterpolates() {
    byte[] src = {0, 10, (byte) 200, (byte) 255, 7, 99};   // 2 x 3, one channel
    assertArrayEquals(src, MmcvTestPipeline.resizeLinear(src, 2, 3, 1, 2, 3));
    byte[] row = MmcvTestPipeline.resizeLinear(new byte[] {0, 100}, 1, 2, 1, 1, 4);
    // cv2.resize(np.array([[0, 100]], np.uint8), (4, 1), interpolation=cv2.INTER_LINEAR) -> [[0, 25, 75, 100]]
    assertArrayEquals(new byte[] {0, 25, 75, 100}, row);
  }

  @Test
  void unknownTaskIsNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SegmentationTask.parse("depth"));
    assertEquals("unknown segmentation task 'depth'; expected instance, panoptic or semantic", e.getMessage());
    assertEquals(SegmentationTask.PANOPTIC, SegmentationTask.parse("Panoptic"));
  }
}
