package org.iseg.clicking.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.iseg.api.Click;
import org.iseg.api.ClickEncoder;
import org.iseg.api.FeatureMaps;
import org.iseg.api.spi.ClickEncoderProvider;
import org.iseg.clicking.encode.ClickMapEncoder.Kind;
import org.junit.jupiter.api.Test;

class ClickMapEncoderTest {

  static List<Click> randomClicks(Random random, int h, int w, int n) {
    List<Click> out = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      out.add(new Click(random.nextInt(h), random.nextInt(w), random.nextBoolean(), k));
    }
    return out;
  }

  /** RITM's DistMaps by its definition, per pixel, in doubles. */
  static double reference(Kind kind, double radius, List<Click> clicks, int r, int c) {
    double d2 = 1e6; // RITM's value for "no click"
    double d2Norm = 1e6;
    double g = 0;
    for (Click k : clicks) {
      double dr = r - k.row();
      double dc = c - k.col();
      d2 = Math.min(d2, dr * dr + dc * dc);
      d2Norm = Math.min(d2Norm, (dr / radius) * (dr / radius) + (dc / radius) * (dc / radius));
      g = Math.max(g, Math.exp(-(dr * dr + dc * dc) / (2 * radius * radius)));
    }
    return switch (kind) {
      case DISKS -> d2 <= radius * radius ? 1 : 0;
      case DISTANCE -> Math.tanh(2 * Math.sqrt(d2Norm));
      case GAUSSIAN -> g < 1e-7 ? 0 : g;
    };
  }

  @Property(tries = 120)
  void matchesTheDefinitionPixelByPixel(@ForAll Kind kind, @ForAll @DoubleRange(min = 0.5, max = 9) double radius,
      @ForAll @IntRange(min = 1, max = 40) int h, @ForAll @IntRange(min = 1, max = 40) int w,
      @ForAll @IntRange(min = 0, max = 6) int n, @ForAll long seed) {
    List<Click> clicks = randomClicks(new Random(seed), h, w, n);
    List<Click> pcs = clicks.stream().filter(Click::positive).toList();
    List<Click> ncs = clicks.stream().filter(c -> !c.positive()).toList();
    FeatureMaps maps = ClickMapEncoder.builder(kind, radius).build().encode(pcs, ncs, h, w);
    assertEquals(2, maps.channels());
    for (int ch = 0; ch < 2; ch++) {
      List<Click> sign = ch == 0 ? pcs : ncs;
      for (int r = 0; r < h; r++) {
        for (int c = 0; c < w; c++) {
          assertEquals(reference(kind, radius, sign, r, c), maps.get(ch, r, c), 2e-6,
              kind + " channel " + ch + " at (" + r + ", " + c + ")");
        }
      }
    }
  }

  @Property(tries = 60)
  void encodingIsTranslationConsistent(@ForAll Kind kind, @ForAll @IntRange(min = 0, max = 10) int dy,
      @ForAll @IntRange(min = 0, max = 10) int dx, @ForAll long seed) {
    List<Click> clicks = randomClicks(new Random(seed), 20, 20, 4);
    List<Click> moved = clicks.stream().map(c -> new Click(c.row() + dy, c.col() + dx, c.positive(), c.index()))
        .toList();
    ClickEncoder enc = ClickMapEncoder.builder(kind, 4).build();
    FeatureMaps a = enc.encode(clicks.stream().filter(Click::positive).toList(),
        clicks.stream().filter(c -> !c.positive()).toList(), 40, 40);
    FeatureMaps b = enc.encode(moved.stream().filter(Click::positive).toList(),
        moved.stream().filter(c -> !c.positive()).toList(), 40, 40);
    for (int ch = 0; ch < 2; ch++) {
      for (int r = 0; r < 30; r++) {
        for (int c = 0; c < 30; c++) {
          assertEquals(a.get(ch, r, c), b.get(ch, r + dy, c + dx), 1e-6);
        }
      }
    }
  }

  @Test
  void ritmDiskOfRadiusFiveHas81Pixels() {
    FeatureMaps maps = ClickMapEncoder.disks(5).encode(List.of(Click.positive(20, 20, 0)), List.of(), 41, 41);
    float sum = 0;
    for (float v : maps.channel(0)) {
      sum += v;
    }
    assertEquals(81, sum); // lattice points with dr² + dc² <= 25
    assertEquals(1f, maps.get(0, 15, 20));
    assertEquals(0f, maps.get(0, 16, 24)); // 16 + 16 = 32 > 25
    assertEquals(0f, maps.get(1, 20, 20));
  }

  @Test
  void distanceMapsAreOneWithoutClicksAndZeroOnAClick() {
    FeatureMaps maps = ClickMapEncoder.distance(5).encode(List.of(), List.of(Click.negative(3, 4, 0)), 10, 10);
    assertEquals(1f, maps.get(0, 7, 7));
    assertEquals(0f, maps.get(1, 3, 4));
    assertEquals((float) Math.tanh(2 * 1.0), maps.get(1, 8, 4), 1e-6); // 5 px away = one norm radius
  }

  @Test
  void lastClicksKeepsOnlyTheLatest() {
    ClickEncoder last = ClickEncoderProvider.registry().get("disks-last").create(2);
    FeatureMaps maps = last.encode(List.of(Click.positive(2, 2, 0), Click.positive(8, 8, 2)),
        List.of(Click.negative(5, 5, 1)), 12, 12);
    assertEquals(0f, maps.get(0, 2, 2));
    assertEquals(1f, maps.get(0, 8, 8));
    assertEquals(0f, maps.get(1, 5, 5));
    FeatureMaps two = ClickMapEncoder.builder(Kind.DISKS, 2).lastClicks(2).build()
        .encode(List.of(Click.positive(2, 2, 0), Click.positive(8, 8, 2)), List.of(Click.negative(5, 5, 1)), 12, 12);
    assertEquals(1f, two.get(1, 5, 5));
    assertEquals(0f, two.get(0, 2, 2));
  }

  @Test
  void everyEncoderIsRegistered() {
    for (String name : List.of("disks", "distance", "gaussian", "disks-last", "distance-last", "gaussian-last")) {
      assertEquals(2, ClickEncoderProvider.registry().get(name).create(5).channels(), name);
    }
  }

  @Test
  void rejectsClicksOutsideAndBadRadius() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ClickMapEncoder.disks(5).encode(List.of(Click.positive(10, 0, 0)), List.of(), 10, 10));
    assertTrue(e.getMessage().contains("outside"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ClickMapEncoder.gaussian(0));
    assertThrows(IllegalArgumentException.class, () -> ClickMapEncoder.builder(Kind.DISKS, 5).lastClicks(0));
  }
}
