package org.iseg.api.spi;

/**
 * A plug-in found with {@link java.util.ServiceLoader} and looked up by {@link #name()} through a
 * {@link Registry}. Add one by listing the class in {@code META-INF/services/<interface name>} of a jar.
 */
public interface NamedProvider {
  /** The unique lower-case name users type, for example {@code "ritm"} or {@code "hrnet18s"}. */
  String name();

  /** One line saying what it is, shown when a user lists the available names. */
  default String description() {
    return "";
  }
}
