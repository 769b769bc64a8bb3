package org.iseg.examples.annotator;

import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.Component;
import java.awt.Dimension;
import java.awt.GraphicsEnvironment;
import java.awt.GridBagConstraints;
import java.awt.GridBagLayout;
import java.awt.GridLayout;
import java.awt.Insets;
import java.awt.event.ActionEvent;
import java.awt.event.KeyEvent;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Predicate;
import javax.swing.AbstractAction;
import javax.swing.BorderFactory;
import javax.swing.Box;
import javax.swing.BoxLayout;
import javax.swing.JButton;
import javax.swing.JCheckBox;
import javax.swing.JComboBox;
import javax.swing.JComponent;
import javax.swing.JFileChooser;
import javax.swing.JLabel;
import javax.swing.JOptionPane;
import javax.swing.JPanel;
import javax.swing.JSlider;
import javax.swing.JSpinner;
import javax.swing.JToolBar;
import javax.swing.KeyStroke;
import javax.swing.SpinnerNumberModel;
import javax.swing.filechooser.FileNameExtensionFilter;
import org.iseg.api.Image;
import org.iseg.api.Mask;
import org.iseg.engine.predictors.BrsMode;

/**
 * The annotator's Swing view: a thin layer over {@link AnnotatorController}. A toolbar (Load image, Load mask,
 * Save mask, Fit), the zoomable image, and RITM's control column (clicks management, ZoomIn options, BRS options:
 * BRS type, network clicks, L-BFGS-B max iterations; threshold, alpha blending, click radius). Model calls run on the {@code inference} executor, never
 * on the Swing thread; while one runs further clicks are refused with a note in the status line.
 *
 * <p><b>Keys.</b> Space (finish the object), {@code a} (finish it partially), Ctrl+Z and Backspace (undo),
 * Escape (reset) are bound for the whole window ({@code WHEN_IN_FOCUSED_WINDOW}), and no control keeps them for
 * itself: buttons, check boxes and sliders never take the focus, and the number fields ignore typed spaces
 * and {@code a}s, so Space finishes the object wherever the focus is.
 *
 * <p><b>Unsaved work.</b> Loading another image, or closing the window ({@link #mayClose}), asks first when
 * objects or clicks were changed since the last save.
 */
public final class AnnotatorPanel extends JPanel {
  private static final long serialVersionUID = 1L;
  /** The action name under which the number fields ignore the window's keys when typed. */
  static final String IGNORED_KEY = "iseg-ignore";

  private final transient AnnotatorController controller;
  private final transient Executor inference;
  private final transient Executor ui;
  private final ImageCanvas canvas = new ImageCanvas();
  private final JLabel status = new JLabel(" ");
  private final JButton finish = new JButton("<html><center>Finish<br>object</center></html>");
  private final JButton undo = new JButton("<html><center>Undo<br>click</center></html>");
  private final JButton reset = new JButton("<html><center>Reset<br>clicks</center></html>");
  private final JButton loadMask = new JButton("Load mask");
  private final JButton saveMask = new JButton("Save mask");
  private final JCheckBox useZoomIn = new JCheckBox("ZoomIn");
  private final JCheckBox fixedCrop = new JCheckBox("Fixed crop");
  private final JSpinner skipClicks = new JSpinner(new SpinnerNumberModel(-1, -1, 100, 1));
  private final JSpinner targetSize = new JSpinner(new SpinnerNumberModel(400, 100, 4096, 50));
  private final JSpinner expandRatio = new JSpinner(new SpinnerNumberModel(1.4, 1.0, 2.0, 0.1));
  private final JComboBox<BrsMode> brsMode = new JComboBox<>(BrsMode.values());
  private final JSpinner netClicks = new JSpinner(new SpinnerNumberModel(0, 0, 100, 1));
  private final JSpinner lbfgsIterations =
      new JSpinner(new SpinnerNumberModel(20, 1, PredictorSettings.MAX_LBFGS_ITERATIONS, 1));
  private final JLabel lbfgsLabel = new JLabel("L-BFGS-B max iterations");
  /** Set while the controls are written from the controller, so that their listeners stay quiet. */
  private boolean syncing;
  private final JSlider threshold = new JSlider(0, 100, 50);
  private final JSlider alpha = new JSlider(0, 100, 50);
  private final JSlider radius = new JSlider(0, 10, 3);
  private boolean busy;
  private String note = "";
  /** Asks the person a yes/no question; true to go on. */
  private transient Predicate<String> confirmation = this::askWithDialog;

  /**
   * A view of {@code controller}.
   *
   * @param inference runs model calls (a single background thread in the window; a direct executor in tests)
   * @param ui runs code on the Swing thread ({@code SwingUtilities::invokeLater}; direct in tests)
   */
  public AnnotatorPanel(AnnotatorController controller, Executor inference, Executor ui) {
    super(new BorderLayout());
    this.controller = controller;
    this.inference = inference;
    this.ui = ui;
    add(toolbar(), BorderLayout.NORTH);
    add(canvas, BorderLayout.CENTER);
    add(controls(), BorderLayout.EAST);
    status.setBorder(BorderFactory.createEmptyBorder(3, 8, 3, 8));
    add(status, BorderLayout.SOUTH);
    canvas.setClickListener(this::click);
    canvas.setViewListener(this::updateStatus);
    bindKeys();
    keepKeysFromControls();
    syncFromController();
    refresh(true);
  }

  /** The controller behind this view. */
  public AnnotatorController controller() {
    return controller;
  }

  /** Whether a prediction is running. */
  public boolean isBusy() {
    return busy;
  }

  /** The status line's text (for tests and screenshots). */
  public String statusText() {
    return status.getText();
  }

  /**
   * Replaces how the person is asked before unsaved work is discarded (a dialog by default; always yes when
   * there is no display). The predicate gets the question and answers true to go on.
   */
  public void setConfirmation(Predicate<String> ask) {
    this.confirmation = java.util.Objects.requireNonNull(ask, "ask");
  }

  /**
   * Whether the window may close now: true when nothing is unsaved, or when the person agrees to lose it.
   */
  public boolean mayClose() {
    return mayDiscard("Quit without saving?");
  }

  // ------------------------------------------------------------------------------------------ actions

  /**
   * Loads an image file on the inference executor (decoding a large photo, or loading OpenCV the first time,
   * takes a moment); a bad file is reported in a dialog (or the status line when headless).
   */
  public void loadImage(Path file) {
    if (busy) {
      note = "still predicting; load the image again in a moment";
      refresh(false);
      return;
    }
    if (!mayDiscard("Load " + file.getFileName() + " without saving?")) {
      note = "kept the unsaved work; save it first";
      refresh(false);
      return;
    }
    busy = true;
    note = "loading " + file.getFileName() + "...";
    refresh(false);
    inference.execute(() -> {
      try {
        Image image = AnnotatorFiles.readImage(file);
        ui.execute(() -> {
          busy = false;
          note = "loaded " + file.getFileName();
          guard(() -> {
            controller.setImage(image);
            refresh(true);
          });
        });
      } catch (RuntimeException e) {
        ui.execute(() -> {
          busy = false;
          note = "";
          showError(e);
        });
      }
    });
  }

  /** Shows an image already in memory. */
  public void showImage(Image image) {
    guard(() -> {
      controller.setImage(image);
      note = "";
      refresh(true);
    });
  }

  /** Starts the current object from a mask file (RITM's "Load mask"). */
  public void loadMask(Path file) {
    guard(() -> {
      Mask mask = AnnotatorFiles.readMask(file);
      controller.loadMask(mask);
      note = "started the object from " + file.getFileName();
      refresh(false);
    });
  }

  /**
   * Writes the objects (and the current one) as an 8-bit label PNG (0 background, 1..n objects) and, beside it,
   * RITM's RGBA cut-out (see {@link AnnotatorController#save}).
   */
  public void saveMask(Path file) {
    guard(() -> {
      List<Path> written = controller.save(file);
      note = "saved " + written.get(0).getFileName() + " (labels) and " + written.get(1).getFileName()
          + " (cut-out)";
      refresh(false);
    });
  }

  /** A click at image pixel (row, col), predicted on the inference executor. */
  public void click(int row, int col, boolean positive) {
    if (busy) {
      note = "still predicting the previous click; this click was ignored";
      refresh(false);
      return;
    }
    AnnotatorController.PendingClick pending;
    try {
      pending = controller.prepareClick(row, col, positive);
    } catch (RuntimeException e) {
      showError(e);
      return;
    }
    busy = true;
    note = "predicting...";
    refresh(false);
    inference.execute(() -> {
      try {
        AnnotatorController.ClickOutcome outcome = pending.run();
        ui.execute(() -> {
          busy = false;
          note = controller.apply(outcome) ? "" : "the image changed while predicting; click dropped";
          refresh(false);
        });
      } catch (RuntimeException | Error e) {
        ui.execute(() -> {
          busy = false;
          note = "";
          refresh(false);
          showError(e);
        });
      }
    });
  }

  public void finishObject() {
    guard(() -> {
      if (!busy && controller.finishObject()) {
        note = "object " + controller.objectCount() + " finished";
      }
      refresh(false);
    });
  }

  /** RITM's {@code a}: sets the object's current prediction aside; the next clicks add another part of it. */
  public void finishObjectPartially() {
    guard(() -> {
      if (!busy && controller.partiallyFinishObject()) {
        note = "part set aside; click the next part of the object, Space to finish it";
      }
      refresh(false);
    });
  }

  public void undoClick() {
    guard(() -> {
      if (!busy) {
        controller.undoClick();
      }
      refresh(false);
    });
  }

  public void resetClicks() {
    guard(() -> {
      if (!busy && controller.image().isPresent()) {
        controller.resetClicks();
        threshold.setValue(50);
        alpha.setValue(50);
      }
      refresh(false);
    });
  }

  // ------------------------------------------------------------------------------------------ layout

  private JComponent toolbar() {
    JToolBar bar = new JToolBar();
    bar.setFloatable(false);
    bar.add(button("Load image", () -> chooseFile(false, "Images", "jpg", "jpeg", "png", "bmp", "tif", "tiff")
        .ifPresent(this::loadImage)));
    loadMask.addActionListener(e -> chooseFile(false, "Masks", "png", "bmp").ifPresent(this::loadMask));
    bar.add(loadMask);
    saveMask.addActionListener(e -> chooseFile(true, "PNG label image", "png").ifPresent(this::saveMask));
    bar.add(saveMask);
    bar.addSeparator();
    bar.add(button("Fit", canvas::fitToWindow));
    bar.add(button("Zoom +", () -> canvas.zoomAt(canvas.getWidth() / 2, canvas.getHeight() / 2, 1.25)));
    bar.add(button("Zoom -", () -> canvas.zoomAt(canvas.getWidth() / 2, canvas.getHeight() / 2, 0.8)));
    return bar;
  }

  private JComponent controls() {
    JPanel column = new JPanel();
    column.setLayout(new BoxLayout(column, BoxLayout.Y_AXIS));
    column.setBorder(BorderFactory.createEmptyBorder(4, 4, 4, 4));

    JPanel clicks = titled("Clicks management", new GridLayout(1, 3, 4, 0));
    style(finish, 0xB6D7A8, this::finishObject);
    style(undo, 0xFFE599, this::undoClick);
    style(reset, 0xEA9999, this::resetClicks);
    clicks.add(finish);
    clicks.add(undo);
    clicks.add(reset);
    column.add(clicks);

    JPanel zoom = titled("ZoomIn options", new GridBagLayout());
    addRow(zoom, 0, useZoomIn, new JLabel("Skip clicks"), skipClicks);
    addRow(zoom, 1, fixedCrop, new JLabel("Target size"), targetSize);
    addRow(zoom, 2, new JLabel(""), new JLabel("Expand ratio"), expandRatio);
    if (!controller.supportsZoomIn()) {
      String why = "this model runs without a ZoomIn predictor";
      for (Component c : new Component[] {useZoomIn, fixedCrop, skipClicks, targetSize, expandRatio}) {
        c.setEnabled(false);
        ((JComponent) c).setToolTipText(why);
      }
    }
    column.add(zoom);

    brsMode.setName("brs-type");
    netClicks.setName("net-clicks");
    lbfgsIterations.setName("lbfgs-max-iterations");
    JPanel brs = titled("BRS options", new GridBagLayout());
    addRow(brs, 0, brsMode, new JLabel("Network clicks (0 = all)"), netClicks);
    addRow(brs, 1, new JLabel(""), lbfgsLabel, lbfgsIterations);
    if (!controller.supportsBrs()) {
      brsMode.setEnabled(false);
      brsMode.setToolTipText("this model runs as it is, without RITM's predictor: NoBRS only");
    }
    column.add(brs);

    column.add(slider("Prediction threshold", threshold, 25));
    column.add(slider("Alpha blending coefficient", alpha, 25));
    for (JSlider fraction : new JSlider[] {threshold, alpha}) {
      java.util.Hashtable<Integer, JComponent> labels = new java.util.Hashtable<>();
      for (int v = 0; v <= 100; v += 25) {
        labels.put(v, new JLabel(String.format(java.util.Locale.ROOT, "%.2f", v / 100.0)));
      }
      fraction.setLabelTable(labels);
    }
    for (JSpinner spinner : new JSpinner[] {skipClicks, targetSize, netClicks, lbfgsIterations}) {
      ((JSpinner.DefaultEditor) spinner.getEditor()).getTextField().setColumns(4);
    }
    expandRatio.setEditor(new JSpinner.NumberEditor(expandRatio, "0.0#"));
    ((JSpinner.DefaultEditor) expandRatio.getEditor()).getTextField().setColumns(4);
    column.add(slider("Visualisation click radius", radius, 2));
    column.add(Box.createVerticalGlue());

    useZoomIn.addActionListener(e -> settingsChanged());
    fixedCrop.addActionListener(e -> settingsChanged());
    skipClicks.addChangeListener(e -> settingsChanged());
    targetSize.addChangeListener(e -> settingsChanged());
    expandRatio.addChangeListener(e -> settingsChanged());
    netClicks.addChangeListener(e -> settingsChanged());
    lbfgsIterations.addChangeListener(e -> settingsChanged());
    brsMode.addActionListener(e -> brsModeChanged());
    threshold.addChangeListener(e -> {
      controller.setThreshold(threshold.getValue() / 100.0);
      refresh(false);
    });
    alpha.addChangeListener(e -> {
      controller.setAlpha(alpha.getValue() / 100.0);
      refresh(false);
    });
    radius.addChangeListener(e -> {
      controller.setClickRadius(radius.getValue());
      refresh(false);
    });
    column.setPreferredSize(new Dimension(320, 10));
    return column;
  }

  /** RITM's {@code _change_brs_mode}: a BRS type with the network clicks at "all" starts from RITM's 8. */
  private void brsModeChanged() {
    if (syncing) {
      return;
    }
    if (brsMode.getSelectedItem() != BrsMode.NO_BRS && (Integer) netClicks.getValue() == 0) {
      syncing = true;
      netClicks.setValue(8);
      syncing = false;
    }
    settingsChanged();
  }

  /**
   * Hands the controls' values to the controller; a setting it refuses (a BRS type the model cannot run) is
   * reported and the controls return to the settings in use.
   */
  private void settingsChanged() {
    if (syncing) {
      return;
    }
    try {
      int limit = (Integer) netClicks.getValue();
      PredictorSettings.ZoomIn zoom = new PredictorSettings.ZoomIn(useZoomIn.isSelected(),
          (Integer) skipClicks.getValue(), (Integer) targetSize.getValue(),
          ((Number) expandRatio.getValue()).doubleValue(), fixedCrop.isSelected());
      BrsMode before = controller.predictorSettings().brsMode();
      controller.setPredictorSettings(new PredictorSettings(zoom,
          limit == 0 ? OptionalInt.empty() : OptionalInt.of(limit), (BrsMode) brsMode.getSelectedItem(),
          (Integer) lbfgsIterations.getValue()));
      BrsMode now = controller.predictorSettings().brsMode();
      if (now != before) {
        note = now == BrsMode.NO_BRS ? "NoBRS from the next click"
            : now + " from the next click (slower: it backpropagates through the network)";
      }
      enableBrsControls();
      refresh(false);
    } catch (RuntimeException e) {
      syncFromController();
      showError(e);
    }
  }

  private void syncFromController() {
    syncing = true;
    try {
      PredictorSettings s = controller.predictorSettings();
      useZoomIn.setSelected(s.zoomIn().enabled());
      fixedCrop.setSelected(s.zoomIn().fixedCrop());
      skipClicks.setValue(s.zoomIn().skipClicks());
      targetSize.setValue(s.zoomIn().targetSize());
      expandRatio.setValue(s.zoomIn().expansionRatio());
      brsMode.setSelectedItem(s.brsMode());
      netClicks.setValue(s.netClicksLimit().orElse(0));
      lbfgsIterations.setValue(s.lbfgsMaxIterations());
      threshold.setValue((int) Math.round(controller.threshold() * 100));
      alpha.setValue((int) Math.round(controller.alpha() * 100));
      radius.setValue(controller.clickRadius());
    } finally {
      syncing = false;
    }
    enableBrsControls();
  }

  /** RITM greys the optimiser's setting out with NoBRS (the network clicks stay: iseg's recent-clicks limit). */
  private void enableBrsControls() {
    boolean brs = controller.predictorSettings().brsMode() != BrsMode.NO_BRS;
    lbfgsIterations.setEnabled(brs);
    lbfgsLabel.setEnabled(brs);
  }

  private void bindKeys() {
    bind(KeyStroke.getKeyStroke(KeyEvent.VK_SPACE, 0), "finish", this::finishObject);
    bind(KeyStroke.getKeyStroke(KeyEvent.VK_A, 0), "finish-part", this::finishObjectPartially);
    bind(KeyStroke.getKeyStroke(KeyEvent.VK_Z, java.awt.event.InputEvent.CTRL_DOWN_MASK), "undo", this::undoClick);
    bind(KeyStroke.getKeyStroke(KeyEvent.VK_BACK_SPACE, 0), "undo", this::undoClick);
    bind(KeyStroke.getKeyStroke(KeyEvent.VK_ESCAPE, 0), "reset", this::resetClicks);
  }

  private void bind(KeyStroke key, String name, Runnable action) {
    getInputMap(WHEN_IN_FOCUSED_WINDOW).put(key, name);
    getActionMap().put(name, new AbstractAction() {
      private static final long serialVersionUID = 1L;

      @Override
      public void actionPerformed(ActionEvent e) {
        action.run();
      }
    });
  }

  /**
   * Keeps the window's keys from the controls: only the number fields take the focus (to type numbers), and
   * they ignore a typed space or {@code a} (the key press itself reaches the window's binding).
   */
  private void keepKeysFromControls() {
    for (JComponent c : new JComponent[] {loadMask, saveMask, useZoomIn, fixedCrop, brsMode, threshold, alpha,
        radius}) {
      c.setFocusable(false);
    }
    AbstractAction ignore = new AbstractAction() {
      private static final long serialVersionUID = 1L;

      @Override
      public void actionPerformed(ActionEvent e) {
        // the key belongs to the window's binding
      }
    };
    for (JSpinner spinner : new JSpinner[] {skipClicks, targetSize, expandRatio, netClicks, lbfgsIterations}) {
      for (Component part : spinner.getComponents()) {
        if (part instanceof JButton arrow) {
          arrow.setFocusable(false);
        }
      }
      JComponent field = ((JSpinner.DefaultEditor) spinner.getEditor()).getTextField();
      for (char typed : new char[] {' ', 'a', 'A'}) {
        field.getInputMap(WHEN_FOCUSED).put(KeyStroke.getKeyStroke(typed), IGNORED_KEY);
      }
      field.getActionMap().put(IGNORED_KEY, ignore);
    }
  }

  /** Repaints the overlay and updates buttons and the status line. */
  private void refresh(boolean fit) {
    boolean hasImage = controller.image().isPresent();
    if (hasImage) {
      canvas.setPicture(controller.render(), fit);
    }
    boolean idle = hasImage && !busy;
    finish.setEnabled(idle && controller.hasCurrentObject());
    undo.setEnabled(idle && controller.canUndo());
    reset.setEnabled(idle && controller.hasCurrentObject());
    loadMask.setEnabled(idle);
    saveMask.setEnabled(hasImage);
    updateStatus();
  }

  /** The status line: model, image size, objects, clicks, zoom and the latest note. */
  private void updateStatus() {
    boolean hasImage = controller.image().isPresent();
    StringBuilder text = new StringBuilder();
    if (hasImage) {
      Image image = controller.image().get();
      text.append("model: ").append(controller.modelName())
          .append("  |  ").append(image.width()).append("x").append(image.height())
          .append("  |  objects: ").append(controller.objectCount())
          .append("  |  clicks: ").append(controller.clicks().size());
      if (controller.predictorSettings().brsMode() != BrsMode.NO_BRS) {
        text.append("  |  ").append(controller.predictorSettings().brsMode());
      }
      text
          .append("  |  zoom: ").append(Math.round(canvas.scale() * 100)).append("%");
    } else {
      text.append("no image");
    }
    if (!note.isEmpty()) {
      text.append("  |  ").append(note);
    }
    status.setText(text.toString());
  }

  // ------------------------------------------------------------------------------------------ helpers

  /** True when nothing unsaved would be lost, or the person agrees to lose it. */
  private boolean mayDiscard(String question) {
    if (!controller.hasUnsavedWork()) {
      return true;
    }
    int objects = controller.objectCount() + (controller.hasCurrentObject() ? 1 : 0);
    return confirmation.test(question + " " + objects + (objects == 1 ? " object has" : " objects have")
        + " changes that are not saved; they will be lost.");
  }

  private boolean askWithDialog(String question) {
    if (GraphicsEnvironment.isHeadless() || !isShowing()) {
      return true;
    }
    return JOptionPane.showConfirmDialog(this, question, "iseg annotator", JOptionPane.YES_NO_OPTION,
        JOptionPane.WARNING_MESSAGE) == JOptionPane.YES_OPTION;
  }

  private void guard(Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      showError(e);
    }
  }

  private void showError(Throwable e) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    note = "error: " + message;
    refresh(false);
    if (!GraphicsEnvironment.isHeadless() && isShowing()) {
      JOptionPane.showMessageDialog(this, message, "iseg annotator", JOptionPane.ERROR_MESSAGE);
    }
  }

  private java.util.Optional<Path> chooseFile(boolean save, String what, String... extensions) {
    JFileChooser chooser = new JFileChooser();
    chooser.setFileFilter(new FileNameExtensionFilter(what, extensions));
    if (save) {
      chooser.setSelectedFile(new java.io.File("mask.png"));
    }
    int answer = save ? chooser.showSaveDialog(this) : chooser.showOpenDialog(this);
    if (answer != JFileChooser.APPROVE_OPTION) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(chooser.getSelectedFile().toPath());
  }

  private static JButton button(String text, Runnable action) {
    JButton b = new JButton(text);
    b.setFocusable(false);
    b.addActionListener(e -> action.run());
    return b;
  }

  private static void style(JButton b, int rgb, Runnable action) {
    b.setBackground(new Color(rgb));
    b.setFocusable(false);
    b.setMargin(new Insets(6, 2, 6, 2));
    b.addActionListener(e -> action.run());
  }

  private static JPanel titled(String title, java.awt.LayoutManager layout) {
    JPanel p = new JPanel(layout);
    p.setBorder(BorderFactory.createCompoundBorder(BorderFactory.createTitledBorder(title),
        BorderFactory.createEmptyBorder(2, 4, 4, 4)));
    p.setAlignmentX(Component.LEFT_ALIGNMENT);
    p.setMaximumSize(new Dimension(Integer.MAX_VALUE, p.getPreferredSize().height + 200));
    return p;
  }

  private static void addRow(JPanel panel, int row, Component a, Component b, Component c) {
    GridBagConstraints g = new GridBagConstraints();
    g.gridy = row;
    g.insets = new Insets(1, 2, 1, 2);
    g.anchor = GridBagConstraints.WEST;
    g.gridx = 0;
    g.weightx = 1;
    panel.add(a, g);
    g.gridx = 1;
    g.weightx = 0;
    g.anchor = GridBagConstraints.EAST;
    panel.add(b, g);
    g.gridx = 2;
    g.anchor = GridBagConstraints.WEST;
    panel.add(c, g);
  }

  private static JPanel slider(String title, JSlider slider, int major) {
    JPanel p = titled(title, new BorderLayout());
    slider.setMajorTickSpacing(major);
    slider.setPaintTicks(true);
    slider.setPaintLabels(true);
    slider.setFocusable(false);
    p.add(slider, BorderLayout.CENTER);
    p.setMaximumSize(new Dimension(Integer.MAX_VALUE, 80));
    return p;
  }

  /** Test hook: forwards a consumer of the canvas (for simulated mouse events). */
  void withCanvas(Consumer<ImageCanvas> use) {
    use.accept(canvas);
  }
}
