package org.iseg.api;

/** Argument checks shared by the API's value types; messages name the argument and what was expected. */
final class Checks {
  private Checks() {}

  static void checkSize(int height, int width) {
    if (height <= 0 || width <= 0) {
      throw new IllegalArgumentException(
          "image size must be positive, got height=" + height + " width=" + width);
    }
  }

  static void checkLength(String what, int actual, long expected, int height, int width) {
    if (actual != expected) {
      throw new IllegalArgumentException(
          what + " has " + actual + " values but a " + height + "x" + width + " image needs " + expected);
    }
  }

  /** Fails unless {@code what} (h x w) has the size of {@code reference} (refHeight x refWidth). */
  static void checkSameSize(String what, int height, int width, String reference, int refHeight, int refWidth) {
    if (height != refHeight || width != refWidth) {
      throw new IllegalArgumentException(
          what + " is " + height + "x" + width + " but " + reference + " is " + refHeight + "x" + refWidth
              + " (height x width); resize one of them so they agree");
    }
  }

  static String checkName(String what, String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException(what + " must be a non-empty name");
    }
    return name;
  }

  static <T> T checkNotNull(String what, T value) {
    if (value == null) {
      throw new NullPointerException(what + " must not be null");
    }
    return value;
  }
}
