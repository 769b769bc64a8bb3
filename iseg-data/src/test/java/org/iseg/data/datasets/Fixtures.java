package org.iseg.data.datasets;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.iseg.api.Image;
import org.iseg.data.io.ImageFiles;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.MatlabType;
import us.hebi.matlab.mat.types.Matrix;
import us.hebi.matlab.mat.types.Struct;

/** Small datasets written in the real on-disk formats. */
final class Fixtures {
  private Fixtures() {}

  static Image image(int h, int w, int seed) {
    byte[] rgb = new byte[3 * h * w];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = (byte) (i * 7 + seed * 31);
    }
    return Image.of(h, w, rgb);
  }

  /** An image file in the format of its extension (JPEG is lossy). */
  static void writeImage(Path file, Image image) {
    ImageFiles.writeImage(file, image);
  }

  /** An 8-bit palette PNG holding {@code indices} (row-major); indices 0 and 7 are both black. */
  static void writePalettePng(Path file, int h, int w, int[] indices) {
    byte[] r = new byte[256];
    byte[] g = new byte[256];
    byte[] b = new byte[256];
    for (int i = 1; i < 255; i++) {
      if (i != 7) {
        r[i] = (byte) (i * 37);
        g[i] = (byte) (i * 91);
        b[i] = (byte) (128 + i);
      }
    }
    r[255] = (byte) 224;
    g[255] = (byte) 224;
    b[255] = (byte) 192;
    BufferedImage png = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(8, 256, r, g, b));
    png.getRaster().setSamples(0, 0, w, h, 0, indices);
    try {
      Files.createDirectories(file.getParent());
      ImageIO.write(png, "png", file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A MATLAB v5 file with {@code structName.Segmentation = labels} (uint8, h x w), like SBD's GTinst/GTcls. */
  static void writeSbdMat(Path file, String structName, int h, int w, int[] labels) {
    Matrix seg = Mat5.newMatrix(h, w, MatlabType.UInt8);
    for (int r = 0; r < h; r++) {
      for (int c = 0; c < w; c++) {
        seg.setInt(r, c, labels[r * w + c]);
      }
    }
    Struct struct = Mat5.newStruct();
    struct.set("Segmentation", seg);
    struct.set("Boundaries", Mat5.newCell(1, 1));
    MatFile mat = Mat5.newMatFile().addArray(structName, struct);
    try {
      Files.createDirectories(file.getParent());
      Mat5.writeToFile(mat, file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
