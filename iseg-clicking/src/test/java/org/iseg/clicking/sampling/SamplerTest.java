package org.iseg.clicking.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.iseg.api.Click;
import org.iseg.api.Mask;
import org.iseg.clicking.RealMasks;
import org.iseg.clicking.Scenes;
import org.junit.jupiter.api.Test;

class SamplerTest {
  /** A 60x60 image: target square rows/cols 20..39, another object at rows 0..9. */
  static final Mask TARGET = Mask.fromPredicate(60, 60, i -> i / 60 >= 20 && i / 60 < 40 && i % 60 >= 20
      && i % 60 < 40);
  static final Mask OTHER = Mask.fromPredicate(60, 60, i -> i / 60 < 10);

  @Property(tries = 150)
  void multiPointSamplerRespectsRegionsAndCounts(@ForAll @IntRange(min = 4, max = 40) int h,
      @ForAll @IntRange(min = 4, max = 40) int w, @ForAll long seed) {
    Mask target = Scenes.scene(h, w, seed).target();
    MultiPointSampler sampler = MultiPointSampler.builder().maxNumPoints(8).build();
    List<Click> clicks = sampler.sample(target, Optional.empty(), new SplittableRandom(seed));
    long pos = clicks.stream().filter(Click::positive).count();
    assertTrue(pos >= 1 && pos <= 8, "positives " + pos);
    assertTrue(clicks.size() - pos <= 8, "negatives " + (clicks.size() - pos));
    for (int k = 0; k < clicks.size(); k++) {
      Click c = clicks.get(k);
      assertEquals(k, c.index());
      assertFalse(target.isIgnored(c.row(), c.col()), "ignore clicked " + c);
      assertEquals(c.positive(), target.isObject(c.row(), c.col()), "label " + c);
      if (k > 0) {
        assertTrue(c.positive() ? clicks.get(k - 1).positive() : true, "positives come first");
      }
    }
    assertEquals(clicks, sampler.sample(target, Optional.empty(), new SplittableRandom(seed)), "seed reproduces");
  }

  @Test
  void positiveCountFollowsTheTruncatedGeometricLaw() {
    MultiPointSampler sampler = MultiPointSampler.builder().maxNumPoints(24).probGamma(0.8).build();
    double[] p = sampler.positiveCountProbabilities();
    double mean = 0;
    double second = 0;
    for (int i = 0; i < p.length; i++) {
      mean += (1 + i) * p[i];
      second += (1 + i) * (1 + i) * p[i];
    }
    double sd = Math.sqrt(second - mean * mean);
    SplittableRandom random = new SplittableRandom(1);
    int draws = 1500;
    double sum = 0;
    for (int k = 0; k < draws; k++) {
      sum += sampler.sample(TARGET, Optional.empty(), random).stream().filter(Click::positive).count();
    }
    double observed = sum / draws;
    assertEquals(mean, observed, 4 * sd / Math.sqrt(draws), "mean positive count");
    assertEquals(1 / (1 - 0.8), mean, 0.15); // nearly geometric (mean 5): truncation at 24 gives 4.886
  }

  @Test
  void negativeStrategiesUseTheirRegions() {
    SplittableRandom random = new SplittableRandom(3);
    MultiPointSampler others = MultiPointSampler.builder().negativeStrategies(0, 1, 0).build();
    MultiPointSampler border = MultiPointSampler.builder().negativeStrategies(0, 0, 1).expandRatio(0.1).build();
    int negatives = 0;
    for (int k = 0; k < 200; k++) {
      for (Click c : others.sample(TARGET, Optional.of(OTHER), random)) {
        if (!c.positive()) {
          negatives++;
          assertTrue(OTHER.isObject(c.row(), c.col()), "other-object negative off the other object: " + c);
        }
      }
      for (Click c : border.sample(TARGET, Optional.of(OTHER), random)) {
        if (!c.positive()) {
          // ceil(0.1 * sqrt(400)) = 2 dilations with a 3x3 square: a 2-pixel band around the square
          int dr = Math.max(Math.max(20 - c.row(), c.row() - 39), 0);
          int dc = Math.max(Math.max(20 - c.col(), c.col() - 39), 0);
          assertTrue(Math.max(dr, dc) >= 1 && Math.max(dr, dc) <= 2, "border negative off the band: " + c);
        }
      }
    }
    assertTrue(negatives > 100, "too few negatives drawn: " + negatives);
  }

  @Test
  void positivesComeFromTheErodedTargetWhenErosionIsOn() {
    MultiPointSampler sampler = MultiPointSampler.builder().positiveErosion(1.0, 3).build();
    SplittableRandom random = new SplittableRandom(5);
    for (int k = 0; k < 100; k++) {
      for (Click c : sampler.sample(TARGET, Optional.empty(), random)) {
        if (c.positive()) {
          assertTrue(c.row() >= 23 && c.row() <= 36 && c.col() >= 23 && c.col() <= 36, "not eroded: " + c);
        }
      }
    }
  }

  @Test
  void multiPointSamplerNeverClicksGrabCutIgnoreBands() {
    List<java.nio.file.Path> files = RealMasks.files("GrabCut");
    SplittableRandom random = new SplittableRandom(11);
    MultiPointSampler sampler = MultiPointSampler.builder().build();
    for (int k = 0; k < files.size(); k += 5) {
      Mask target = RealMasks.read(files.get(k), RealMasks.Convention.GRABCUT);
      for (Click c : sampler.sample(target, Optional.empty(), random)) {
        assertFalse(target.isIgnored(c.row(), c.col()), files.get(k) + ": " + c);
        assertEquals(c.positive(), target.isObject(c.row(), c.col()));
      }
    }
  }

  @Test
  void gridSamplerPlacesOneClickPerCell() {
    List<Click> clicks = new GridClickSampler(3, 4).sample(TARGET, Optional.empty(), new SplittableRandom(2));
    assertEquals(12, clicks.size());
    for (int k = 0; k < 12; k++) {
      Click c = clicks.get(k);
      assertEquals(k / 4, c.row() / 20, "row cell of " + c);
      assertEquals(k % 4, c.col() / 15, "col cell of " + c);
      assertEquals(TARGET.isObject(c.row(), c.col()), c.positive());
    }
  }

  @Test
  void uniformSamplerDrawsDistinctPixelsWithTheRightSigns() {
    List<Click> clicks = new UniformClickSampler(5, 7).sample(TARGET, Optional.empty(), new SplittableRandom(4));
    assertEquals(12, clicks.size());
    Set<Integer> pixels = new HashSet<>();
    for (Click c : clicks) {
      assertTrue(pixels.add(c.row() * 60 + c.col()));
      assertEquals(c.positive(), TARGET.isObject(c.row(), c.col()));
    }
    assertEquals(5, clicks.stream().filter(Click::positive).count());
    Mask tiny = Mask.fromPredicate(3, 3, i -> i == 4);
    assertEquals(1, new UniformClickSampler(3, 0).sample(tiny, Optional.empty(), new SplittableRandom(1)).size());
    assertEquals(List.of(), InitialClickSampler.none().sample(tiny, Optional.empty(), new SplittableRandom(1)));
  }

  @Test
  void rejectsEmptyTargetsAndMismatchedContext() {
    assertThrows(IllegalArgumentException.class,
        () -> MultiPointSampler.builder().build().sample(Mask.empty(5, 5), Optional.empty(), new SplittableRandom(1)));
    assertThrows(IllegalArgumentException.class,
        () -> MultiPointSampler.builder().build().sample(TARGET, Optional.of(Mask.empty(5, 5)), new SplittableRandom(1)));
    assertThrows(IllegalArgumentException.class, () -> MultiPointSampler.builder().negativeStrategies(0.5, 0.5, 0.5));
  }
}
