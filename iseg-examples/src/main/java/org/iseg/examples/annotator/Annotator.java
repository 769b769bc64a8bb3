package org.iseg.examples.annotator;

import java.awt.GraphicsEnvironment;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import javax.swing.JFrame;
import javax.swing.SwingUtilities;
import javax.swing.WindowConstants;
import org.iseg.api.IisModel;
import org.iseg.api.Image;

/**
 * The interactive annotator: a desktop window where a person segments objects with clicks, the counterpart of
 * RITM's demo. Left click adds a positive click, right click a negative one; the wheel zooms, right- or
 * middle-drag pans; Space finishes the object (the next one gets a new label and colour), {@code a} finishes it
 * partially (the next clicks add another part of the same object, as RITM's demo), Ctrl+Z or Backspace undoes
 * the last click, Escape resets the current object. "Load mask" starts an object from an external mask (ITER-M
 * models), "Save mask" writes a PNG whose pixel values are the object labels 1, 2, ... and beside it RITM's RGBA
 * cut-out ({@code NAME-cutout.png}). Loading another image or closing the window asks before unsaved work is
 * lost.
 *
 * <pre>{@code
 * try (IisModel model = ...) {
 *   Annotator.open(model, Optional.of(Path.of("photo.jpg")));   // returns when the window is closed
 * }
 * }</pre>
 *
 * The model is called on a background thread, one click at a time; the window never waits for it. The
 * annotator does not close the model.
 */
public final class Annotator {
  private Annotator() {}

  /** Opens the annotator (no ZoomIn predictor) and blocks until its window is closed. */
  public static void open(IisModel model, Optional<Path> image) {
    open(model, image, PredictorFactory.PLAIN);
  }

  /**
   * Opens the annotator with a predictor factory (for ZoomIn) and blocks until its window is closed.
   *
   * @throws IllegalStateException when there is no display, or when called on the Swing event thread
   * @throws RuntimeException naming the file when {@code image} cannot be read (before any window opens)
   */
  public static void open(IisModel model, Optional<Path> image, PredictorFactory predictors) {
    Objects.requireNonNull(model, "model");
    requireDisplay();
    if (SwingUtilities.isEventDispatchThread()) {
      throw new IllegalStateException("Annotator.open waits for the window to close and so cannot run on the "
          + "Swing event thread; call show(...) from there instead");
    }
    Optional<Image> loaded = image.map(AnnotatorFiles::readImage);
    CountDownLatch closed = new CountDownLatch(1);
    JFrame frame = show(model, loaded, predictors);
    frame.addWindowListener(new WindowAdapter() {
      @Override
      public void windowClosed(WindowEvent e) {
        closed.countDown();
      }
    });
    try {
      closed.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      SwingUtilities.invokeLater(frame::dispose);
    }
  }

  /**
   * Shows an annotator window and returns at once (for programs that keep running, and for tests).
   * Disposing the frame stops its inference thread.
   */
  public static JFrame show(IisModel model, Optional<Image> image, PredictorFactory predictors) {
    requireDisplay();
    AtomicReference<JFrame> frame = new AtomicReference<>();
    ExecutorService inference = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "iseg-annotator-inference");
      t.setDaemon(true);
      return t;
    });
    onSwingThread(() -> {
      AnnotatorController controller = new AnnotatorController(model, predictors);
      AnnotatorPanel panel = new AnnotatorPanel(controller, inference, SwingUtilities::invokeLater);
      JFrame f = new JFrame("iseg annotator - " + model.name());
      // Closing asks first when there is unsaved work (the panel decides), then disposes.
      f.setDefaultCloseOperation(WindowConstants.DO_NOTHING_ON_CLOSE);
      f.setContentPane(panel);
      f.addWindowListener(new WindowAdapter() {
        @Override
        public void windowClosing(WindowEvent e) {
          if (panel.mayClose()) {
            f.dispose();
          }
        }

        @Override
        public void windowClosed(WindowEvent e) {
          inference.shutdownNow();
        }
      });
      f.pack();
      f.setLocationRelativeTo(null);
      f.setVisible(true);
      image.ifPresent(panel::showImage);
      frame.set(f);
    });
    return frame.get();
  }

  private static void requireDisplay() {
    if (GraphicsEnvironment.isHeadless()) {
      throw new IllegalStateException("the annotator needs a display, and this Java runs headless; run it on a "
          + "desktop, set DISPLAY, or use xvfb-run (and do not pass -Djava.awt.headless=true)");
    }
  }

  private static void onSwingThread(Runnable r) {
    if (SwingUtilities.isEventDispatchThread()) {
      r.run();
      return;
    }
    try {
      SwingUtilities.invokeAndWait(r);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while opening the annotator", e);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException("could not open the annotator: " + cause, cause);
    }
  }
}
