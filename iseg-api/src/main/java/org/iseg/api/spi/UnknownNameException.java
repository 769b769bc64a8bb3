package org.iseg.api.spi;

import java.util.List;

/** A plug-in name that no provider on the class path answers to; the message lists the names that exist. */
public final class UnknownNameException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String kind;
  private final String name;
  private final List<String> available;

  public UnknownNameException(String kind, String name, List<String> available) {
    super("unknown " + kind + " '" + name + "'; available: "
        + (available.isEmpty() ? "(none on the class path)" : String.join(", ", available)));
    this.kind = kind;
    this.name = name;
    this.available = List.copyOf(available);
  }

  public String kind() {
    return kind;
  }

  public String name() {
    return name;
  }

  public List<String> available() {
    return available;
  }
}
