package org.iseg.models.mask2former;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The analytic FLOP count against published multiply-add counts at 224 x 224 (FLOPs = 2 x multiply-adds): torchvision's
 * ResNet-50, 4.09 G (its 2.05 M fully connected layer is not part of the backbone), and Swin-T, 4.49 G (Swin paper:
 * 4.5 G; torchvision: 4.49, with its 0.77 M head), and the stage sizes the pixel decoder is built for.
 */
class Mask2FormerFlopsTest {
  private static final Mask2FormerConfig.ResNet R50 = new Mask2FormerConfig.ResNet(50, 64, 64, List.of(1, 2, 2, 2),
      List.of(1, 1, 1, 1));

  @Test
  void resNet50MatchesTorchvisionsCount() {
    List<int[]> sizes = new ArrayList<>();
    double gmacs = Mask2FormerFlops.backbone(R50, 224, 224, sizes) / 2e9;
    System.out.printf(Locale.ROOT, "ResNet-50 backbone at 224: %.4f GMAC%n", gmacs);
    assertEquals(4.0890 - 0.0020, gmacs, 0.005);
    assertEquals(List.of(56, 28, 14, 7), sizes.stream().map(s -> s[0]).toList());
  }

  @Test
  void swinTMatchesThePublishedCount() {
    List<int[]> sizes = new ArrayList<>();
    double gmacs = Mask2FormerFlops.backbone(EasyCvSwinTransformerTest.SWIN_T, 224, 224, sizes) / 2e9;
    System.out.printf(Locale.ROOT, "Swin-T backbone at 224: %.4f GMAC%n", gmacs);
    assertEquals(4.49, gmacs, 0.03);
    assertEquals(List.of(56, 28, 14, 7), sizes.stream().map(s -> s[0]).toList());
  }

  @Test
  void wholeNetworkScalesWithTheBatchAndCountsEveryPart() {
    Mask2FormerConfig cfg = Mask2FormerConfig.fromEasyCv(Mask2FormerConfigTest.r50Config(80, 0), "r50");
    Mask2FormerFlops.Count one = Mask2FormerFlops.count(cfg, 800, 1344, 1);
    Mask2FormerFlops.Count two = Mask2FormerFlops.count(cfg, 800, 1344, 2);
    assertEquals(2 * one.total(), two.total());
    System.out.printf(Locale.ROOT, "R50 instance at 800x1344: backbone %.1f, pixel decoder %.1f, decoder %.1f, "
        + "total %.1f GFLOP%n", one.backbone() / 1e9, one.pixelDecoder() / 1e9, one.decoder() / 1e9,
        one.total() / 1e9);
    assertTrue(one.backbone() > 0 && one.pixelDecoder() > 0 && one.decoder() > 0);
  }
}
