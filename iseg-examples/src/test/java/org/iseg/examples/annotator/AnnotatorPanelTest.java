package org.iseg.examples.annotator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Component;
import java.awt.Container;
import java.awt.Point;
import java.awt.event.InputEvent;
import java.awt.event.KeyEvent;
import java.awt.event.MouseEvent;
import java.awt.event.MouseWheelEvent;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicReference;
import javax.swing.JComboBox;
import javax.swing.JComponent;
import javax.swing.JSpinner;
import javax.swing.KeyStroke;
import javax.swing.SwingUtilities;
import org.iseg.api.Click;
import org.iseg.api.IisModel;
import org.iseg.api.Image;
import org.iseg.api.Prediction;
import org.iseg.api.State;
import org.iseg.engine.predictors.BrsMode;
import org.iseg.engine.testing.NearestClickModel;
import org.iseg.examples.testing.TestImages;
import org.iseg.models.IisNetwork;
import org.iseg.models.IisNetworks;
import org.iseg.models.NetworkConfig;
import org.iseg.models.compact.DefaultNetwork;
import org.junit.jupiter.api.Test;

/** The Swing view without a window (works headless): mouse events, the busy guard, keys and errors. */
class AnnotatorPanelTest {

  private static AnnotatorPanel panel(IisModel model, java.util.concurrent.Executor inference) throws Exception {
    AtomicReference<AnnotatorPanel> out = new AtomicReference<>();
    SwingUtilities.invokeAndWait(() -> {
      AnnotatorPanel p = new AnnotatorPanel(new AnnotatorController(model), inference, Runnable::run);
      p.setSize(1000, 700);
      layout(p);
      p.showImage(TestImages.gradient(60, 80));
      out.set(p);
    });
    return out.get();
  }

  private static void layout(Component c) {
    if (c instanceof Container container) {
      container.doLayout();
      for (Component child : container.getComponents()) {
        layout(child);
      }
    }
  }

  private static void mouse(ImageCanvas canvas, int id, Point at, int button) {
    int mask = button == MouseEvent.BUTTON1 ? InputEvent.BUTTON1_DOWN_MASK
        : button == MouseEvent.BUTTON2 ? InputEvent.BUTTON2_DOWN_MASK : InputEvent.BUTTON3_DOWN_MASK;
    canvas.dispatchEvent(new MouseEvent(canvas, id, 0L, mask, at.x, at.y, 1, false, button));
  }

  private static ImageCanvas canvasOf(AnnotatorPanel p) {
    AtomicReference<ImageCanvas> canvas = new AtomicReference<>();
    p.withCanvas(canvas::set);
    return canvas.get();
  }

  @Test
  void leftAndRightClicksOnTheCanvasBecomePositiveAndNegativeClicksAtThatPixel() throws Exception {
    AnnotatorPanel p = panel(NearestClickModel.unbounded(), Runnable::run);
    SwingUtilities.invokeAndWait(() -> {
      ImageCanvas canvas = canvasOf(p);
      assertTrue(canvas.scale() > 1, "a small image is fitted to the canvas");
      Point a = canvas.toScreen(10, 20);
      mouse(canvas, MouseEvent.MOUSE_PRESSED, a, MouseEvent.BUTTON1);
      mouse(canvas, MouseEvent.MOUSE_RELEASED, a, MouseEvent.BUTTON1);
      Point b = canvas.toScreen(40, 70);
      mouse(canvas, MouseEvent.MOUSE_PRESSED, b, MouseEvent.BUTTON3);
      mouse(canvas, MouseEvent.MOUSE_RELEASED, b, MouseEvent.BUTTON3);
      assertEquals(List.of(Click.positive(10, 20, 0), Click.negative(40, 70, 1)),
          p.controller().clicks().all());
      assertTrue(p.statusText().contains("clicks: 2"), p.statusText());
    });
  }

  @Test
  void rightDragPansAndTheWheelZoomsAroundThePointerWithoutClicking() throws Exception {
    AnnotatorPanel p = panel(NearestClickModel.unbounded(), Runnable::run);
    SwingUtilities.invokeAndWait(() -> {
      ImageCanvas canvas = canvasOf(p);
      Point start = canvas.toScreen(30, 40);
      mouse(canvas, MouseEvent.MOUSE_PRESSED, start, MouseEvent.BUTTON3);
      Point end = new Point(start.x + 50, start.y + 30);
      canvas.dispatchEvent(new MouseEvent(canvas, MouseEvent.MOUSE_DRAGGED, 0L, InputEvent.BUTTON3_DOWN_MASK,
          end.x, end.y, 1, false, MouseEvent.BUTTON3));
      mouse(canvas, MouseEvent.MOUSE_RELEASED, end, MouseEvent.BUTTON3);
      assertTrue(p.controller().clicks().isEmpty(), "a drag is not a click");
      assertEquals(new Point(40, 30), canvas.toImage(end.x, end.y).orElseThrow(), "the image moved with the mouse");

      double before = canvas.scale();
      Point pixel = canvas.toImage(end.x, end.y).orElseThrow();
      canvas.dispatchEvent(new MouseWheelEvent(canvas, MouseEvent.MOUSE_WHEEL, 0L, 0, end.x, end.y, 0, false,
          MouseWheelEvent.WHEEL_UNIT_SCROLL, 1, -1));
      assertEquals(before * 1.25, canvas.scale(), 1e-9);
      assertEquals(pixel, canvas.toImage(end.x, end.y).orElseThrow(), "zoom keeps the pixel under the pointer");
    });
  }

  @Test
  void clicksWhilePredictingAreRefusedAndTheResultArrivesLater() throws Exception {
    Queue<Runnable> pending = new ArrayDeque<>();
    AnnotatorPanel p = panel(NearestClickModel.unbounded(), pending::add);
    SwingUtilities.invokeAndWait(() -> {
      p.click(5, 5, true);
      assertTrue(p.isBusy());
      p.click(6, 6, false);
      assertTrue(p.statusText().contains("ignored"), p.statusText());
      assertEquals(1, pending.size(), "one model call queued");
      pending.poll().run();
      assertFalse(p.isBusy());
      assertEquals(1, p.controller().clicks().size());
    });
  }

  @Test
  void imagesLoadOnTheInferenceExecutorAndBadFilesAreReported(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path good = dir.resolve("good.png");
    java.nio.file.Files.write(good, TestImages.png(TestImages.gradient(30, 40)));
    Queue<Runnable> pending = new ArrayDeque<>();
    AnnotatorPanel p = panel(NearestClickModel.unbounded(), pending::add);
    SwingUtilities.invokeAndWait(() -> {
      p.loadImage(good);
      assertTrue(p.isBusy());
      assertEquals(60, p.controller().image().orElseThrow().height(), "nothing changes before the file is read");
      pending.poll().run();
      assertFalse(p.isBusy());
      assertEquals(30, p.controller().image().orElseThrow().height());
      p.loadImage(dir.resolve("missing.jpg"));
      pending.poll().run();
      assertTrue(p.statusText().contains("missing.jpg"), p.statusText());
      assertEquals(30, p.controller().image().orElseThrow().height(), "a bad file keeps the current image");
    });
  }

  @Test
  void spaceFinishesTheObjectAndModelErrorsReachTheStatusLine() throws Exception {
    IisModel failing = new IisModel() {
      @Override
      public String name() {
        return "broken";
      }

      @Override
      public Prediction predict(Image x, State z, List<Click> pcs, List<Click> ncs) {
        throw new IllegalStateException("weights file is corrupt");
      }
    };
    AnnotatorPanel ok = panel(NearestClickModel.unbounded(), Runnable::run);
    AnnotatorPanel broken = panel(failing, Runnable::run);
    SwingUtilities.invokeAndWait(() -> {
      ok.click(5, 5, true);
      ok.getActionMap().get("finish").actionPerformed(null);
      assertEquals(1, ok.controller().objectCount());
      ok.click(5, 5, true);
      ok.getActionMap().get("undo").actionPerformed(null);
      assertTrue(ok.controller().clicks().isEmpty());

      broken.click(5, 5, true);
      assertFalse(broken.isBusy());
      assertTrue(broken.statusText().contains("weights file is corrupt"), broken.statusText());
      assertTrue(broken.controller().clicks().isEmpty());
    });
  }

  private static List<Component> allComponents(Component c) {
    List<Component> out = new java.util.ArrayList<>();
    out.add(c);
    if (c instanceof Container container) {
      for (Component child : container.getComponents()) {
        out.addAll(allComponents(child));
      }
    }
    return out;
  }

  @Test
  void spaceAndAAreTheWindowsKeysAndNoControlThatCanTakeTheFocusKeepsThemForItself() throws Exception {
    AnnotatorPanel p = panel(NearestClickModel.withRadius(3), Runnable::run);
    SwingUtilities.invokeAndWait(() -> {
      KeyStroke space = KeyStroke.getKeyStroke(KeyEvent.VK_SPACE, 0);
      KeyStroke a = KeyStroke.getKeyStroke(KeyEvent.VK_A, 0);
      assertEquals("finish", p.getInputMap(JComponent.WHEN_IN_FOCUSED_WINDOW).get(space));
      assertEquals("finish-part", p.getInputMap(JComponent.WHEN_IN_FOCUSED_WINDOW).get(a));
      List<KeyStroke> keys = List.of(space, KeyStroke.getKeyStroke(KeyEvent.VK_SPACE, 0, true),
          KeyStroke.getKeyStroke(' '), a, KeyStroke.getKeyStroke(KeyEvent.VK_A, 0, true),
          KeyStroke.getKeyStroke('a'));
      int focusable = 0;
      for (Component c : allComponents(p)) {
        if (!(c instanceof JComponent jc) || !jc.isFocusable()) {
          continue;
        }
        focusable++;
        for (KeyStroke key : keys) {
          // Swing offers a key to the focused control, then to its ancestors, and only then to the window.
          Object own = jc.getInputMap(JComponent.WHEN_FOCUSED).get(key);
          assertTrue(own == null || AnnotatorPanel.IGNORED_KEY.equals(own),
              c.getClass().getSimpleName() + " " + c.getName() + " takes the focus and binds " + key + " to " + own);
          for (Container up = c.getParent(); up != null; up = up.getParent()) {
            if (up instanceof JComponent ancestor) {
              assertEquals(null, ancestor.getInputMap(JComponent.WHEN_ANCESTOR_OF_FOCUSED_COMPONENT).get(key),
                  ancestor.getClass().getSimpleName() + " keeps " + key + " from " + c.getClass().getSimpleName());
            }
          }
        }
      }
      assertTrue(focusable > 0, "the number fields keep the focus for typing");

      p.click(5, 5, true);
      p.getActionMap().get("finish-part").actionPerformed(null);
      assertTrue(p.controller().clicks().isEmpty());
      assertTrue(p.controller().hasCurrentObject(), "'a' keeps the part");
      p.click(40, 60, true);
      p.getActionMap().get("finish").actionPerformed(null);
      assertEquals(1, p.controller().objectCount(), "both parts are one object");
    });
  }

  @Test
  void theZoomShownInTheStatusLineFollowsTheWheelAndTheZoomButtons() throws Exception {
    AnnotatorPanel p = panel(NearestClickModel.unbounded(), Runnable::run);
    SwingUtilities.invokeAndWait(() -> {
      ImageCanvas canvas = canvasOf(p);
      assertTrue(p.statusText().contains("zoom: " + Math.round(canvas.scale() * 100) + "%"), p.statusText());
      Point at = canvas.toScreen(30, 40);
      canvas.dispatchEvent(new MouseWheelEvent(canvas, MouseEvent.MOUSE_WHEEL, 0L, 0, at.x, at.y, 0, false,
          MouseWheelEvent.WHEEL_UNIT_SCROLL, 1, -1));
      String zoomed = "zoom: " + Math.round(canvas.scale() * 100) + "%";
      assertTrue(p.statusText().contains(zoomed), zoomed + " expected in: " + p.statusText());
      for (Component c : allComponents(p)) {
        if (c instanceof javax.swing.JButton b && "Zoom -".equals(b.getText())) {
          b.doClick(0);
        }
      }
      String out = "zoom: " + Math.round(canvas.scale() * 100) + "%";
      assertFalse(out.equals(zoomed));
      assertTrue(p.statusText().contains(out), out + " expected in: " + p.statusText());
    });
  }

  @Test
  void loadingAnotherImageAsksBeforeUnsavedWorkIsLostAndSavingWritesBothFiles(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path other = dir.resolve("other.png");
    java.nio.file.Files.write(other, TestImages.png(TestImages.gradient(30, 40)));
    AnnotatorPanel p = panel(NearestClickModel.withRadius(3), Runnable::run);
    List<String> asked = new java.util.ArrayList<>();
    boolean[] answer = {false};
    p.setConfirmation(question -> {
      asked.add(question);
      return answer[0];
    });
    SwingUtilities.invokeAndWait(() -> {
      p.click(5, 5, true);
      p.loadImage(other);
      assertEquals(1, asked.size(), "asked before loading over an unsaved object");
      assertTrue(asked.get(0).contains("not saved"), asked.get(0));
      assertEquals(60, p.controller().image().orElseThrow().height(), "'no' keeps the image and its work");
      assertEquals(1, p.controller().clicks().size());
      assertFalse(p.mayClose(), "'no' keeps the window open");
      assertEquals(2, asked.size());

      p.saveMask(dir.resolve("mask.png"));
      assertTrue(java.nio.file.Files.isRegularFile(dir.resolve("mask.png")));
      assertTrue(java.nio.file.Files.isRegularFile(dir.resolve("mask-cutout.png")), p.statusText());
      assertTrue(p.statusText().contains("mask-cutout.png"), p.statusText());
      assertTrue(p.mayClose(), "saved work closes without asking");
      p.loadImage(other);
      assertEquals(2, asked.size(), "no question once the work is saved");
      assertEquals(30, p.controller().image().orElseThrow().height());

      p.click(5, 5, true);
      answer[0] = true;
      p.loadImage(other);
      assertEquals(3, asked.size());
      assertTrue(p.controller().clicks().isEmpty(), "'yes' loads the image and drops the work");
    });
  }

  private static <T extends Component> T named(AnnotatorPanel p, Class<T> type, String name) {
    return allComponents(p).stream().filter(c -> name.equals(c.getName())).map(type::cast).findFirst().orElseThrow();
  }

  /**
   * RITM's BRS options: the menu lists RITM's six types; a type the network cannot run is reported and the menu
   * returns to the type in use; choosing BRS sets "all" network clicks to RITM's 8 and enables the L-BFGS-B field.
   */
  @Test
  void theBrsMenuReportsTypesTheNetworkCannotRunAndSetsRitmsNetworkClicks() throws Exception {
    try (IisNetwork compact = DefaultNetwork.load();
        IisNetwork mobilenet = IisNetworks.create(NetworkConfig.ritm("mobilenetv2"));
        RitmPredictorFactory compactFactory = NoBrsFactories.over("default", compact);
        RitmPredictorFactory mobileFactory = NoBrsFactories.over("mobilenetv2", mobilenet)) {
      AtomicReference<AnnotatorPanel> refusing = new AtomicReference<>();
      AtomicReference<AnnotatorPanel> accepting = new AtomicReference<>();
      AtomicReference<AnnotatorPanel> plain = new AtomicReference<>();
      SwingUtilities.invokeAndWait(() -> {
        refusing.set(new AnnotatorPanel(new AnnotatorController(compactFactory.defaultPredictor(), compactFactory),
            Runnable::run, Runnable::run));
        accepting.set(new AnnotatorPanel(new AnnotatorController(mobileFactory.defaultPredictor(), mobileFactory),
            Runnable::run, Runnable::run));
        plain.set(new AnnotatorPanel(new AnnotatorController(NearestClickModel.unbounded()), Runnable::run,
            Runnable::run));
      });
      SwingUtilities.invokeAndWait(() -> {
        JComboBox<?> menu = named(refusing.get(), JComboBox.class, "brs-type");
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < menu.getItemCount(); i++) {
          names.add(menu.getItemAt(i).toString());
        }
        assertEquals(List.of("NoBRS", "RGB-BRS", "DistMap-BRS", "f-BRS-A", "f-BRS-B", "f-BRS-C"), names);
        menu.setSelectedItem(BrsMode.F_BRS_B);
        assertTrue(refusing.get().statusText().contains("error: ")
            && refusing.get().statusText().contains("Use NoBRS"), refusing.get().statusText());
        assertEquals(BrsMode.NO_BRS, menu.getSelectedItem(), "the menu shows the type in use again");
        assertEquals(BrsMode.NO_BRS, refusing.get().controller().predictorSettings().brsMode());

        AnnotatorPanel p = accepting.get();
        JSpinner lbfgs = named(p, JSpinner.class, "lbfgs-max-iterations");
        assertFalse(lbfgs.isEnabled(), "NoBRS has no optimiser");
        named(p, JComboBox.class, "brs-type").setSelectedItem(BrsMode.RGB_BRS);
        PredictorSettings s = p.controller().predictorSettings();
        assertEquals(BrsMode.RGB_BRS, s.brsMode());
        assertEquals(java.util.OptionalInt.of(8), s.netClicksLimit(), "RITM's demo: INF becomes 8");
        assertEquals(8, named(p, JSpinner.class, "net-clicks").getValue());
        assertTrue(lbfgs.isEnabled());
        lbfgs.setValue(5);
        assertEquals(5, p.controller().predictorSettings().lbfgsMaxIterations());

        assertFalse(named(plain.get(), JComboBox.class, "brs-type").isEnabled(), "an exported model has no BRS");
      });
    }
  }
}
