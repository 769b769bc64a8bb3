package org.iseg.data.datasets;

import java.nio.file.Path;
import org.iseg.api.Mask;
import org.iseg.data.DatasetException;
import org.iseg.data.io.BgrPixels;
import org.iseg.data.io.ImageFiles;

/**
 * How RITM's evaluation loaders turn a mask file into a target, applied to the pixels exactly as
 * {@code cv2.imread(path)} (B, G, R order) returns them.
 */
enum RitmMaskRule {
  /** {@code grabcut.py}: m = imread(path)[:, :, 0]; m == 128 -> ignore; m > 128 -> object (Berkeley too). */
  CHANNEL0_128_IGNORE {
    @Override
    byte label(BgrPixels p, int i) {
      int v = p.channel(i, 0);
      return v == 128 ? Mask.IGNORE : v > 128 ? Mask.OBJECT : Mask.BACKGROUND;
    }
  },
  /** {@code davis.py}: m = max over channels of imread(path); m > 0 -> object. */
  ANY_CHANNEL_NONZERO {
    @Override
    byte label(BgrPixels p, int i) {
      byte[] b = p.bgr();
      return (b[3 * i] | b[3 * i + 1] | b[3 * i + 2]) != 0 ? Mask.OBJECT : Mask.BACKGROUND;
    }
  };

  abstract byte label(BgrPixels pixels, int index);

  Mask read(Path maskFile, int imageHeight, int imageWidth) {
    BgrPixels pixels = ImageFiles.readBgr(maskFile);
    if (pixels.height() != imageHeight || pixels.width() != imageWidth) {
      throw new DatasetException(maskFile, "mask is " + pixels.height() + "x" + pixels.width()
          + " but its image is " + imageHeight + "x" + imageWidth);
    }
    byte[] labels = new byte[imageHeight * imageWidth];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = label(pixels, i);
    }
    return Mask.fromLabels(imageHeight, imageWidth, labels);
  }
}
