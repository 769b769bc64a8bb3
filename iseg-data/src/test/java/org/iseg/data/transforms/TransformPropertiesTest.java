package org.iseg.data.transforms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.iseg.data.Transform;
import org.iseg.api.Image;
import org.iseg.api.Mask;
import org.iseg.api.Normalization;
import org.iseg.data.FullMask;
import org.iseg.data.RegionSample;
import org.iseg.data.SegSample;

class TransformPropertiesTest {
  /** A random sample: h, w in 1..40, random image, a mask layer with labels -1..3. */
  @Provide
  Arbitrary<SegSample> samples() {
    return Combinators.combine(Arbitraries.integers().between(1, 40), Arbitraries.integers().between(1, 40),
        Arbitraries.longs()).as((h, w, seed) -> {
          Random r = new Random(seed);
          byte[] rgb = new byte[3 * h * w];
          r.nextBytes(rgb);
          int[] labels = new int[h * w];
          int[] labels2 = new int[h * w];
          for (int i = 0; i < labels.length; i++) {
            labels[i] = r.nextInt(5) - 1;
            labels2[i] = r.nextInt(3);
          }
          return new SegSample("s", Image.of(h, w, rgb), FullMask.of(h, w, List.of(labels, labels2)));
        });
  }

  @Provide
  Arbitrary<RegionSample> binarySamples() {
    return samples().map(s -> new RegionSample(s.id(), s.image(), s.mask().union(0)));
  }

  @Provide
  Arbitrary<Transform> geometric() {
    return Arbitraries.of(
        Transforms.horizontalFlip(0.5),
        Transforms.uniformRandomResize(0.5, 2.0),
        Transforms.resizeLongestSide(17),
        Transforms.padIfNeeded(30, 45),
        Transforms.compose(Transforms.padIfNeeded(12, 9), Transforms.randomCrop(12, 9)),
        Transforms.compose(Transforms.uniformRandomResize(0.75, 1.4), Transforms.horizontalFlip(0.5),
            Transforms.padIfNeeded(32, 48), Transforms.randomCrop(32, 48), Transforms.colorJitter(0.25, 0.15, 10)));
  }

  @Property(tries = 150)
  void maskStaysBinaryAndMatchesTheImage(@ForAll("binarySamples") RegionSample s, @ForAll("geometric") Transform t,
      @ForAll long seed) {
    RegionSample out = t.apply(s, new Random(seed));
    assertEquals(out.image().height(), out.target().height());
    assertEquals(out.image().width(), out.target().width());
    for (int i = 0; i < out.target().height() * out.target().width(); i++) {
      byte label = out.target().labelAt(i);
      assertTrue(label == Mask.OBJECT || label == Mask.BACKGROUND || label == Mask.IGNORE);
    }
  }

  @Property(tries = 150)
  void fullMaskLabelsAreOnlyMovedNeverInvented(@ForAll("samples") SegSample s, @ForAll("geometric") Transform t,
      @ForAll long seed) {
    SegSample out = t.apply(s, new Random(seed));
    for (int k = 0; k < 2; k++) {
      boolean[] present = new boolean[6];
      for (int i = 0; i < s.mask().height() * s.mask().width(); i++) {
        present[s.mask().labelAt(k, i) + 1] = true;
      }
      present[1] = true; // padding adds background
      for (int i = 0; i < out.mask().height() * out.mask().width(); i++) {
        assertTrue(present[out.mask().labelAt(k, i) + 1], "label " + out.mask().labelAt(k, i) + " was invented");
      }
    }
  }

  @Property(tries = 150)
  void flipTwiceIsIdentity(@ForAll("samples") SegSample s) {
    assertEquals(s.image(), Transforms.flip(Transforms.flip(s)).image());
    assertEquals(s.mask(), Transforms.flip(Transforms.flip(s)).mask());
  }

  @Property(tries = 150)
  void flipMirrorsPixelsAndKeepsIgnoreCount(@ForAll("samples") SegSample s,
      @ForAll @IntRange(min = 0, max = 39) int row, @ForAll @IntRange(min = 0, max = 39) int col) {
    SegSample f = Transforms.flip(s);
    int h = s.image().height();
    int w = s.image().width();
    int r = row % h;
    int c = col % w;
    assertEquals(s.mask().label(0, r, c), f.mask().label(0, r, w - 1 - c));
    assertEquals(s.image().channel(r, c, 1), f.image().channel(r, w - 1 - c, 1));
    assertEquals(s.mask().ignoredCount(0), f.mask().ignoredCount(0));
  }

  @Property(tries = 150)
  void randomCropIsAWindowOfTheSource(@ForAll("samples") SegSample s, @ForAll @IntRange(min = 1, max = 40) int ch,
      @ForAll @IntRange(min = 1, max = 40) int cw, @ForAll long seed) {
    int h = s.image().height();
    int w = s.image().width();
    int cropH = Math.min(ch, h);
    int cropW = Math.min(cw, w);
    SegSample out = Transforms.randomCrop(cropH, cropW).apply(s, new Random(seed));
    assertEquals(cropH, out.image().height());
    assertEquals(cropW, out.image().width());
    // find the offset: some (top, left) inside the bounds must reproduce every pixel
    boolean found = false;
    for (int top = 0; top <= h - cropH && !found; top++) {
      for (int left = 0; left <= w - cropW && !found; left++) {
        found = Transforms.crop(s, top, left, cropH, cropW).equals(out);
      }
    }
    assertTrue(found, "the crop is a window inside the source");
  }

  @Property(tries = 100)
  void cropOfWholeSampleIsIdentityAndOutOfBoundsFails(@ForAll("samples") SegSample s) {
    int h = s.image().height();
    int w = s.image().width();
    assertEquals(s, Transforms.crop(s, 0, 0, h, w));
    assertThrows(IllegalArgumentException.class, () -> Transforms.crop(s, 1, 0, h, w));
    assertThrows(IllegalArgumentException.class, () -> Transforms.randomCrop(h + 1, w).apply(s, new Random(0)));
  }

  @Property(tries = 100)
  void padKeepsTheSampleCentredAndIgnoreCount(@ForAll("samples") SegSample s) {
    SegSample out = Transforms.padIfNeeded(41, 50).apply(s, new Random(0));
    int h = s.image().height();
    int w = s.image().width();
    assertEquals(41, out.image().height());
    assertEquals(50, out.image().width());
    int top = (41 - h) / 2;
    int left = (50 - w) / 2;
    assertEquals(s, Transforms.crop(out, top, left, h, w));
    assertEquals(s.mask().ignoredCount(0), out.mask().ignoredCount(0));
  }

  @Property(tries = 100)
  void resizeLongestSideHitsTheSizeAndKeepsAspect(@ForAll("samples") SegSample s,
      @ForAll @IntRange(min = 1, max = 80) int size) {
    SegSample out = Transforms.resizeLongestSide(size).apply(s, new Random(0));
    assertEquals(size, Math.max(out.image().height(), out.image().width()));
    assertEquals(out.image().height(), out.mask().height());
    // the shorter side scales by the same factor, to within rounding
    double scale = (double) size / Math.max(s.image().height(), s.image().width());
    int shortIn = Math.min(s.image().height(), s.image().width());
    int shortOut = Math.min(out.image().height(), out.image().width());
    assertTrue(Math.abs(shortOut - Math.max(1, shortIn * scale)) <= 0.5 + 1e-9, shortIn + " -> " + shortOut);
  }

  @Property(tries = 100)
  void sameSeedSameResult(@ForAll("samples") SegSample s, @ForAll("geometric") Transform t, @ForAll long seed) {
    assertEquals(t.apply(s, new Random(seed)), t.apply(s, new Random(seed)));
  }

  @Property(tries = 50)
  void upscalingByTwoRepeatsEachMaskLabelInATwoByTwoBlock(@ForAll("samples") SegSample s) {
    int h = s.image().height();
    int w = s.image().width();
    SegSample out = Transforms.resize(2 * h, 2 * w).apply(s, new Random(0));
    for (int r = 0; r < 2 * h; r++) {
      for (int c = 0; c < 2 * w; c++) {
        assertEquals(s.mask().label(0, r / 2, c / 2), out.mask().label(0, r, c));
      }
    }
  }

  @Property(tries = 50)
  void colorJitterLeavesMasksAndSizeAlone(@ForAll("samples") SegSample s, @ForAll long seed) {
    SegSample out = Transforms.colorJitter(0.25, 0.4, 20).apply(s, new Random(seed));
    assertEquals(s.mask(), out.mask());
    assertEquals(s.image().height(), out.image().height());
  }

  @net.jqwik.api.Example
  void normalisationUsesImageNetStatisticsChannelMajor() {
    Image image = Image.of(1, 2, new byte[] {(byte) 255, 0, (byte) 128, 0, (byte) 255, 0});
    float[] chw = Normalization.IMAGENET.toChw(image);
    assertEquals(6, chw.length);
    assertEquals((1f - 0.485f) / 0.229f, chw[0], 1e-6); // R of pixel 0
    assertEquals((0f - 0.485f) / 0.229f, chw[1], 1e-6); // R of pixel 1
    assertEquals((0f - 0.456f) / 0.224f, chw[2], 1e-6); // G of pixel 0
    assertEquals((1f - 0.456f) / 0.224f, chw[3], 1e-6); // G of pixel 1
    assertEquals((128 / 255f - 0.406f) / 0.225f, chw[4], 1e-6); // B of pixel 0
    assertArrayEquals(chw, Normalization.IMAGENET.toFeatureMaps(image).values());
  }
}
