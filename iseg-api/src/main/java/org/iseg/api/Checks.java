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

  static void checkSameSize(String what, int height, int width, int otherHeight, int otherWidth) {
    if (height != otherHeight || width != otherWidth) {
      throw new IllegalArgumentException(
          what + " is " + otherHeight + "x" + otherWidth + " but the image is " + height + "x" + width
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
