package org.iseg.data.selectors;

import org.iseg.api.Mask;

/** 4-connected components of a mask's object pixels (labels 1..n, 0 elsewhere); iterative, no recursion. */
final class ComponentLabelling {
  private ComponentLabelling() {}

  static int[] label4(Mask mask) {
    int h = mask.height();
    int w = mask.width();
    int[] labels = new int[h * w];
    int[] queue = new int[h * w];
    int next = 0;
    for (int start = 0; start < labels.length; start++) {
      if (labels[start] != 0 || mask.labelAt(start) != Mask.OBJECT) {
        continue;
      }
      next++;
      int head = 0;
      int tail = 0;
      queue[tail++] = start;
      labels[start] = next;
      while (head < tail) {
        int p = queue[head++];
        int r = p / w;
        int c = p - r * w;
        if (r > 0) {
          tail = visit(mask, labels, queue, tail, p - w, next);
        }
        if (r < h - 1) {
          tail = visit(mask, labels, queue, tail, p + w, next);
        }
        if (c > 0) {
          tail = visit(mask, labels, queue, tail, p - 1, next);
        }
        if (c < w - 1) {
          tail = visit(mask, labels, queue, tail, p + 1, next);
        }
      }
    }
    return labels;
  }

  static int count(int[] labels) {
    int max = 0;
    for (int v : labels) {
      max = Math.max(max, v);
    }
    return max;
  }

  private static int visit(Mask mask, int[] labels, int[] queue, int tail, int q, int label) {
    if (labels[q] == 0 && mask.labelAt(q) == Mask.OBJECT) {
      labels[q] = label;
      queue[tail++] = q;
    }
    return tail;
  }
}
