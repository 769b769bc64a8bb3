package org.iseg.examples.annotator;

import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.ImageIO;
import javax.swing.JFrame;
import javax.swing.SwingUtilities;
import org.iseg.api.IisModel;
import org.iseg.api.Image;
import org.iseg.examples.testing.ColourSimilarityModel;

/**
 * Opens a real annotator window on the bundled {@code pair.png}, finishes one object, clicks a second one and
 * captures the window with {@link Robot}: the README's screenshot. Needs a display (run under xvfb-run).
 *
 * <pre>
 * xvfb-run -s "-screen 0 1280x800x24" java -cp ... org.iseg.examples.annotator.AnnotatorScreenshot docs/annotator.png
 * </pre>
 */
public final class AnnotatorScreenshot {
  private AnnotatorScreenshot() {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 ? args[0] : "annotator.png");
    BufferedImage shot = capture(new ColourSimilarityModel());
    Files.createDirectories(out.toAbsolutePath().getParent());
    ImageIO.write(shot, "png", out.toFile());
    System.out.println("wrote " + out + " (" + Files.size(out) + " bytes, " + shot.getWidth() + "x"
        + shot.getHeight() + ")");
    System.exit(0);
  }

  /** The bundled demo image with two objects. */
  static Image sample() throws URISyntaxException {
    var url = AnnotatorScreenshot.class.getResource("/org/iseg/examples/sample/images/pair.png");
    if (url == null) {
      throw new IllegalStateException("bundled sample pair.png is not on the class path");
    }
    return AnnotatorFiles.readImage(Path.of(url.toURI()));
  }

  /** Drives a real window: object 1 = the left egg, object 2 (current) = the right egg with a negative click. */
  static BufferedImage capture(IisModel model) throws Exception {
    JFrame frame = Annotator.show(model, Optional.of(sample()), PredictorFactory.PLAIN);
    try {
      AtomicReference<AnnotatorPanel> panel = new AtomicReference<>();
      SwingUtilities.invokeAndWait(() -> {
        frame.setSize(1000, 600);
        frame.setLocation(0, 0);
        frame.validate();
        panel.set((AnnotatorPanel) frame.getContentPane());
        panel.get().withCanvas(ImageCanvas::fitToWindow);
      });
      AnnotatorPanel p = panel.get();
      clickAndWait(p, 90, 100, true);
      SwingUtilities.invokeAndWait(p::finishObject);
      clickAndWait(p, 150, 220, true);
      clickAndWait(p, 200, 300, false);
      clickAndWait(p, 30, 260, false);
      SwingUtilities.invokeAndWait(() -> { });
      Thread.sleep(500); // let the window system draw the last frame
      AtomicReference<Rectangle> bounds = new AtomicReference<>();
      SwingUtilities.invokeAndWait(() -> bounds.set(frame.getBounds()));
      return new Robot().createScreenCapture(bounds.get());
    } finally {
      SwingUtilities.invokeAndWait(frame::dispose);
    }
  }

  static void clickAndWait(AnnotatorPanel p, int row, int col, boolean positive)
      throws InterruptedException, InvocationTargetException, IOException {
    SwingUtilities.invokeAndWait(() -> p.click(row, col, positive));
    AtomicBoolean busy = new AtomicBoolean(true);
    for (int i = 0; i < 600 && busy.get(); i++) { // at most a minute
      Thread.sleep(100);
      SwingUtilities.invokeAndWait(() -> busy.set(p.isBusy()));
    }
    if (busy.get()) {
      throw new IOException("the model did not answer within a minute");
    }
  }
}
