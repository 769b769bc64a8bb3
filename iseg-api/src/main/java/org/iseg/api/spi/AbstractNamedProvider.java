package org.iseg.api.spi;

import java.util.Objects;

/**
 * A provider whose name and description are fixed when it is built, so that a plug-in class states them once
 * in its (no-argument, as {@link java.util.ServiceLoader} needs) constructor:
 *
 * <pre>{@code
 * public final class Ritm extends AbstractNamedProvider implements RobotProvider {
 *   public Ritm() {
 *     super("ritm", "RITM's evaluation clicker");
 *   }
 *
 *   public ClickingRobot create(RobotConfig config) { ... }
 * }
 * }</pre>
 */
public abstract class AbstractNamedProvider implements NamedProvider {
  private final String name;
  private final String description;

  protected AbstractNamedProvider(String name, String description) {
    this.name = Objects.requireNonNull(name, "name");
    this.description = Objects.requireNonNull(description, "description");
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final String description() {
    return description;
  }
}
