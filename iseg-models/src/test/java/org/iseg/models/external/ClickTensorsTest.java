package org.iseg.models.external;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.iseg.api.Click;
import org.iseg.api.spi.ClickEncoderProvider;
import org.iseg.models.fusion.TensorClickEncoder;
import org.junit.jupiter.api.Test;

class ClickTensorsTest {
  @Property(tries = 100)
  void disksMatchTheDistanceDefinition(@ForAll @IntRange(min = 1, max = 30) int h,
      @ForAll @IntRange(min = 1, max = 30) int w, @ForAll @IntRange(min = 1, max = 7) int radius,
      @ForAll @IntRange(min = 0, max = 1000) int seed) {
    java.util.Random random = new java.util.Random(seed);
    List<Click> pcs = new ArrayList<>();
    List<Click> ncs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      boolean positive = random.nextBoolean();
      Click c = new Click(random.nextInt(h), random.nextInt(w), positive, i);
      (positive ? pcs : ncs).add(c);
    }
    // what external models get for a disks:RADIUS input: the ritm-disks encoder through the click-encoder SPI
    float[] maps = ClickEncoderProvider.registry().get("ritm-disks").create(radius).encode(pcs, ncs, h, w).values();
    for (int ch = 0; ch < 2; ch++) {
      List<Click> clicks = ch == 0 ? pcs : ncs;
      for (int r = 0; r < h; r++) {
        for (int c = 0; c < w; c++) {
          boolean inside = false;
          for (Click k : clicks) {
            inside |= (r - k.row()) * (r - k.row()) + (c - k.col()) * (c - k.col()) <= radius * radius;
          }
          assertEquals(inside ? 1f : 0f, maps[(ch * h + r) * w + c]);
        }
      }
    }
  }

  @Test
  void pointsFollowRitmsLayout() {
    float[] p = TensorClickEncoder.points(List.of(Click.positive(3, 4, 0)), List.of(Click.negative(5, 6, 1),
        Click.negative(7, 8, 2)));
    assertArrayEquals(new float[] {3, 4, 0, -1, -1, -1, 5, 6, 1, 7, 8, 2}, p);
    assertArrayEquals(new float[] {-1, -1, -1, -1, -1, -1}, TensorClickEncoder.points(List.of(), List.of()));
  }

  @Test
  void bilinearResizeMatchesPytorchAlignCornersFalse() {
    // torch.nn.functional.interpolate(tensor([[0, 1], [2, 3]]), size=(4, 4), mode='bilinear', align_corners=False)
    float[] out = ClickTensors.resizeBilinear(new float[] {0, 1, 2, 3}, 2, 2, 4, 4);
    assertArrayEquals(new float[] {0, 0.25f, 0.75f, 1, 0.5f, 0.75f, 1.25f, 1.5f, 1.5f, 1.75f, 2.25f, 2.5f, 2, 2.25f,
        2.75f, 3}, out, 1e-6f);
    // downsampling 4 -> 2 by half-pixel centres averages neighbours: (0+1)/2, (2+3)/2
    assertArrayEquals(new float[] {0.5f, 2.5f}, ClickTensors.resizeBilinear(new float[] {0, 1, 2, 3}, 1, 4, 1, 2),
        1e-6f);
  }
}
