package org.iseg.api.spi;

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
    // Registry.of rejects a null or blank name, naming the provider class
    this.name = name;
    this.description = description == null ? "" : description;
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
