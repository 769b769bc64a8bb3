package org.iseg.data.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.iseg.api.Image;
import org.iseg.api.Mask;
import org.iseg.api.testing.SharedData;
import org.iseg.data.DatasetException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFilesTest {
  @TempDir Path dir;

  static Image gradient(int h, int w) {
    byte[] rgb = new byte[3 * h * w];
    for (int r = 0; r < h; r++) {
      for (int c = 0; c < w; c++) {
        int i = 3 * (r * w + c);
        rgb[i] = (byte) (r * 10);
        rgb[i + 1] = (byte) (c * 10);
        rgb[i + 2] = (byte) ((r + c) * 5);
      }
    }
    return Image.of(h, w, rgb);
  }

  @Test
  void pngAndBmpRoundTripExactlyInRgbOrderWithSpacesInTheName() {
    Image image = gradient(7, 11);
    Path png = dir.resolve("my image with spaces.png");
    Path bmp = dir.resolve("another one.bmp");
    ImageFiles.writePng(png, image);
    ImageFiles.writeImage(bmp, image);
    assertEquals(image, ImageFiles.readImage(png));
    assertEquals(image, ImageFiles.readImage(bmp));
    // OpenCV's view is BGR: red (channel 0 of the Image) is channel 2 there
    BgrPixels bgr = ImageFiles.readBgr(png);
    assertEquals(image.channel(3, 4, 0), bgr.channel(3 * 11 + 4, 2));
    assertEquals(image.channel(3, 4, 2), bgr.channel(3 * 11 + 4, 0));
  }

  @Test
  void jpegDecodesCloseToTheWrittenImage() {
    Image flat = Image.filled(16, 24, 200, 100, 50);
    Path jpg = dir.resolve("flat.jpg");
    ImageFiles.writeImage(jpg, flat);
    Image back = ImageFiles.readImage(jpg);
    assertEquals(16, back.height());
    assertEquals(24, back.width());
    assertTrue(Math.abs(back.channel(8, 8, 0) - 200) <= 3 && Math.abs(back.channel(8, 8, 2) - 50) <= 3);
  }

  @Test
  void greyscaleFilesBecomeRgb() throws IOException {
    BufferedImage grey = new BufferedImage(5, 4, BufferedImage.TYPE_BYTE_GRAY);
    grey.getRaster().setSample(2, 1, 0, 77);
    Path file = dir.resolve("grey.png");
    ImageIO.write(grey, "png", file.toFile());
    Image image = ImageFiles.readImage(file);
    assertEquals(4, image.height());
    assertEquals(5, image.width());
    for (int c = 0; c < 3; c++) {
      assertEquals(77, image.channel(1, 2, c));
      assertEquals(0, image.channel(0, 0, c));
    }
  }

  @Test
  void paletteIndicesAreReadAsIndicesNotColours() throws IOException {
    // indices 0 and 2 share the colour black, index 255 is PASCAL's void colour
    byte[] r = new byte[256];
    byte[] g = new byte[256];
    byte[] b = new byte[256];
    r[1] = (byte) 128;
    r[255] = (byte) 224;
    g[255] = (byte) 224;
    b[255] = (byte) 192;
    IndexColorModel palette = new IndexColorModel(8, 256, r, g, b);
    BufferedImage indexed = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_INDEXED, palette);
    int[] indices = {0, 1, 2, 255, 2, 1};
    indexed.getRaster().setSamples(0, 0, 3, 2, 0, indices);
    Path file = dir.resolve("palette.png");
    ImageIO.write(indexed, "png", file.toFile());
    LabelMap labels = ImageFiles.readLabels(file);
    assertArrayEquals(indices, labels.toArray());
    // OpenCV itself expands the palette: index 2 reads as black there
    assertEquals(0, ImageFiles.readBgr(file).channel(2, 2));
  }

  @Test
  void greyLabelMasksAndBinaryMasksRoundTrip() {
    LabelMap labels = LabelMap.of(2, 3, new int[] {0, 1, 2, 3, 200, 255});
    Path file = dir.resolve("labels.png");
    ImageFiles.writePng(file, labels);
    assertEquals(labels, ImageFiles.readLabels(file));

    Mask mask = Mask.fromLabels(2, 2, new byte[] {1, 0, -1, 1});
    Path maskFile = dir.resolve("mask.png");
    ImageFiles.writePng(maskFile, mask);
    assertArrayEquals(new int[] {255, 0, 128, 255}, ImageFiles.readLabels(maskFile).toArray());
  }

  @Test
  void colouredMasksAreRejectedAsLabelMaps() {
    Path file = dir.resolve("colour.png");
    ImageFiles.writePng(file, Image.filled(2, 2, 255, 0, 0));
    DatasetException e = assertThrows(DatasetException.class, () -> ImageFiles.readLabels(file));
    assertTrue(e.getMessage().contains("colour.png") && e.getMessage().contains("colour image"), e.getMessage());
  }

  @Test
  void missingEmptyCorruptAndTruncatedFilesFailNamingTheFile() throws IOException {
    assertFails(dir.resolve("absent.jpg"), "missing");
    Path empty = Files.write(dir.resolve("empty.png"), new byte[0]);
    assertFails(empty, "empty");
    Path text = Files.writeString(dir.resolve("notes.jpg"), "this is not an image");
    assertFails(text, "not a readable image");

    Image image = gradient(40, 50);
    for (String ext : List.of("jpg", "png", "bmp")) {
      Path whole = dir.resolve("whole." + ext);
      ImageFiles.writeImage(whole, image);
      byte[] bytes = Files.readAllBytes(whole);
      Path cut = Files.write(dir.resolve("cut." + ext), Arrays.copyOf(bytes, bytes.length / 2));
      assertFails(cut, "truncated");
    }
  }

  @Test
  void everySharedImageEndsProperlySoTheTruncationCheckAcceptsRealFiles() {
    Path root = SharedData.dataset("GrabCut");
    List<Path> images = ImageFiles.listImages(root.resolve("data_GT"));
    List<Path> masks = ImageFiles.listImages(root.resolve("boundary_GT"));
    // GrabCut has 50 images and 50 masks; an empty listing must not pass for "every file read".
    assertEquals(50, images.size());
    assertEquals(50, masks.size());
    for (Path p : images) {
      assertTrue(ImageFiles.readImage(p).height() > 0, p.toString()); // throws on a truncated file
    }
    for (Path p : masks) {
      ImageFiles.readBgr(p); // throws on a truncated file
    }
  }

  @Test
  void filesSortByCodePointAsPythonDoes() throws IOException {
    for (String name : List.of("b.jpg", "B.jpg", "a.JPG", "a.bmp", "_x.jpg", "10.jpg", "9.jpg", "\uD83D\uDE00.jpg", "\uFFFD.jpg")) {
      Files.write(dir.resolve(name), new byte[] {1});
    }
    Files.createDirectory(dir.resolve("sub.dir"));
    List<String> names = ImageFiles.listImages(dir).stream().map(p -> p.getFileName().toString()).toList();
    // Python: sorted(['b.jpg','B.jpg','a.JPG','a.bmp','_x.jpg','10.jpg','9.jpg','\U0001F600.jpg','\ufffd.jpg'])
    assertEquals(List.of("10.jpg", "9.jpg", "B.jpg", "_x.jpg", "a.JPG", "a.bmp", "b.jpg", "\uFFFD.jpg",
        "\uD83D\uDE00.jpg"), names);
    assertEquals("a", ImageFiles.stem(Path.of("a.b.jpg")));
  }

  private static void assertFails(Path file, String problem) {
    DatasetException e = assertThrows(DatasetException.class, () -> ImageFiles.readImage(file));
    assertTrue(e.getMessage().contains(file.getFileName().toString()), e.getMessage());
    assertTrue(e.getMessage().contains(problem), e.getMessage());
    assertEquals(file, e.file().orElseThrow());
  }
}
