package org.iseg.examples.annotator;

import java.awt.Color;
import java.awt.Cursor;
import java.awt.Dimension;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.Point;
import java.awt.RenderingHints;
import java.awt.event.MouseAdapter;
import java.awt.event.MouseEvent;
import java.awt.event.MouseWheelEvent;
import java.awt.image.BufferedImage;
import java.util.Optional;
import javax.swing.JComponent;
import javax.swing.SwingUtilities;

/**
 * Shows the overlay with zoom and pan and turns mouse clicks into image pixels: left click positive, right
 * click negative, wheel zoom around the pointer, right- or middle-drag pan.
 */
final class ImageCanvas extends JComponent {
  private static final long serialVersionUID = 1L;
  /** A press that moves less than this (screen pixels) before release is a click, not a drag. */
  private static final int DRAG_SLOP = 4;

  /** Receives clicks in image coordinates. */
  interface ClickListener {
    void clicked(int row, int col, boolean positive);
  }

  private transient BufferedImage picture;
  private transient ClickListener listener = (r, c, p) -> {};
  private transient Runnable viewListener = () -> {};
  private double scale = 1;
  private double offsetX;
  private double offsetY;
  private Point pressed;
  private Point lastDrag;
  private boolean dragging;

  ImageCanvas() {
    setPreferredSize(new Dimension(640, 480));
    setBackground(new Color(0x30, 0x30, 0x30));
    setOpaque(true);
    setCursor(Cursor.getPredefinedCursor(Cursor.CROSSHAIR_CURSOR));
    MouseAdapter mouse = new MouseAdapter() {
      @Override
      public void mousePressed(MouseEvent e) {
        pressed = e.getPoint();
        lastDrag = e.getPoint();
        dragging = false;
      }

      @Override
      public void mouseDragged(MouseEvent e) {
        if (pressed == null || SwingUtilities.isLeftMouseButton(e)) {
          return;
        }
        if (!dragging && pressed.distance(e.getPoint()) >= DRAG_SLOP) {
          dragging = true;
        }
        if (dragging) {
          pan(e.getX() - lastDrag.x, e.getY() - lastDrag.y);
          lastDrag = e.getPoint();
        }
      }

      @Override
      public void mouseReleased(MouseEvent e) {
        boolean wasDrag = dragging;
        dragging = false;
        pressed = null;
        if (wasDrag || SwingUtilities.isMiddleMouseButton(e)) {
          return;
        }
        boolean positive = SwingUtilities.isLeftMouseButton(e);
        if (!positive && !SwingUtilities.isRightMouseButton(e)) {
          return;
        }
        toImage(e.getX(), e.getY()).ifPresent(p -> listener.clicked(p.y, p.x, positive));
      }

      @Override
      public void mouseWheelMoved(MouseWheelEvent e) {
        zoomAt(e.getX(), e.getY(), Math.pow(1.25, -e.getPreciseWheelRotation()));
      }
    };
    addMouseListener(mouse);
    addMouseMotionListener(mouse);
    addMouseWheelListener(mouse);
  }

  void setClickListener(ClickListener l) {
    this.listener = l;
  }

  /** Told after every change of the zoom (wheel, buttons, fit), e.g. to show the new zoom factor. */
  void setViewListener(Runnable l) {
    this.viewListener = l;
  }

  /** Replaces the shown picture; {@code fit} also resets zoom and pan to show the whole image. */
  void setPicture(BufferedImage newPicture, boolean fit) {
    this.picture = newPicture;
    if (fit) {
      fitToWindow();
    }
    repaint();
  }

  double scale() {
    return scale;
  }

  void fitToWindow() {
    if (picture == null) {
      return;
    }
    int w = getWidth() > 0 ? getWidth() : getPreferredSize().width;
    int h = getHeight() > 0 ? getHeight() : getPreferredSize().height;
    scale = Math.min((double) w / picture.getWidth(), (double) h / picture.getHeight());
    offsetX = (w - picture.getWidth() * scale) / 2;
    offsetY = (h - picture.getHeight() * scale) / 2;
    repaint();
    viewListener.run();
  }

  /** Zooms by {@code factor} keeping the image point under (x, y) in place; scale stays in [0.05, 40]. */
  void zoomAt(int x, int y, double factor) {
    double newScale = Math.max(0.05, Math.min(40, scale * factor));
    double ix = (x - offsetX) / scale;
    double iy = (y - offsetY) / scale;
    scale = newScale;
    offsetX = x - ix * scale;
    offsetY = y - iy * scale;
    repaint();
    viewListener.run();
  }

  void pan(int dx, int dy) {
    offsetX += dx;
    offsetY += dy;
    repaint();
  }

  /** The image pixel (x = col, y = row) under a screen point, if it lies on the image. */
  Optional<Point> toImage(int x, int y) {
    if (picture == null) {
      return Optional.empty();
    }
    int col = (int) Math.floor((x - offsetX) / scale);
    int row = (int) Math.floor((y - offsetY) / scale);
    if (col < 0 || row < 0 || col >= picture.getWidth() || row >= picture.getHeight()) {
      return Optional.empty();
    }
    return Optional.of(new Point(col, row));
  }

  /** The screen point at the centre of image pixel (row, col). */
  Point toScreen(int row, int col) {
    return new Point((int) Math.floor(offsetX + (col + 0.5) * scale), (int) Math.floor(offsetY + (row + 0.5) * scale));
  }

  @Override
  protected void paintComponent(Graphics g) {
    Graphics2D g2 = (Graphics2D) g.create();
    try {
      g2.setColor(getBackground());
      g2.fillRect(0, 0, getWidth(), getHeight());
      if (picture == null) {
        g2.setColor(Color.LIGHT_GRAY);
        g2.drawString("Load an image to start (left click: positive, right click: negative)", 20, 30);
        return;
      }
      // Nearest neighbour when magnified, so pixels and click disks stay crisp.
      g2.setRenderingHint(RenderingHints.KEY_INTERPOLATION, scale >= 1
          ? RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR : RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g2.translate(offsetX, offsetY);
      g2.scale(scale, scale);
      g2.drawImage(picture, 0, 0, null);
    } finally {
      g2.dispose();
    }
  }
}
