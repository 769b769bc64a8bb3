package org.iseg.examples.cli;

import java.awt.image.BufferedImage;
import java.util.Map;

/**
 * A 5 x 7 bitmap font for the captions of {@code --save-vis} overlays: the same pixels on every machine, with no
 * font files (a headless JVM in a container often has none), so tests can compare captions pixel for pixel.
 * Only the characters of the captions are drawn ({@code "IoU 0.912  click 3"}); others leave a blank.
 *
 * <pre>{@code
 * PixelFont.draw(band, "IoU 0.912", 4, 2, 2, 0xFFFFFF);   // at (x 4, y 2), each font pixel 2 x 2
 * }</pre>
 */
final class PixelFont {
  /** Glyph height in font pixels; glyphs are 5 wide and advance by {@link #ADVANCE}. */
  static final int HEIGHT = 7;
  static final int ADVANCE = 6;

  private static final Map<Character, String[]> GLYPHS = Map.ofEntries(
      Map.entry('0', new String[] {".###.", "#...#", "#..##", "#.#.#", "##..#", "#...#", ".###."}),
      Map.entry('1', new String[] {"..#..", ".##..", "..#..", "..#..", "..#..", "..#..", ".###."}),
      Map.entry('2', new String[] {".###.", "#...#", "....#", "...#.", "..#..", ".#...", "#####"}),
      Map.entry('3', new String[] {"#####", "...#.", "..#..", "...#.", "....#", "#...#", ".###."}),
      Map.entry('4', new String[] {"...#.", "..##.", ".#.#.", "#..#.", "#####", "...#.", "...#."}),
      Map.entry('5', new String[] {"#####", "#....", "####.", "....#", "....#", "#...#", ".###."}),
      Map.entry('6', new String[] {"..##.", ".#...", "#....", "####.", "#...#", "#...#", ".###."}),
      Map.entry('7', new String[] {"#####", "....#", "...#.", "..#..", ".#...", ".#...", ".#..."}),
      Map.entry('8', new String[] {".###.", "#...#", "#...#", ".###.", "#...#", "#...#", ".###."}),
      Map.entry('9', new String[] {".###.", "#...#", "#...#", ".####", "....#", "...#.", ".##.."}),
      Map.entry('.', new String[] {".....", ".....", ".....", ".....", ".....", ".##..", ".##.."}),
      Map.entry('c', new String[] {".....", ".....", ".###.", "#....", "#....", "#...#", ".###."}),
      Map.entry('l', new String[] {".##..", "..#..", "..#..", "..#..", "..#..", "..#..", ".###."}),
      Map.entry('i', new String[] {"..#..", ".....", ".##..", "..#..", "..#..", "..#..", ".###."}),
      Map.entry('k', new String[] {"#....", "#....", "#..#.", "#.#..", "##...", "#.#..", "#..#."}),
      Map.entry('I', new String[] {".###.", "..#..", "..#..", "..#..", "..#..", "..#..", ".###."}),
      Map.entry('o', new String[] {".....", ".....", ".###.", "#...#", "#...#", "#...#", ".###."}),
      Map.entry('U', new String[] {"#...#", "#...#", "#...#", "#...#", "#...#", "#...#", ".###."}));

  private PixelFont() {}

  /** Width in image pixels of {@code text} drawn at {@code scale}. */
  static int width(String text, int scale) {
    return text.length() * ADVANCE * scale;
  }

  /**
   * Draws {@code text} with its top-left corner at (x, y), each font pixel a {@code scale} x {@code scale}
   * square of colour {@code rgb}; what falls outside the image is left out.
   */
  static void draw(BufferedImage into, String text, int x, int y, int scale, int rgb) {
    for (int n = 0; n < text.length(); n++) {
      String[] glyph = GLYPHS.get(text.charAt(n));
      if (glyph == null) {
        continue;
      }
      int left = x + n * ADVANCE * scale;
      for (int gy = 0; gy < HEIGHT; gy++) {
        for (int gx = 0; gx < 5; gx++) {
          if (glyph[gy].charAt(gx) != '#') {
            continue;
          }
          for (int dy = 0; dy < scale; dy++) {
            for (int dx = 0; dx < scale; dx++) {
              int px = left + gx * scale + dx;
              int py = y + gy * scale + dy;
              if (px >= 0 && py >= 0 && px < into.getWidth() && py < into.getHeight()) {
                into.setRGB(px, py, rgb);
              }
            }
          }
        }
      }
    }
  }
}
