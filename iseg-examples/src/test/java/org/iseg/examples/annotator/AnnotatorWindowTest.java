package org.iseg.examples.annotator;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import org.iseg.examples.testing.ColourSimilarityModel;
import org.junit.jupiter.api.Test;

/**
 * A real window, driven and captured from the screen. Runs only where there is a display, e.g.
 * {@code xvfb-run -a mvn -pl iseg-examples test -Dtest=AnnotatorWindowTest}; skipped on headless machines.
 */
class AnnotatorWindowTest {

  @Test
  void theWindowShowsObjectsAndClicksAfterRealPredictions() throws Exception {
    assumeFalse(GraphicsEnvironment.isHeadless(), "no display: run under xvfb-run to test the window");
    BufferedImage shot = AnnotatorScreenshot.capture(new ColourSimilarityModel());
    int green = 0;
    int red = 0;
    int object1 = 0;
    int object2 = 0;
    for (int y = 0; y < shot.getHeight(); y++) {
      for (int x = 0; x < shot.getWidth(); x++) {
        int rgb = shot.getRGB(x, y) & 0xFFFFFF;
        green += rgb == Overlay.POSITIVE ? 1 : 0;
        red += rgb == Overlay.NEGATIVE ? 1 : 0;
        int r = rgb >>> 16;
        int g = (rgb >>> 8) & 0xFF;
        int b = rgb & 0xFF;
        // Half-blended VOC colours over the orange eggs: object 1 (dark red) and object 2 (olive).
        object1 += r > 150 && g < 110 && b < 80 ? 1 : 0;
        object2 += g > 100 && g > b + 40 && r > 70 && r < 160 && b < 80 ? 1 : 0;
      }
    }
    assertTrue(green > 20, "the positive click is drawn: " + green);
    assertTrue(red > 40, "both negative clicks are drawn: " + red);
    assertTrue(object1 > 10_000, "object 1 fills the left egg: " + object1);
    assertTrue(object2 > 10_000, "object 2 fills the right egg: " + object2);
  }
}
